import { facts } from '../src/facts/index.js';
import { defineRule } from '../src/engine/rule.js';
import { exportedTo, exportToOf } from '../src/facts/mesh/export-to.js';

export default defineRule({
  meta: {
    id: 'service-not-exported',
    cause: 4,
    severity: 'error',
    description: 'networking.istio.io/exportTo (or mesh defaultServiceExportTo) hides a headless Service from a namespace whose workloads call it.',
    why:
      'istiod gives a proxy only the Services exported to its namespace. The Service annotation networking.istio.io/exportTo (comma-separated: * everywhere, . its own namespace, ~ nowhere, or namespace names), or else meshConfig.defaultServiceExportTo, decides. A caller outside that set has no listener for the headless Service: its calls leave as passthrough without mTLS (reset by a STRICT server) or are blackholed under REGISTRY_ONLY. Callers without a sidecar are not affected and not reported; a caller whose sidecar is not certain (its namespace is not in the input) yields a warning.',
    diagnose: [
      'kubectl -n <ns> get service <svc> -o jsonpath="{.metadata.annotations.networking\\.istio\\.io/exportTo}"',
      'istioctl proxy-config cluster <caller-pod>.<caller-ns> | grep <svc>',
    ],
    fix: 'Add the caller namespace to the exportTo annotation (or use "*"), or change meshConfig.defaultServiceExportTo.',
    sources: [
      'istio/istio pilot/pkg/serviceregistry/kube/conversion.go (exportTo annotation)',
      'istio/istio pkg/config/mesh/mesh.go (defaultServiceExportTo default *)',
      'https://istio.io/latest/docs/ops/configuration/mesh/configuration-scoping/',
    ],
    messages: {
      notExported:
        '{{service}} is exported only to [{{exportTo}}] ({{origin}}), which leaves out namespace {{namespace}}, where {{caller}} calls it; that proxy gets no listener for it, so the calls bypass the mesh (reset under STRICT, blackholed under REGISTRY_ONLY).',
    },
    fixes: {
      addNamespace: 'Add {{namespace}} to {{origin}}, or export it to "*".',
    },
    // The Service and the namespace left out identify the finding (one per namespace). The caller is
    // the first met in that namespace; the exportTo list may change and still leave it out; where the
    // list is written is the finding's own resource and field.
    volatileData: ['caller', 'exportTo', 'origin'],
    uses: [facts.headless, facts.headlessPeers, facts.injection, facts.meshConfigs],
    requires: ['Service'],
    trace: { judgedByHop: true },
  },
  check({ model, use, report }) {
    for (const service of model.services.filter(use(facts.headless).isHeadless)) {
      const exportTo = exportToOf(service, use(facts.meshConfigs).all);
      if (!exportTo) continue;
      const reported = new Set<string>();
      const peers = use(facts.headlessPeers).of(service);
      // Callers surely in the mesh first, so that a namespace's finding is as certain as it can be.
      const sure = (c: (typeof peers.callers)[number]) => (use(facts.injection).of(c.workload).injected === true && use(facts.injection).of(c.workload).certain ? 0 : 1);
      const callers = [...peers.callers, ...peers.selfCallers].sort((a, b) => sure(a) - sure(b));
      for (const { workload, references } of callers) {
        const verdict = use(facts.injection).of(workload);
        if (verdict.injected === false) continue;
        // Without certainty that the caller has a sidecar, the scoping may not matter to it.
        const severity = verdict.injected === true && verdict.certain ? undefined : 'warning';
        if (reported.has(workload.namespace) || exportedTo(exportTo.values, service.namespace, workload.namespace)) continue;
        reported.add(workload.namespace);
        const first = references[0];
        report({
          severity,
          resource: exportTo.resource,
          path: exportTo.path,
          located: exportTo.located,
          messageId: 'notExported',
          data: { service: service.display, exportTo: exportTo.values.join(', '), origin: exportTo.origin, namespace: workload.namespace, caller: workload.display },
          fixId: 'addNamespace',
          related: first ? [{ resource: first.resource, located: first.located, message: `${workload.display} calls ${first.name}` }] : [],
        });
      }
    }
  },
});
