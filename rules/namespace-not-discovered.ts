import { facts } from '../src/facts/index.js';
import { defineRule } from '../src/engine/rule.js';
import type { Target } from '../src/engine/types.js';
import { discovered } from '../src/facts/mesh/discovery.js';
import { meshConfigFor, type MeshConfig } from '../src/facts/mesh/mesh-config.js';
import { describeSelector } from '../src/model/selector.js';

const NOT_MATCHED = 'discoverySelectors {{selectors}} of {{meshConfig}} does not match its labels, so istiod ignores the namespace';
const MAY_NOT_MATCH =
  'discoverySelectors {{selectors}} of {{meshConfig}} may not match it (the namespace is not in the input; only its kubernetes.io/metadata.name label is known), so if it does not, istiod ignores the namespace';
const SERVICE_EFFECT = 'its Service and endpoints are missing from the registry, so callers get no listeners for it and their traffic falls back to passthrough without mTLS';
const CALLER_EFFECT = 'its workloads and Istio configuration are ignored, so the caller is not part of the mesh even with a sidecar';

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
    messages: {
      serviceNamespaceNotDiscovered: `Namespace {{namespace}} holds headless {{service}}, but ${NOT_MATCHED}: ${SERVICE_EFFECT}.`,
      serviceNamespaceMayNotBeDiscovered: `Namespace {{namespace}} holds headless {{service}}, but ${MAY_NOT_MATCH}: ${SERVICE_EFFECT}.`,
      callerNamespaceNotDiscovered: `Namespace {{namespace}} holds {{caller}}, which calls {{service}}, but ${NOT_MATCHED}: ${CALLER_EFFECT}.`,
      callerNamespaceMayNotBeDiscovered: `Namespace {{namespace}} holds {{caller}}, which calls {{service}}, but ${MAY_NOT_MATCH}: ${CALLER_EFFECT}.`,
    },
    fixes: {
      labelNamespace: 'Add a label to namespace {{namespace}} that a discoverySelector matches, or extend discoverySelectors.',
    },
    // The namespace and the mesh config identify the finding. The Service and caller are the first of
    // the namespace's participants met (one finding per namespace), and the selectors may be edited
    // without the namespace being matched: they describe it.
    volatileData: ['service', 'caller', 'selectors'],
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
        const wanted: { ns: string; target: Target; caller?: string }[] = [{ ns: service.namespace, target: { resource: service, path: ['metadata', 'namespace'] } }];
        if (calls) wanted.push({ ns: w.namespace, target: { resource: w.resource, path: ['metadata', 'namespace'] }, caller: w.display });
        for (const want of wanted) {
          const key = `${config.origin}\u0000${want.ns}`;
          if (done.has(key)) continue;
          const ns = model.namespace(want.ns);
          const result = discovered(config.discoverySelectors, ns);
          if (result === 'yes') continue;
          done.add(key);
          const target: Target = ns.resource ? { resource: ns.resource, path: ['metadata', 'labels'] } : want.target;
          const maybe = result === 'maybe';
          report({
            ...target,
            severity: maybe ? 'warning' : undefined,
            messageId: want.caller ? (maybe ? 'callerNamespaceMayNotBeDiscovered' : 'callerNamespaceNotDiscovered') : maybe ? 'serviceNamespaceMayNotBeDiscovered' : 'serviceNamespaceNotDiscovered',
            data: { namespace: want.ns, service: service.display, ...(want.caller ? { caller: want.caller } : {}), selectors: selectorsOf(config), meshConfig: config.origin },
            fixId: 'labelNamespace',
            related: [{ resource: config.resource, located: config.locate(['discoverySelectors']), message: `discoverySelectors of ${config.origin}` }],
          });
        }
      }
    }
  },
});

/** The selectors as the message shows them: "{mesh=on} or {team=x}". */
function selectorsOf(config: MeshConfig): string {
  return (config.discoverySelectors ?? []).map((sel) => `{${describeSelector(sel)}}`).join(' or ');
}
