import { facts } from '../src/facts/index.js';
import { defineRule } from '../src/engine/rule.js';
import type { ContainerState, PodStatus } from '../src/facts/live/pod-status.js';
import { WORKLOAD_KINDS } from '../src/model/workload.js';

/** What the kubelet's status shows of a proxy that does not serve: waiting, ended, or failing its readiness after restarts. */
function failing(proxy: ContainerState): boolean {
  if (proxy.ready) return false;
  if (proxy.state === 'waiting' || proxy.state === 'terminated') return true;
  return proxy.state === 'running' && proxy.restartCount > 0;
}

function describe(status: PodStatus, proxy: ContainerState): string {
  const parts = [proxy.reason ?? (proxy.state === 'running' ? 'running but not ready' : proxy.state)];
  if (proxy.restartCount > 0) parts.push(`${proxy.restartCount} restarts`);
  if (proxy.lastReason) parts.push(`last exit ${proxy.lastReason}`);
  return `${status.pod.name} (${parts.join(', ')})`;
}

export default defineRule({
  meta: {
    id: 'istio-proxy-not-ready',
    cause: 3,
    severity: 'error',
    description: "A live Pod's istio-proxy container is not ready: crash-looping, waiting, or failing readiness after restarts (cluster dumps with Pod status).",
    why:
      "With the sidecar injected, every connection to and from the pod goes through istio-proxy. While it is not ready, the pod is not ready either: the EndpointSlice marks its address not ready, so its per-pod DNS name disappears from a headless Service (unless it publishes not-ready addresses), and where the address is still published, connections through the proxy fail. A StatefulSet's peers that address the pod by name cannot reach it.",
    diagnose: [
      'kubectl -n <ns> get pod <pod> -o jsonpath="{.status.containerStatuses[?(@.name==\'istio-proxy\')]}"',
      'kubectl -n <ns> logs <pod> -c istio-proxy --previous',
      'istioctl proxy-status',
    ],
    fix: "Read the proxy's last log (--previous) and its last exit reason: OOMKilled asks for a higher sidecar.istio.io/proxyMemoryLimit; a proxy that cannot reach istiod on 15012 points at NetworkPolicies or DNS; a startup failure after an upgrade points at an injector/istiod version mismatch (restart the pod to re-inject).",
    sources: [
      'https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#container-states',
      'https://kubernetes.io/docs/concepts/services-networking/endpoint-slices/#conditions',
      'https://istio.io/latest/docs/ops/common-problems/injection/',
      'https://istio.io/latest/docs/reference/config/annotations/#SidecarProxyMemoryLimit',
    ],
    messages: {
      notReady: "istio-proxy is not ready in {{count}} of {{total}} pods of {{workload}}: {{pods}}. Traffic through the sidecar of those pods fails, and they drop out of their Services' ready endpoints.",
    },
    fixes: {
      readProxyLog: 'Read `kubectl -n {{namespace}} logs {{pod}} -c istio-proxy --previous` and fix what it reports; then restart the pod.',
    },
    // Which pods and their restart counts change from one dump to the next; the workload identifies it.
    volatileData: ['count', 'total', 'pods', 'pod'],
    uses: [facts.livePods],
    requires: [WORKLOAD_KINDS],
  },
  check({ model, use, report }) {
    for (const workload of model.workloads) {
      const statuses = use(facts.livePods).of(workload).filter((s) => s.phase !== 'Succeeded' && s.phase !== 'Failed' && s.pod.metadata.deletionTimestamp === undefined);
      const bad = statuses.flatMap((s) => (s.proxy && failing(s.proxy) ? [{ status: s, proxy: s.proxy }] : []));
      if (bad.length === 0) continue;
      const first = bad[0] as { status: PodStatus; proxy: ContainerState };
      report({
        resource: workload.resource,
        path: ['metadata', 'name'],
        messageId: 'notReady',
        data: { workload: workload.display, count: String(bad.length), total: String(statuses.length), pods: bad.map((b) => describe(b.status, b.proxy)).join(', '), namespace: workload.namespace, pod: first.status.pod.name },
        fixId: 'readProxyLog',
        related: bad.map((b) => ({ resource: b.status.pod, path: b.proxy.path, message: `the status of ${b.status.pod.display}'s istio-proxy` })),
      });
    }
  },
});
