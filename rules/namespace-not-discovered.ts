import { facts } from '../src/facts/index.js';
import { defineRule } from '../src/engine/rule.js';
import type { Target } from '../src/engine/types.js';
import { discovered } from '../src/facts/mesh/discovery.js';
import { meshConfigFor, type MeshConfig } from '../src/facts/mesh/mesh-config.js';
import { describeSelector } from '../src/model/selector.js';

export default defineRule({
  meta: {
    id: 'namespace-not-discovered',
    cause: 4,
    severity: 'error',
    description: 'Mesh config discoverySelectors exclude the namespace of a headless Service or of its callers.',
    why:
      'istiod only watches namespaces matched by meshConfig.discoverySelectors. A headless Service in an excluded namespace is missing from the registry, so callers get no per-pod listeners and their traffic leaves as passthrough, without mTLS (reset by a STRICT server, blackholed under REGISTRY_ONLY). In an excluded caller namespace istiod ignores the workloads and Istio configuration, so the caller is not part of the mesh even with a sidecar. Namespaces absent from the input are judged on their automatic kubernetes.io/metadata.name label alone, so they yield a warning unless a selector rejects their name.',
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
    uses: [facts.headless, facts.headlessPeers, facts.injection, facts.meshConfigs],
    requires: ['Service'],
    trace: { judgedByHop: true },
  },
  check({ model, use, report }) {
    if (!use(facts.meshConfigs).all.some((m) => m.discoverySelectors && m.discoverySelectors.length > 0)) return;
    const done = new Set<string>();
    for (const service of model.services.filter(use(facts.headless).isHeadless)) {
      const peers = use(facts.headlessPeers).of(service);
      const participants = [...peers.backing.map((w) => ({ w, calls: false })), ...peers.callers.map((c) => ({ w: c.workload, calls: true }))];
      for (const { w, calls } of participants) {
        const verdict = use(facts.injection).of(w);
        if (verdict.injected === false) continue;
        // The istiod that configures this proxy must see both the Service and the proxy's own namespace.
        const config = meshConfigFor(use(facts.meshConfigs).all, verdict.revision);
        if (!config?.discoverySelectors || config.discoverySelectors.length === 0) continue;
        const wanted: { ns: string; target: Target; role: string; effect: string }[] = [
          {
            ns: service.namespace,
            target: { resource: service, path: ['metadata', 'namespace'] },
            role: `holds headless ${service.display}`,
            effect: 'its Service and endpoints are missing from the registry, so callers get no listeners for it and their traffic falls back to passthrough without mTLS',
          },
        ];
        if (calls) {
          wanted.push({
            ns: w.namespace,
            target: { resource: w.resource, path: ['metadata', 'namespace'] },
            role: `holds ${w.display}, which calls ${service.display}`,
            effect: 'its workloads and Istio configuration are ignored, so the caller is not part of the mesh even with a sidecar',
          });
        }
        for (const want of wanted) {
          const key = `${config.origin}\u0000${want.ns}`;
          if (done.has(key)) continue;
          const ns = model.namespace(want.ns);
          const result = discovered(config.discoverySelectors, ns);
          if (result === 'yes') continue;
          done.add(key);
          const target: Target = ns.resource ? { resource: ns.resource, path: ['metadata', 'labels'] } : want.target;
          report({
            ...target,
            severity: result === 'maybe' ? 'warning' : undefined,
            message: `Namespace ${want.ns} ${want.role}, but ${describe(config)} ${result === 'maybe' ? 'may not match it (the namespace is not in the input; only its kubernetes.io/metadata.name label is known)' : 'does not match its labels'}, so ${result === 'maybe' ? 'if it does not, ' : ''}istiod ignores the namespace: ${want.effect}.`,
            fix: `Add a label to namespace ${want.ns} that a discoverySelector matches, or extend discoverySelectors.`,
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
