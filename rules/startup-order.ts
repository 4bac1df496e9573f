import { facts } from '../src/facts/index.js';
import { defineRule } from '../src/engine/rule.js';
import type { DnsReference } from '../src/facts/calls/callers.js';
import { servicePorts } from '../src/facts/headless/service-ports.js';
import { outboundBypass } from '../src/facts/transport/inbound-capture.js';
import { describeMtls } from '../src/facts/transport/mtls.js';
import { asObj, asString } from '../src/load/resource.js';
import type { Model } from '../src/model/model.js';
import { WORKLOAD_KINDS, type Container, type Workload } from '../src/model/workload.js';

/** The proxy's user: istio-iptables lets its traffic out uncaptured. */
const PROXY_UID = 1337;

/** The pods' traffic is redirected by istio-cni: its validation init container, its node DaemonSet, or the install asks for it. */
function usesIstioCni(model: Model, workload: Workload): boolean {
  if (workload.containers(true).some((c) => c.init && c.name === 'istio-validation')) return true;
  if (model.ofKind('DaemonSet').some((d) => d.name === 'istio-cni-node')) return true;
  return model.ofKind('IstioOperator').some((op) => asObj(asObj(asObj(op.spec.components)?.cni))?.enabled === true);
}

function containerAt(workload: Workload, ref: DnsReference): Container | undefined {
  if (ref.resource !== workload.resource) return undefined;
  return workload.containers(true).find((c) => c.init && c.path.every((s, i) => ref.path[i] === s));
}

function runsAsProxy(workload: Workload, container: Container): boolean {
  const uid = asObj(container.container.securityContext)?.runAsUser ?? asObj(workload.podSpec.securityContext)?.runAsUser;
  return uid === PROXY_UID;
}

export default defineRule({
  meta: {
    id: 'startup-order',
    cause: 'beyond',
    severity: 'error',
    description: 'A pod dials a cluster name before its proxy runs: an init container ahead of a proxy that is not a native sidecar, or a run-once pod that starts before its proxy is ready.',
    why:
      'A sidecar that is not a Kubernetes native sidecar starts with the application containers, after every init container. Without istio-cni the injector moves istio-init last among the init containers (reorderPod in istio/istio pkg/kube/inject/webhook.go), so an init container that waits for its peers or a database connects before any redirection, in plaintext: a server whose sidecar is STRICT resets it, and the pod never leaves Init. With istio-cni the redirection exists before the first init container runs (istio-validation only checks it), so the init container\'s connections go to a proxy that does not run yet and fail. A native sidecar (the default from Istio 1.27 where Kubernetes supports it) starts before the other init containers and removes both. An application container that dials out at start races its proxy unless holdApplicationUntilProxyStarts holds it back; most clustered systems retry, but a pod with restartPolicy Never (a Job\'s schema migration, an ensemble bootstrap) fails for good on its first refused connection.',
    diagnose: [
      'kubectl -n <ns> get pod <pod> -o jsonpath="{.status.initContainerStatuses}"',
      'kubectl -n <ns> logs <pod> -c <init-container>',
      'kubectl -n <ns> describe pod <pod>',
    ],
    fix: 'Run the proxy as a native sidecar (sidecar.istio.io/nativeSidecar: "true", or ENABLE_NATIVE_SIDECARS on istiod), or run the init container as UID 1337 or exclude its port (traffic.sidecar.istio.io/excludeOutboundPorts); hold run-once pods until the proxy is ready (proxy.istio.io/config: holdApplicationUntilProxyStarts: true).',
    sources: [
      'https://istio.io/latest/docs/setup/additional-setup/cni/#compatibility-with-application-init-containers',
      'istio/istio pkg/kube/inject/webhook.go reorderPod (istio-init last without native sidecars, proxy first with them)',
      'https://istio.io/latest/docs/ops/common-problems/injection/#pod-or-containers-start-with-network-issues-if-istio-proxy-is-not-ready',
      'https://istio.io/latest/blog/2023/native-sidecars/',
      'https://istio.io/latest/docs/reference/config/istio.mesh.v1alpha1/#ProxyConfig (holdApplicationUntilProxyStarts)',
    ],
    messages: {
      initWithCni:
        'Init container {{container}} of {{workload}} dials {{name}}, but with istio-cni the pod\'s traffic is redirected before any init container runs, to a proxy that is not a native sidecar and does not run yet: the connection fails and the pod never leaves Init.',
      initPlaintextToStrict:
        'Init container {{container}} of {{workload}} dials {{name}} before istio-init sets up the redirection (the injector runs istio-init last when the proxy is not a native sidecar), so it connects in plaintext, and {{server}} is {{mtls}}: the connection is reset and the pod never leaves Init.',
      runOnceBeforeProxy:
        '{{workload}} runs once (restartPolicy {{policy}}) and dials {{name}} at start, but its proxy is not a native sidecar and holdApplicationUntilProxyStarts is off: a connection made before the proxy is ready is refused, and the pod is not restarted.',
    },
    fixes: {
      nativeSidecar: 'Run the proxy as a native sidecar (annotation sidecar.istio.io/nativeSidecar: "true" on the pod template), or run {{container}} as UID 1337.',
      holdApplication: 'Hold the application until the proxy is ready: annotation proxy.istio.io/config: "holdApplicationUntilProxyStarts: true" on the pod template.',
    },
    volatileData: ['server', 'mtls'],
    uses: [facts.injection, facts.callers, facts.proxySettings, facts.istioVersion, facts.mtls],
    requires: [WORKLOAD_KINDS],
    trace: { hops: ['mesh'] },
  },
  check({ model, use, report }) {
    const version = use(facts.istioVersion);
    const mtls = use(facts.mtls);
    for (const workload of model.workloads) {
      if (use(facts.injection).of(workload).injected !== true) continue;
      const refs = use(facts.callers).from(workload);
      if (refs.length === 0) continue;
      const settings = use(facts.proxySettings).of(workload);
      // A native sidecar runs before the init containers and is ready before the application
      // starts. Asked only for a pod this rule would judge, so other runs do not depend on the release.
      const native = () => settings.nativeSidecar?.value ?? version.behaviour('native-sidecars').value === 'auto';
      const policy = asString(workload.podSpec.restartPolicy);
      const runOnce = policy === 'Never' && settings.holdApplicationUntilProxyStarts?.value !== true;
      const reported = new Set<string>();
      for (const ref of refs) {
        const container = containerAt(workload, ref);
        if (!container && !runOnce) continue;
        if (native()) break;
        const port = ref.port ?? (ref.service && servicePorts(ref.service).length === 1 ? servicePorts(ref.service)[0]?.port : undefined);
        if (port !== undefined && outboundBypass(settings, port)) continue;
        if (container) {
          if (runsAsProxy(workload, container) || reported.has(container.name)) continue;
          const data = { container: container.name, workload: workload.display, name: ref.name };
          if (usesIstioCni(model, workload)) {
            reported.add(container.name);
            report({ resource: ref.resource, path: ref.path, located: ref.located, messageId: 'initWithCni', data, fixId: 'nativeSidecar' });
            continue;
          }
          const strict = ref.service ? model.selectedBy(ref.service).map((server) => ({ server, mode: mtls.modeOf(server, port) })).find((s) => s.mode.mode === 'STRICT') : undefined;
          if (!strict) continue;
          reported.add(container.name);
          report({
            resource: ref.resource,
            path: ref.path,
            located: ref.located,
            messageId: 'initPlaintextToStrict',
            data: { ...data, server: strict.server.display, mtls: describeMtls(strict.mode) },
            fixId: 'nativeSidecar',
            related: strict.mode.decidedBy ? [{ ...strict.mode.decidedBy, message: `mTLS ${describeMtls(strict.mode)}` }] : [],
          });
          continue;
        }
        if (reported.has('')) continue;
        reported.add('');
        report({ resource: ref.resource, path: ref.path, located: ref.located, messageId: 'runOnceBeforeProxy', severity: 'warning', data: { workload: workload.display, name: ref.name, policy: 'Never' }, fixId: 'holdApplication' });
      }
    }
  },
});
