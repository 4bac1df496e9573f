import { defineRule } from '../src/engine/rule.js';
import { appliesTo, isIstioKey, istioAnnotations, istioLabels, type IstioKey } from '../src/knowledge/istio-catalogue.js';
import { INJECT_KEY, REV_LABEL } from '../src/facts/injection/injection.js';
import { hasOwn } from '../src/load/resource.js';
import { WORKLOAD_KINDS, type Workload } from '../src/model/workload.js';
import { closest } from '../src/util/did-you-mean.js';

const INJECTION_KEYS = [INJECT_KEY, REV_LABEL];

export default defineRule({
  meta: {
    id: 'istio-annotation-unknown',
    cause: 'beyond',
    severity: 'warning',
    description: 'An Istio annotation or label key that Istio does not read where it is written: misspelt or unknown on a pod template, on the workload\'s own metadata instead of the pod template, a label written as an annotation or the other way round, or a deprecated key.',
    why:
      'Istio reads the pod annotations it knows (traffic.sidecar.istio.io/excludeInboundPorts, sidecar.istio.io/rewriteAppHTTPProbers, proxy.istio.io/config...) and ignores every other key, with no event and no log. A misspelt key leaves the setting at its default: the port meant to bypass the sidecar is still captured and gets mTLS, the probe is not rewritten and fails under STRICT, the proxy configuration never applies. A label written as an annotation (istio.io/dataplane-mode) does nothing either, and an annotation meant for Services does nothing on a pod. A pod annotation on the Deployment\'s or StatefulSet\'s own metadata never reaches the pods, so Istio never sees it. (A value Istio cannot parse under a known key is rule istio-annotation-value.) Deprecated keys still work for now but may stop in a later release.',
    diagnose: [
      'kubectl -n <ns> get pod <pod> -o jsonpath="{.metadata.annotations}"',
      'istioctl x describe pod <pod> -n <ns>',
      'istioctl analyze -n <ns>',
    ],
    fix: 'Spell the key as Istio publishes it (istio.io/latest/docs/reference/config/annotations/), write labels as labels and annotations as annotations, put pod annotations on spec.template.metadata (not the workload\'s own metadata) and Service annotations on the Service.',
    sources: [
      'https://istio.io/latest/docs/reference/config/annotations/ (the annotations Istio reads, and the resources each is for)',
      'https://istio.io/latest/docs/reference/config/labels/',
      'https://github.com/istio/api/blob/66634fdd1cf98eca92ab2ef3141fe9f637873d57/annotation/annotations.yaml (the catalogue in knowledge/istio/annotations.yaml)',
      'https://github.com/istio/api/blob/66634fdd1cf98eca92ab2ef3141fe9f637873d57/label/labels.yaml (the labels in knowledge/istio/labels.yaml)',
      'istio/istio pkg/config/analysis/analyzers/annotations/annotations.go (istioctl analyze IST0108 unknown, IST0107 misplaced, IST0135 deprecated annotations, on Deployments and Pods only; it reads no labels and no StatefulSet)',
    ],
    messages: {
      misspelt: 'Annotation {{key}} on the pod template of {{workload}} is not an Istio annotation (did you mean {{meant}}?): Istio ignores it, so the setting keeps its default.',
      unknown: 'Annotation {{key}} on the pod template of {{workload}} is not one Istio {{istio}} knows: Istio ignores it, so whatever it was meant to set keeps its default.',
      labelAsAnnotation: '{{key}} on the pod template of {{workload}} is an Istio label, not an annotation: Istio reads it from the pod labels, so as an annotation it does nothing.',
      notForPods: 'Annotation {{key}} on the pod template of {{workload}} is meant for {{resources}}, not pods: Istio ignores it here.',
      deprecated: 'Annotation {{key}} on the pod template of {{workload}} is deprecated in Istio {{istio}}{{instead}}: it works for now, but may stop in a later release.',
      misspeltLabel: 'Label {{key}} on the pod template of {{workload}} is not an Istio label (did you mean {{meant}}?): Istio ignores it.',
      annotationAsLabel: '{{key}} on the pod template of {{workload}} is an Istio annotation, not a label: Istio reads it from the pod annotations, so as a label it does nothing.',
      onWorkload: 'Annotation {{key}} is in the own metadata of {{workload}}, not on its pod template: Istio reads it from the pods only, so it never sees it.',
      misspeltOnWorkload: 'Annotation {{key}} is in the own metadata of {{workload}}; Istio reads {{meant}} (the likely meaning) from the pods only, so neither the name nor the place reaches Istio.',
    },
    fixes: {
      rename: 'Rename the key to {{meant}}.',
      moveToLabels: 'Move {{key}} from metadata.annotations to metadata.labels of the pod template.',
      moveToResource: 'Put the annotation on the {{resources}} instead.',
      moveToAnnotations: 'Move {{key}} from metadata.labels to metadata.annotations of the pod template.',
      moveToTemplate: 'Move {{meant}} to spec.template.metadata.annotations.',
      replace: 'Use {{replacement}} instead.',
    },
    // The Istio release of the catalogue describes the message; the key identifies the finding.
    volatileData: ['istio'],
    requires: [WORKLOAD_KINDS],
    trace: { hops: ['mesh'] },
  },
  check({ model, report }) {
    const annotations = istioAnnotations();
    const labels = istioLabels();
    const usable = (k: IstioKey) => appliesTo(k, 'Pod') && !k.internal;
    const forPods = annotations.keys.filter(usable).map((a) => a.key);
    const labelsForPods = labels.keys.filter(usable).map((l) => l.key);
    for (const workload of model.workloads) {
      const istio = annotations.istio;
      for (const key of Object.keys(workload.annotations)) {
        if (!isIstioKey(key)) continue;
        const known = annotations.keys.find((a) => a.key === key);
        const at = { resource: workload.resource, path: workload.metadataPath('annotations', key), key: true };
        const data = { key, workload: workload.display, istio };
        if (known && appliesTo(known, 'Pod')) {
          if (known.internal) continue;
          // Istio itself stays quiet when the label sits beside the deprecated annotation.
          if (known.deprecated && !(key === INJECT_KEY && hasOwn(workload.labels, INJECT_KEY))) {
            const instead = known.replacedBy ? `; Istio names ${known.replacedBy} in its place` : '';
            report({ ...at, key: false, messageId: 'deprecated', data: { ...data, instead, replacement: known.replacedBy ?? '' }, severity: 'info', ...(known.replacedBy ? { fixId: 'replace' } : {}) });
          }
          continue;
        }
        if (known) {
          const resources = known.resources.join(' or ');
          report({ ...at, messageId: 'notForPods', data: { ...data, resources }, fixId: 'moveToResource' });
          continue;
        }
        if (labels.keys.some((l) => l.key === key && appliesTo(l, 'Pod'))) {
          report({ ...at, messageId: 'labelAsAnnotation', data, fixId: 'moveToLabels' });
          continue;
        }
        const meant = likelyMeant(key, forPods);
        if (meant) report({ ...at, messageId: 'misspelt', data: { ...data, meant }, fixId: 'rename' });
        else report({ ...at, messageId: 'unknown', data });
      }
      for (const key of Object.keys(workload.labels)) {
        if (!isIstioKey(key)) continue;
        const at = { resource: workload.resource, path: workload.metadataPath('labels', key), key: true };
        const data = { key, workload: workload.display, istio };
        const known = labels.keys.find((l) => l.key === key);
        if (known) continue;
        if (forPods.includes(key)) {
          report({ ...at, messageId: 'annotationAsLabel', data, fixId: 'moveToAnnotations' });
          continue;
        }
        // Istio's installers write labels of their own that the catalogue does not list
        // (install.operator.istio.io/owning-resource): only a near miss of a pod label is reported.
        const meant = likelyMeant(key, labelsForPods);
        if (meant) report({ ...at, messageId: 'misspeltLabel', data: { ...data, meant }, fixId: 'rename' });
      }
      if (workload.kind !== 'Pod') ownMetadata(workload);
    }

    /** A pod annotation on the Deployment's or StatefulSet's own metadata never reaches a pod. */
    function ownMetadata(workload: Workload) {
      for (const key of Object.keys(workload.resource.annotations)) {
        // inject-label-misplaced reports the injection keys there, by what the pods then lack.
        if (!isIstioKey(key) || INJECTION_KEYS.includes(key) || hasOwn(workload.annotations, key)) continue;
        const known = annotations.keys.find((a) => a.key === key);
        const podOnly = known && known.resources.includes('Pod') && !appliesTo(known, workload.kind) && !known.internal;
        const meant = known ? undefined : likelyMeant(key, forPods);
        if (!podOnly && !meant) continue;
        const at = { resource: workload.resource, path: ['metadata', 'annotations', key], key: true };
        const data = { key, workload: workload.display, meant: meant ?? key };
        report({ ...at, messageId: meant ? 'misspeltOnWorkload' : 'onWorkload', data, fixId: 'moveToTemplate' });
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
