import { WORKLOAD_KINDS } from '../src/model/workload.js';
import { facts } from '../src/facts/index.js';
import { asTemplateLabel, namespaceLabel, suggestions } from '../src/fix/repairs.js';
import { deletePath, setValue } from '../src/fix/edits.js';
import { defineRule } from '../src/engine/rule.js';
import { sidecarEvidence } from '../src/facts/injection/sidecar-evidence.js';
import { INJECT_KEY, NS_INJECTION_LABEL, readInjectValue, REV_LABEL, type InjectValueReading } from '../src/facts/injection/injection.js';
import type { Workload } from '../src/model/workload.js';
import { hasOwn } from '../src/load/resource.js';

const POD_KEYS = [INJECT_KEY, REV_LABEL];

/**
 * Istio's own components (istiod, gateways, istio-cni, ztunnel) carry istio.io/rev on the
 * workload as an ownership mark, not as an injection request.
 */
function istioComponent(w: Workload, controlPlaneNamespaces: Set<string>): boolean {
  if (controlPlaneNamespaces.has(w.namespace) || w.namespace === 'kube-system') return true;
  const own = w.resource.labels;
  return own['app.kubernetes.io/part-of'] === 'istio' || hasOwn(own, 'operator.istio.io/component') || hasOwn(own, 'install.operator.istio.io/owning-resource');
}

/** The message for a key in a workload's own metadata: by what it fails to do. */
function ownMetadataMessage(key: string, value: string): string {
  if (key === REV_LABEL) return 'revisionOnWorkload';
  if (key === NS_INJECTION_LABEL) return 'namespaceLabelOnWorkload';
  return intentOf(value) === 'skip' ? 'optOutOnWorkload' : intentOf(value) === 'inject' ? 'optInOnWorkload' : 'emptyInjectOnWorkload';
}

/** What the author of a misplaced value meant ("yes", "off"): the wording of the finding, not what the injector reads. */
function intentOf(value: string): 'inject' | 'default' | 'skip' {
  return readInjectValue(value, 'yaml-bool');
}

const OWN_METADATA = '{{workload}} has {{key}}: "{{value}}" in its own metadata.{{where}}, which Istio never reads: injection is decided per pod, from the pod template\'s labels and the namespace\'s.';
const MOVE_TO_TEMPLATE = 'move it to spec.template.metadata.labels.';

export default defineRule({
  meta: {
    id: 'inject-label-misplaced',
    cause: 3,
    severity: 'warning',
    description: 'An injection label or annotation sits where Istio does not read it: on the workload instead of its pod template, only as an annotation where the webhook sees labels only, or on a namespace that reads other labels.',
    why:
      'The injector webhook is called per pod, and its selectors read the pod\'s labels (sidecar.istio.io/inject, istio.io/rev) and the namespace\'s labels (istio-injection, istio.io/rev); the injector then reads the pod\'s label or annotation sidecar.istio.io/inject. A key on a Deployment\'s or StatefulSet\'s own metadata never reaches the pods. A pod annotation sidecar.istio.io/inject: "true" in a namespace without injection labels does nothing, because no webhook is called to read it. On a namespace, sidecar.istio.io/inject is an ordinary label. The pods end up with or without a sidecar against the author\'s intent: without one they talk plaintext to injected peers (reset under STRICT mTLS).',
    diagnose: ['kubectl -n <ns> get <kind> <name> -o yaml', 'kubectl get namespace <ns> --show-labels', 'istioctl x check-inject -n <ns> <pod>'],
    fix: 'Move the key to spec.template.metadata.labels (a label, not an annotation), or label the namespace istio-injection=enabled / istio.io/rev=<revision>; then restart the pods.',
    sources: [
      'istio/istio manifests/charts/istio-control/istio-discovery/templates/mutatingwebhook.yaml (objectSelector on pod labels, namespaceSelector on namespace labels)',
      'istio/istio pkg/kube/inject/inject.go (injectRequired reads the pod label, then the annotation)',
      'istio/istio pkg/config/analysis/analyzers/annotations/annotations.go (IST0107 MisplacedAnnotation)',
      'https://istio.io/latest/docs/setup/additional-setup/sidecar-injection/#controlling-the-injection-policy',
      'https://docs.openshift.com/container-platform/4.1/service_mesh/service_mesh_day_two/prepare-to-deploy-applications-ossm.html, openshift/openshift-docs#49609 (OpenShift Service Mesh opts pods in by the annotation: not reported there)',
    ],
    messages: {
      revisionOnWorkload: `${OWN_METADATA} Its pods do not name revision "{{value}}"; ${MOVE_TO_TEMPLATE}`,
      optInOnWorkload: `${OWN_METADATA} Its pods are not opted in; ${MOVE_TO_TEMPLATE}`,
      optOutOnWorkload: `${OWN_METADATA} Its pods are not opted out; ${MOVE_TO_TEMPLATE}`,
      emptyInjectOnWorkload: `${OWN_METADATA} It has no effect; ${MOVE_TO_TEMPLATE}`,
      namespaceLabelOnWorkload: `${OWN_METADATA} On a workload it does nothing; move it to the namespace (kubectl label namespace {{namespace}} {{key}}={{value}}).`,
      injectAnnotationUnseen:
        '{{workload}} asks for a sidecar with the annotation sidecar.istio.io/inject: "{{value}}", but namespace {{namespace}} has no injection label, and the webhook selects pods by label only, so it is never called and the annotation is never read.',
      revisionAnnotationUnseen:
        '{{workload}} names revision "{{value}}" with the annotation istio.io/rev, but the webhooks select pods by the label only; in namespace {{namespace}}, which has no injection label, its pods get no sidecar.',
      injectOnNamespace:
        'Namespace {{namespace}} has sidecar.istio.io/inject: "{{value}}" in metadata.{{where}}, but on a namespace Istio reads only istio-injection and istio.io/rev (and istio.io/dataplane-mode for ambient); use the label {{wanted}}.',
    },
    fixes: {
      moveToTemplate: 'Move {{key}} to spec.template.metadata.labels.',
      moveToNamespace: 'Move {{key}} to the namespace (kubectl label namespace {{namespace}} {{key}}={{value}}).',
      injectLabel: 'Make it a label: spec.template.metadata.labels["sidecar.istio.io/inject"]: "true" (or label the namespace istio-injection=enabled).',
      revisionLabel: 'Make it a label: spec.template.metadata.labels["istio.io/rev"].',
      labelNamespace: 'kubectl label namespace {{namespace}} {{label}}',
      copyToTemplate: 'Add {{key}} to the pod template\'s labels (spec.template.metadata.labels).',
    },
    fixable: {
      fix: 'The injection request the manifest already makes (sidecar.istio.io/inject, istio.io/rev) is written where the injector reads it, the pod template\'s labels: an annotation the webhook cannot see becomes the label, a key in the workload\'s own metadata is copied to the template. The pods get the injection their manifest asks for, nothing else changes.',
      suggestions: 'A namespace label (istio-injection) applies to every pod of the namespace, not only the one reported: moving it there, or turning a namespace\'s sidecar.istio.io/inject into istio-injection, is for a human to decide.',
    },
    // The namespace label to use instead follows from the value, which identifies the finding.
    volatileData: ['wanted'],
    // Its injectAnnotationUnseen says more than istio-annotation-unknown's deprecated (or ignored) at the same spot.
    supersedes: ['istio-annotation-unknown'],
    uses: [facts.injectors, facts.istiods, facts.meshConfigs, facts.istioVersion],
    requires: [[...WORKLOAD_KINDS, 'Namespace']],
  },
  check({ model, use, report }) {
    const version = use(facts.istioVersion);
    // OpenShift Service Mesh 1.x/2.x (Maistra) opts pods in by this very annotation, in member namespaces.
    const maistra = model.resources.some((r) => r.ref.apiVersion.startsWith('maistra.io/')) || model.namespaces.some((n) => hasOwn(n.labels, 'maistra.io/member-of'));
    const controlPlane = new Set([use(facts.meshConfigs).rootNamespace, model.settings.istioRootNamespace, ...use(facts.istiods).map((i) => i.workload.namespace)]);
    for (const w of model.workloads) {
      if (w.kind !== 'Pod' && !istioComponent(w, controlPlane)) {
        for (const where of ['labels', 'annotations'] as const) {
          const own = where === 'labels' ? w.resource.labels : w.resource.annotations;
          for (const key of [...POD_KEYS, NS_INJECTION_LABEL]) {
            if (!hasOwn(own, key)) continue;
            if (key !== NS_INJECTION_LABEL && (hasOwn(w.labels, key) || hasOwn(w.annotations, key))) continue;
            const value = own[key] as string;
            report({
              resource: w.resource,
              path: ['metadata', where, key],
              key: true,
              messageId: ownMetadataMessage(key, value),
              data: { workload: w.display, key, value, where, namespace: w.namespace },
              fixId: key === NS_INJECTION_LABEL ? 'moveToNamespace' : 'moveToTemplate',
              ...(key === NS_INJECTION_LABEL
                ? namespaceLabel(model.namespace(w.namespace).resource, key, value, { resource: w.resource, path: ['metadata', where, key] }, 'moveToNamespace')
                : asTemplateLabel(w.resource, w.metadataPath('labels', key), key, value, undefined, 'copyToTemplate')),
            });
          }
        }
      }
      annotationOnly(w);
    }

    // An annotation the webhook cannot see: only labels select pods. Where workload-not-injected
    // reports the same spot (the pod has injected peers), its error wins (it supersedes this).
    function annotationOnly(w: Workload) {
      // An injected pod is in the mesh already, and the injector itself writes the istio.io/rev annotation.
      if (sidecarEvidence(w)) return;
      const ns = model.namespace(w.namespace);
      if (!ns.known || hasOwn(ns.labels, NS_INJECTION_LABEL) || hasOwn(ns.labels, REV_LABEL) || maistra) return;
      const base = { resource: w.resource };
      if (!hasOwn(w.labels, INJECT_KEY) && hasOwn(w.annotations, INJECT_KEY) && readInjectValue(w.annotations[INJECT_KEY], () => version.behaviour('inject-value').value as InjectValueReading) === 'inject') {
        if (use(facts.injectors).some((i) => i.revision === 'default' && i.enableNamespacesByDefault)) return;
        report({
          ...base,
          path: w.metadataPath('annotations', INJECT_KEY),
          messageId: 'injectAnnotationUnseen',
          data: { workload: w.display, value: w.annotations[INJECT_KEY] as string, namespace: w.namespace },
          fixId: 'injectLabel',
          ...asTemplateLabel(w.resource, w.metadataPath('labels', INJECT_KEY), INJECT_KEY, 'true', w.metadataPath('annotations', INJECT_KEY)),
        });
      }
      if (!hasOwn(w.labels, REV_LABEL) && hasOwn(w.annotations, REV_LABEL)) {
        report({
          ...base,
          path: w.metadataPath('annotations', REV_LABEL),
          messageId: 'revisionAnnotationUnseen',
          data: { workload: w.display, value: w.annotations[REV_LABEL] as string, namespace: w.namespace },
          fixId: 'revisionLabel',
          ...asTemplateLabel(w.resource, w.metadataPath('labels', REV_LABEL), REV_LABEL, w.annotations[REV_LABEL] as string, w.metadataPath('annotations', REV_LABEL)),
        });
      }
    }

    for (const ns of model.namespaces) {
      const r = ns.resource;
      if (!r) continue;
      for (const where of ['labels', 'annotations'] as const) {
        const own = where === 'labels' ? r.labels : r.annotations;
        if (!hasOwn(own, INJECT_KEY)) continue;
        const value = own[INJECT_KEY] as string;
        const wanted = intentOf(value) === 'skip' ? `${NS_INJECTION_LABEL}=disabled` : `${NS_INJECTION_LABEL}=enabled (or ${REV_LABEL}=<revision>)`;
        report({
          resource: r,
          path: ['metadata', where, INJECT_KEY],
          key: true,
          messageId: 'injectOnNamespace',
          data: { namespace: ns.name, value, where, wanted, label: wanted.split(' ')[0] as string },
          fixId: 'labelNamespace',
          ...(hasOwn(r.labels, NS_INJECTION_LABEL) || hasOwn(r.labels, REV_LABEL)
            ? {}
            : suggestions({ fixId: 'labelNamespace', edits: [deletePath(['metadata', where, INJECT_KEY]), setValue(['metadata', 'labels', NS_INJECTION_LABEL], intentOf(value) === 'skip' ? 'disabled' : 'enabled')] })),
        });
      }
    }
  },
});
