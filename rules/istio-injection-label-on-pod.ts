import { WORKLOAD_KINDS } from '../src/model/workload.js';
import { INJECT_KEY } from '../src/facts/injection/injection.js';
import { templateLabel } from '../src/fix/repairs.js';
import { defineRule } from '../src/engine/rule.js';
import { NS_INJECTION_LABEL } from '../src/facts/injection/injection.js';

export default defineRule({
  meta: {
    id: 'istio-injection-label-on-pod',
    cause: 3,
    severity: 'warning',
    description: 'An istio-injection label on a pod or pod template, where Istio never reads it.',
    why: 'The injector webhook reads istio-injection only from the namespace (its namespaceSelector). On a pod it is an ordinary label: the pod is injected or not according to its namespace and its sidecar.istio.io/inject label, which is usually not what the author meant.',
    diagnose: ['kubectl get namespace <ns> --show-labels', 'kubectl -n <ns> get pod <pod> -o jsonpath="{.spec.containers[*].name}"'],
    fix: 'Use the label sidecar.istio.io/inject: "true" (or "false") on the pod template, or label the namespace istio-injection=enabled.',
    sources: [
      'istio/istio manifests/charts/istio-control/istio-discovery/templates/mutatingwebhook.yaml (istio-injection in namespaceSelector only)',
      'https://istio.io/latest/docs/setup/additional-setup/sidecar-injection/#controlling-the-injection-policy',
    ],
    messages: {
      onPod: '{{workload}} has the label istio-injection={{value}} on its pod, but Istio reads it only on namespaces; use sidecar.istio.io/inject: {{wanted}} here instead.',
      onPodTemplate: '{{workload}} has the label istio-injection={{value}} on its pod template, but Istio reads it only on namespaces; use sidecar.istio.io/inject: {{wanted}} here instead.',
    },
    fixes: {
      useInjectLabel: 'Replace it with sidecar.istio.io/inject: {{wanted}}.',
    },
    fixable: {
      fix: 'istio-injection on a pod is read by nothing; sidecar.istio.io/inject says the same thing where the injector reads it (enabled is "true", disabled is "false"): the pod gets the injection its manifest already asks for, and no other label or pod changes. Offered only for those two values, and when the pod has no sidecar.istio.io/inject label yet.',
    },
    // The label to use instead follows from the value, which identifies the finding.
    volatileData: ['wanted'],
    requires: [WORKLOAD_KINDS],
  },
  check({ model, report }) {
    for (const workload of model.workloads) {
      const value = workload.labels[NS_INJECTION_LABEL];
      if (value === undefined) continue;
      const wanted = value === 'enabled' ? '"true"' : value === 'disabled' ? '"false"' : '"true" or "false"';
      report({
        resource: workload.resource,
        path: workload.metadataPath('labels', NS_INJECTION_LABEL),
        key: true,
        messageId: workload.kind === 'Pod' ? 'onPod' : 'onPodTemplate',
        data: { workload: workload.display, value, wanted },
        fixId: 'useInjectLabel',
        ...(value === 'enabled' || value === 'disabled'
          ? templateLabel(workload.resource, workload.metadataPath('labels', INJECT_KEY), value === 'enabled' ? 'true' : 'false', workload.metadataPath('labels', NS_INJECTION_LABEL))
          : {}),
      });
    }
  },
});
