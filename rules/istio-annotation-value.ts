import { defineRule } from '../src/engine/rule.js';
import { appliesTo, isIstioKey, istioAnnotations, istioLabels, type IstioKey } from '../src/knowledge/istio-catalogue.js';
import { describeKind, valueProblem } from '../src/knowledge/istio-value-kinds.js';
import { WORKLOAD_KINDS, type Workload } from '../src/model/workload.js';

export default defineRule({
  meta: {
    id: 'istio-annotation-value',
    cause: 'beyond',
    severity: 'error',
    description: 'An Istio annotation or label on a pod template whose value Istio cannot parse: the injector refuses the pod, or ignores the value and applies the default.',
    why:
      'For the pod annotations it validates (the traffic.sidecar.istio.io port and CIDR lists, sidecar.istio.io/interceptionMode, the proxy CPU and memory settings, the status port, the readiness settings, proxy.istio.io/config), Istio\'s injection webhook refuses a pod whose value does not parse, with "invalid value ... for annotation ...": no pod is created. A Deployment\'s ReplicaSet keeps failing; a StatefulSet stops at the first replica it cannot create and, with the default OrderedReady policy, never gets further, so the ensemble never forms. Istio splits the CIDR lists on commas without trimming, so "10.0.0.0/8, 172.16.0.0/12" is refused. For sidecar.istio.io/inject and rewriteAppHTTPProbers Istio ignores a value it cannot read and applies the default instead (a warning): the pod gets, or does not get, what the namespace or mesh decides.',
    diagnose: [
      'kubectl -n <ns> describe statefulset <name>   # events: admission webhook "...sidecar-injector.istio.io" denied the request: ... invalid value',
      'kubectl -n <ns> get events --field-selector reason=FailedCreate',
      'istioctl analyze -n <ns>   # IST0125 InvalidAnnotation',
    ],
    fix: 'Give the value the kind Istio parses: ports and CIDRs separated by commas without spaces, true or false, one of the listed modes, a Kubernetes quantity for CPU and memory, a YAML mapping for proxy.istio.io/config.',
    sources: [
      'https://istio.io/latest/docs/reference/config/annotations/',
      'istio/istio pkg/kube/inject/validate.go at 86c9f01fd73 (AnnotationValidation: the keys validated and how each is parsed)',
      'istio/istio pkg/kube/inject/inject.go at 86c9f01fd73 (RunTemplate calls validateAnnotations; the webhook answers the error with a denied admission response)',
      'istio/istio pkg/kube/inject/inject.go injectRequired (sidecar.istio.io/inject) and app_probe.go ShouldRewriteAppHTTPProbers (strconv.ParseBool, else the mesh setting)',
      'https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#pod-management-policies (OrderedReady: a replica that cannot be created stops the ones after it)',
      'istio/istio pkg/config/analysis/analyzers/annotations/annotations.go (istioctl analyze IST0125 InvalidAnnotation, on Deployments and Pods only)',
    ],
    messages: {
      valueRejected:
        'Annotation {{key}} on the pod template of {{workload}}: {{problem}} (Istio expects {{expected}}). Wherever the pod is injected, Istio\'s injector refuses the pod ("invalid value for annotation"), so it is never created; a StatefulSet stops at that replica.',
      valueIgnored: '{{key}} on the pod template of {{workload}}: {{problem}} (Istio expects {{expected}}). Istio ignores the value and applies the default instead.',
    },
    fixes: {
      fixValue: 'Write {{expected}}.',
    },
    requires: [WORKLOAD_KINDS],
    trace: { hops: ['mesh'] },
  },
  check({ model, report }) {
    const annotations = istioAnnotations();
    const labels = istioLabels();
    const check = (workload: Workload, where: 'annotations' | 'labels', known: IstioKey, value: string) => {
      if (!known.value || !known.invalid || known.internal || !appliesTo(known, 'Pod')) return;
      const problem = valueProblem(known.value, value);
      if (!problem) return;
      const expected = describeKind(known.value);
      report({
        resource: workload.resource,
        path: workload.metadataPath(where, known.key),
        severity: known.invalid === 'reject' ? undefined : 'warning',
        messageId: known.invalid === 'reject' ? 'valueRejected' : 'valueIgnored',
        data: { key: known.key, workload: workload.display, value, problem, expected },
        fixId: 'fixValue',
      });
    };
    for (const workload of model.workloads) {
      for (const [key, value] of Object.entries(workload.annotations)) {
        const known = isIstioKey(key) ? annotations.keys.find((a) => a.key === key) : undefined;
        if (known) check(workload, 'annotations', known, value);
      }
      for (const [key, value] of Object.entries(workload.labels)) {
        const known = isIstioKey(key) ? labels.keys.find((l) => l.key === key) : undefined;
        if (known) check(workload, 'labels', known, value);
      }
    }
  },
});
