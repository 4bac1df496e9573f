import { defineRule } from '../src/engine/rule.js';
import { appliesTo, isIstioKey, istioAnnotations, istioLabels } from '../src/knowledge/istio-catalogue.js';
import { WORKLOAD_KINDS } from '../src/model/workload.js';
import { closest } from '../src/util/did-you-mean.js';

export default defineRule({
  meta: {
    id: 'istio-annotation-unknown',
    cause: 'beyond',
    severity: 'warning',
    description: 'An annotation of an Istio domain on a pod template that Istio does not know: a misspelt key is ignored without a word.',
    why:
      'Istio reads the pod annotations it knows (traffic.sidecar.istio.io/excludeInboundPorts, sidecar.istio.io/rewriteAppHTTPProbers, proxy.istio.io/config...) and ignores every other key, with no event and no log. A misspelt key leaves the setting at its default: the port meant to bypass the sidecar is still captured and gets mTLS, the probe is not rewritten and fails under STRICT, the proxy configuration never applies. A label written as an annotation (istio.io/dataplane-mode) does nothing either, and an annotation meant for Services does nothing on a pod.',
    diagnose: [
      'kubectl -n <ns> get pod <pod> -o jsonpath="{.metadata.annotations}"',
      'istioctl x describe pod <pod> -n <ns>',
      'istioctl analyze -n <ns>',
    ],
    fix: 'Spell the key as Istio publishes it (istio.io/latest/docs/reference/config/annotations/), write labels as labels, and put Service annotations on the Service.',
    sources: [
      'https://istio.io/latest/docs/reference/config/annotations/ (the annotations Istio reads, and the resources each is for)',
      'https://istio.io/latest/docs/reference/config/labels/',
      'https://github.com/istio/api/blob/66634fdd1cf98eca92ab2ef3141fe9f637873d57/annotation/annotations.yaml (the catalogue in knowledge/istio/annotations.yaml)',
      'istio/istio pkg/config/analysis/analyzers/annotations/annotations.go (istioctl analyze IST0108 reports unknown annotations, on Deployments and Pods only)',
    ],
    messages: {
      misspelt: 'Annotation {{key}} on the pod template of {{workload}} is not an Istio annotation (did you mean {{meant}}?): Istio ignores it, so the setting keeps its default.',
      unknown: 'Annotation {{key}} on the pod template of {{workload}} is not one Istio {{istio}} knows: Istio ignores it, so whatever it was meant to set keeps its default.',
      labelAsAnnotation: '{{key}} on the pod template of {{workload}} is an Istio label, not an annotation: Istio reads it from the pod labels, so as an annotation it does nothing.',
      notForPods: 'Annotation {{key}} on the pod template of {{workload}} is meant for {{resources}}, not pods: Istio ignores it here.',
    },
    fixes: {
      rename: 'Rename the key to {{meant}}.',
      moveToLabels: 'Move {{key}} from metadata.annotations to metadata.labels of the pod template.',
      moveToResource: 'Put the annotation on the {{resources}} instead.',
    },
    // The Istio release of the catalogue describes the message; the key identifies the finding.
    volatileData: ['istio'],
    requires: [WORKLOAD_KINDS],
    trace: { hops: ['mesh'] },
  },
  check({ model, report }) {
    const annotations = istioAnnotations();
    const forPods = annotations.keys.filter((a) => appliesTo(a, 'Pod') && !a.internal).map((a) => a.key);
    for (const workload of model.workloads) {
      for (const key of Object.keys(workload.annotations)) {
        if (!isIstioKey(key)) continue;
        const known = annotations.keys.find((a) => a.key === key);
        if (known && appliesTo(known, 'Pod')) continue;
        const at = { resource: workload.resource, path: workload.metadataPath('annotations', key), key: true };
        const data = { key, workload: workload.display, istio: annotations.istio };
        if (known) {
          const resources = known.resources.join(' or ');
          report({ ...at, messageId: 'notForPods', data: { ...data, resources }, fixId: 'moveToResource' });
          continue;
        }
        if (istioLabels().keys.some((l) => l.key === key && appliesTo(l, 'Pod'))) {
          report({ ...at, messageId: 'labelAsAnnotation', data, fixId: 'moveToLabels' });
          continue;
        }
        const meant = likelyMeant(key, forPods);
        if (meant) report({ ...at, messageId: 'misspelt', data: { ...data, meant }, fixId: 'rename' });
        else report({ ...at, messageId: 'unknown', data });
      }
    }
  },
});

/**
 * The usual slips: the case (rewriteAppHttpProbers), a letter or a plural (excludeInboundPort), or
 * the right name under the wrong domain (sidecar.istio.io/excludeInboundPorts for
 * traffic.sidecar.istio.io/...). Names are compared within a domain, so a long shared prefix does
 * not make every key look like a typo of another.
 */
function likelyMeant(key: string, known: string[]): string | undefined {
  const exactCase = known.find((k) => k.toLowerCase() === key.toLowerCase());
  if (exactCase) return exactCase;
  const [domain, name = ''] = key.split('/') as [string, string?];
  const nameOf = (k: string) => k.slice(k.indexOf('/') + 1);
  const sameDomain = known.filter((k) => k.startsWith(`${domain}/`));
  const near = closest(name, sameDomain.map(nameOf));
  if (near) return `${domain}/${near}`;
  return known.find((k) => nameOf(k).toLowerCase() === name.toLowerCase());
}
