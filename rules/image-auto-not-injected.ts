import { defineRule } from '../src/engine/rule.js';
import { facts } from '../src/facts/index.js';
import { isLivePod, PROXY_CONTAINER, proxyContainer, STATUS_ANNOTATION } from '../src/facts/injection/sidecar-evidence.js';
import { asString, hasOwn } from '../src/load/resource.js';
import { matches } from '../src/model/selector.js';
import { WORKLOAD_KINDS } from '../src/model/workload.js';

export default defineRule({
  meta: {
    id: 'image-auto-not-injected',
    cause: 3,
    severity: 'error',
    description: 'A pod template leaves `image: auto` on its istio-proxy container for the injector to fill, but no injector will be called for its pods.',
    why:
      'A gateway Deployment (the Istio gateway chart, or one written by hand) names its istio-proxy container with `image: auto`: a placeholder the sidecar injector replaces with the proxy image and configuration when the pod is created. When the injector is not called for the pod (its namespace and labels match no injector webhook, or the injector refuses it: hostNetwork, a system namespace, sidecar.istio.io/inject: "false"), the placeholder stays and the kubelet tries to pull an image called "auto": the pod never starts (ErrImagePull, ImagePullBackOff), and the gateway in front of the headless Service has no replica. A live pod that still shows `image: auto` was created without injection and stays broken until it is recreated.',
    diagnose: [
      'kubectl -n <ns> get pod -l <gateway selector> -o jsonpath="{.items[*].spec.containers[*].image}"',
      'kubectl get namespace <ns> -L istio-injection -L istio.io/rev',
      'istioctl x check-inject -n <ns> <pod>',
      'istioctl analyze (IST0146, IST0147)',
    ],
    fix: 'Let the injector run for the pods: label the pod template sidecar.istio.io/inject: "true" (or istio.io/rev=<revision>) or the namespace istio-injection=enabled, remove the opt-out, then recreate the pods; or name a real proxy image.',
    sources: [
      'https://istio.io/latest/docs/setup/additional-setup/gateway/#deploying-a-gateway (image: auto is filled by injection)',
      'istio/istio manifests/charts/gateway/templates/deployment.yaml (image: auto, label sidecar.istio.io/inject: "true")',
      'istio/istio pkg/config/analysis/analyzers/injection/image-auto.go (istioctl analyze IST0146, IST0147)',
    ],
    messages: {
      notInjected: '{{workload}} sets image: auto on container {{container}}, but its pods get no sidecar: {{reason}}. The placeholder stays, the kubelet cannot pull an image named "auto", and the pods never start.',
      noWebhookSelects:
        '{{workload}} sets image: auto on container {{container}}, but none of the injector webhooks of the input selects its pods (namespace {{namespace}} and the pod labels match no namespaceSelector and objectSelector): the placeholder stays, and the pods never start.',
      livePodNotInjected: '{{workload}} still has image: auto on container {{container}}: it was created without injection, so the kubelet cannot pull its proxy image and the pod never starts until it is recreated with the injector called.',
    },
    fixes: {
      letInject: 'Label the pod template sidecar.istio.io/inject: "true" (or the namespace istio-injection=enabled) and recreate the pods, or name a real proxy image.',
    },
    volatileData: ['reason'],
    uses: [facts.injection, facts.injectorWebhooks],
    reads: ['Namespace'],
    requires: [WORKLOAD_KINDS],
  },
  check({ model, use, report }) {
    const webhooks = use(facts.injectorWebhooks);
    for (const workload of model.workloads) {
      const proxy = proxyContainer(workload);
      if (!proxy || asString(proxy.container.image) !== 'auto' || hasOwn(workload.annotations, STATUS_ANNOTATION)) continue;
      const at = { resource: workload.resource, path: [...proxy.path, 'image'] };
      const data = { workload: workload.display, container: PROXY_CONTAINER };
      if (isLivePod(workload)) {
        report({ ...at, messageId: 'livePodNotInjected', data, fixId: 'letInject' });
        continue;
      }
      const verdict = use(facts.injection).of(workload);
      if (verdict.injected === false && verdict.certain) {
        report({ ...at, messageId: 'notInjected', data: { ...data, reason: verdict.reason }, fixId: 'letInject', related: [{ ...verdict.decidedBy, message: 'this decides that the pods get no sidecar' }] });
        continue;
      }
      // The webhooks of the input decide which pods the API server sends to an injector.
      const ns = model.namespace(workload.namespace);
      if (webhooks.length === 0 || !ns.known) continue;
      if (webhooks.some((e) => matches(e.namespaceSelector, ns.labels) && matches(e.objectSelector, workload.labels))) continue;
      report({ ...at, messageId: 'noWebhookSelects', data: { ...data, namespace: ns.name }, fixId: 'letInject' });
    }
  },
});
