/** Does the input show any sign that Istio is used? Rules about a missing sidecar stay quiet otherwise. */
import { defineFact } from '../define.js';
import { istiods } from '../mesh/istiod.js';
import { ambientRedirection, sidecarEvidence } from './sidecar-evidence.js';
import { AMBIENT_LABEL, INJECT_KEY, NS_INJECTION_LABEL, REV_LABEL } from './injection.js';

export const istioInUse = defineFact({
  id: 'injection.istioInUse',
  description: 'the input shows Istio: istiod, an IstioOperator, an Istio API object, injection labels, or a sidecar or ztunnel mark on a pod',
  reads: ['Namespace'],
  uses: [istiods],
  compute: ({ model, use }): boolean => {
    if (use(istiods).length > 0 || model.has('IstioOperator')) return true;
    if (model.resources.some((r) => /\.istio\.io\//.test(r.ref.apiVersion))) return true;
    if (model.namespaces.some((n) => n.labels[NS_INJECTION_LABEL] !== undefined || n.labels[REV_LABEL] !== undefined || n.labels[AMBIENT_LABEL] !== undefined)) return true;
    // A kube-injected template or a live pod shows the injector's work itself.
    return model.workloads.some((w) => w.labels[INJECT_KEY] !== undefined || w.annotations[INJECT_KEY] !== undefined || w.labels[REV_LABEL] !== undefined || sidecarEvidence(w) !== undefined || ambientRedirection(w) !== undefined);
  },
});
