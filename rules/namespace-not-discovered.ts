import { defineRule } from '../src/engine/rule.js';
import type { Target } from '../src/engine/types.js';
import { discovered } from '../src/graph/discovery.js';
import { isHeadless } from '../src/graph/graph.js';
import { headlessPeers } from '../src/graph/headless-peers.js';
import type { MeshConfig } from '../src/graph/mesh-config.js';
import { describeSelector } from '../src/graph/selector.js';

export default defineRule({
  meta: {
    id: 'namespace-not-discovered',
    cause: 4,
    severity: 'error',
    description: 'Mesh config discoverySelectors exclude the namespace of a headless Service or of its callers.',
    why:
      'istiod only watches namespaces matched by meshConfig.discoverySelectors. A headless Service in an excluded namespace is missing from the registry, so callers get no per-pod listeners and their traffic leaves as passthrough, without mTLS (reset by a STRICT server, blackholed under REGISTRY_ONLY). An excluded caller namespace is outside the mesh view of istiod. Namespaces absent from the input are judged on their automatic kubernetes.io/metadata.name label alone, so they yield a warning unless a selector rejects their name.',
    diagnose: [
      'kubectl -n istio-system get configmap istio -o jsonpath="{.data.mesh}" | grep -A5 discoverySelectors',
      'kubectl get namespace <ns> --show-labels',
      'istioctl proxy-config cluster <caller-pod>.<ns> | grep <service>',
    ],
    fix: 'Label the namespace so a discoverySelector matches it, or widen meshConfig.discoverySelectors to include it.',
    sources: [
      'https://istio.io/latest/docs/ops/configuration/mesh/configuration-scoping/',
      'https://istio.io/latest/blog/2021/discovery-selectors/',
    ],
    reads: ['Service'],
  },
  check({ graph, report }) {
    const configs = graph.meshConfigs.filter((m) => m.discoverySelectors && m.discoverySelectors.length > 0);
    if (configs.length === 0) return;
    const done = new Set<string>();
    for (const service of graph.services().filter(isHeadless)) {
      const peers = headlessPeers(graph, service);
      const meshed = (w: (typeof peers.backing)[number]) => graph.injection(w).injected !== false;
      // Namespaces that matter: the Service's when anyone involved has a sidecar, and each injected caller's.
      const wanted: { ns: string; target: Target; role: string }[] = [];
      if ([...peers.backing, ...peers.callers.map((c) => c.workload)].some(meshed)) {
        wanted.push({ ns: service.namespace, target: { resource: service, path: ['metadata', 'namespace'] }, role: `holds headless ${service.display}` });
      }
      for (const c of peers.callers) {
        if (meshed(c.workload)) wanted.push({ ns: c.workload.namespace, target: { resource: c.workload.resource, path: ['metadata', 'namespace'] }, role: `holds ${c.workload.display}, which calls ${service.display}` });
      }
      for (const config of configs) {
        for (const w of wanted) {
          const key = `${config.origin}\u0000${w.ns}`;
          if (done.has(key)) continue;
          const ns = graph.namespace(w.ns);
          const verdict = discovered(config.discoverySelectors, ns);
          if (verdict === 'yes') continue;
          done.add(key);
          const target: Target = ns.resource ? { resource: ns.resource, path: ['metadata', 'labels'] } : w.target;
          report({
            ...target,
            severity: verdict === 'maybe' ? 'warning' : undefined,
            message: `Namespace ${w.ns} ${w.role}, but ${describe(config)} ${verdict === 'maybe' ? 'may not match it (the namespace is not in the input; only its kubernetes.io/metadata.name label is known)' : 'does not match its labels'}, so istiod ignores ${verdict === 'maybe' ? 'it if so' : 'it'} and the headless traffic falls back to passthrough without mTLS.`,
            fix: `Add a label to namespace ${w.ns} that a discoverySelector matches, or extend discoverySelectors.`,
            related: [{ resource: config.resource, located: config.locate(['discoverySelectors']), message: `discoverySelectors of ${config.origin}` }],
          });
        }
      }
    }
  },
});

function describe(config: MeshConfig): string {
  const selectors = (config.discoverySelectors ?? []).map((s) => `{${describeSelector(s)}}`).join(' or ');
  return `discoverySelectors ${selectors} of ${config.origin}`;
}
