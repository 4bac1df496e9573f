/**
 * Will a pod template get an Istio sidecar? Istio decides in two layers
 * (see ../shared/reference istio-failure-modes.md section 1.H):
 *
 * 1. the API server calls the injector webhook only when the MutatingWebhookConfiguration's
 *    namespaceSelector/objectSelector match (istio/istio manifests/charts/istio-control/
 *    istio-discovery/templates/mutatingwebhook.yaml);
 * 2. the injector then decides itself (istio/istio pkg/kube/inject/inject.go injectRequired):
 *    hostNetwork never, system namespaces never, pod label then annotation
 *    `sidecar.istio.io/inject`, never/alwaysInjectSelector, then the policy.
 */
import type { Path } from '../load/parser.js';
import { asArray, asObj, asString, hasOwn, type Obj, type Resource } from '../load/resource.js';
import { readEmbedded } from './embedded.js';
import type { NamespaceInfo } from './namespaces.js';
import { fromLabelSelector, matches, type LabelSelector } from './selector.js';
import type { Workload } from './workloads.js';

export const INJECT_KEY = 'sidecar.istio.io/inject';
export const NS_INJECTION_LABEL = 'istio-injection';
export const REV_LABEL = 'istio.io/rev';
export const AMBIENT_LABEL = 'istio.io/dataplane-mode';

/** Namespaces the injector never injects (istio/istio pkg/kube/inject/initializer.go). */
export const IGNORED_NAMESPACES = ['kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage'];

export interface InjectorConfig {
  resource: Resource;
  revision: string;
  policy: 'enabled' | 'disabled';
  neverInjectSelector: LabelSelector[];
  alwaysInjectSelector: LabelSelector[];
  enableNamespacesByDefault: boolean;
}

export type Certainty = 'certain' | 'assumed';

export interface InjectionVerdict {
  /** undefined: the input does not say (namespace not in the input) */
  injected: boolean | undefined;
  revision?: string;
  /** one sentence, in terms of labels the user can see */
  reason: string;
  /** the field that decided, to point a finding at */
  decidedBy: { resource: Resource; path: Path };
}

export interface InjectionContext {
  namespace: NamespaceInfo;
  injectors: InjectorConfig[];
  /** revisions some istiod or revision tag in the input serves; undefined when no control plane is in the input */
  servedRevisions?: Set<string>;
}

function label(labels: Record<string, string>, key: string): string | undefined {
  return hasOwn(labels, key) ? labels[key] : undefined;
}

export function injectionOf(workload: Workload, ctx: InjectionContext): InjectionVerdict {
  const ns = ctx.namespace;
  const podLabels = workload.labels;
  const podAnnotations = workload.annotations;
  const podInject = label(podLabels, INJECT_KEY);
  const podInjectAnnotation = label(podAnnotations, INJECT_KEY);
  const podRev = label(podLabels, REV_LABEL);
  const nsInjection = label(ns.labels, NS_INJECTION_LABEL);
  const nsRev = label(ns.labels, REV_LABEL);
  const at = (resource: Resource, path: Path) => ({ resource, path });
  const podLabelAt = (key: string) => at(workload.resource, workload.metadataPath('labels', key));
  const podAnnotationAt = at(workload.resource, workload.metadataPath('annotations', INJECT_KEY));
  const nsAt = (key: string) => (ns.resource ? at(ns.resource, ['metadata', 'labels', key]) : podLabelAt(INJECT_KEY));
  const workloadAt = at(workload.resource, workload.metadataPath());
  const no = (reason: string, decidedBy: InjectionVerdict['decidedBy']): InjectionVerdict => ({ injected: false, reason, decidedBy });

  // Layer 1: is the webhook called at all, and for which revision?
  let revision: string | undefined;
  let calledBecause: InjectionVerdict['decidedBy'];
  if (nsInjection !== undefined) {
    if (nsInjection !== 'enabled') {
      return no(`namespace ${ns.name} has label ${NS_INJECTION_LABEL}=${nsInjection}; only "enabled" lets the webhook run, and pod labels cannot override it`, nsAt(NS_INJECTION_LABEL));
    }
    if (podInject === 'false') return no(`pod label ${INJECT_KEY}="false" opts out`, podLabelAt(INJECT_KEY));
    revision = 'default';
    calledBecause = nsAt(NS_INJECTION_LABEL);
  } else if (nsRev !== undefined) {
    if (podInject === 'false') return no(`pod label ${INJECT_KEY}="false" opts out`, podLabelAt(INJECT_KEY));
    revision = nsRev;
    calledBecause = nsAt(REV_LABEL);
  } else if (!ns.known && ns.unlistedInjection === 'unknown') {
    // The namespace's labels are not in the input: only a pod-level opt-out is certain.
    if (podInject === 'false') return no(`pod label ${INJECT_KEY}="false" opts out`, podLabelAt(INJECT_KEY));
    if (podInject === 'true' || podRev !== undefined) {
      return { injected: true, revision: podRev ?? 'default', reason: 'pod label asks for injection (namespace not in the input)', decidedBy: podLabelAt(podRev !== undefined ? REV_LABEL : INJECT_KEY) };
    }
    return { injected: undefined, reason: `namespace ${ns.name} is not in the input, so its injection labels are unknown`, decidedBy: workloadAt };
  } else if (!ns.known && ns.unlistedInjection === 'injected') {
    if (podInject === 'false') return no(`pod label ${INJECT_KEY}="false" opts out`, podLabelAt(INJECT_KEY));
    revision = podRev ?? 'default';
    calledBecause = workloadAt;
  } else if (podRev !== undefined) {
    if (podInject === 'false') return no(`pod label ${INJECT_KEY}="false" opts out`, podLabelAt(INJECT_KEY));
    revision = podRev;
    calledBecause = podLabelAt(REV_LABEL);
  } else if (podInject === 'true') {
    revision = 'default';
    calledBecause = podLabelAt(INJECT_KEY);
  } else if (
    podInject === undefined &&
    !IGNORED_NAMESPACES.includes(ns.name) &&
    ctx.injectors.some((i) => i.revision === 'default' && i.enableNamespacesByDefault)
  ) {
    revision = 'default';
    calledBecause = workloadAt;
  } else {
    const hint =
      podInjectAnnotation === 'true'
        ? `; the pod annotation ${INJECT_KEY}="true" is not seen by the webhook, which selects on labels only`
        : '';
    return no(`namespace ${ns.name} has neither ${NS_INJECTION_LABEL}=enabled nor ${REV_LABEL}, and the pod has no ${INJECT_KEY}="true" label${hint}`, podInjectAnnotation === 'true' ? podAnnotationAt : nsAt(NS_INJECTION_LABEL));
  }

  if (ctx.servedRevisions && !ctx.servedRevisions.has(revision)) {
    return no(`revision "${revision}" is requested but no istiod or revision tag in the input serves it`, calledBecause);
  }

  // Layer 2: the injector's own decision.
  if (workload.hostNetwork) return no('the pod uses hostNetwork: true, which Istio never injects', at(workload.resource, workload.specPath('hostNetwork')));
  if (IGNORED_NAMESPACES.includes(ns.name)) return no(`namespace ${ns.name} is never injected by Istio`, workloadAt);
  const explicit = podInject ?? podInjectAnnotation;
  const explicitAt = podInject !== undefined ? podLabelAt(INJECT_KEY) : podAnnotationAt;
  if (explicit === 'false') return no(`pod ${podInject !== undefined ? 'label' : 'annotation'} ${INJECT_KEY}="false" opts out`, explicitAt);
  if (explicit === 'true') return { injected: true, revision, reason: `pod ${podInject !== undefined ? 'label' : 'annotation'} ${INJECT_KEY}="true"`, decidedBy: explicitAt };
  const injector = ctx.injectors.find((i) => i.revision === revision) ?? ctx.injectors.find((i) => i.revision === 'default');
  if (injector) {
    if (injector.neverInjectSelector.some((s) => matches(s, podLabels))) {
      return no(`pod labels match a neverInjectSelector of ${injector.resource.display}`, at(injector.resource, ['data']));
    }
    if (injector.alwaysInjectSelector.some((s) => matches(s, podLabels))) {
      return { injected: true, revision, reason: `pod labels match an alwaysInjectSelector of ${injector.resource.display}`, decidedBy: calledBecause };
    }
    if (injector.policy === 'disabled') return no(`the injector policy of ${injector.resource.display} is "disabled" and the pod does not opt in`, at(injector.resource, ['data']));
  }
  return { injected: true, revision, reason: describeCall(calledBecause, workload, ns), decidedBy: calledBecause };
}

function describeCall(by: InjectionVerdict['decidedBy'], workload: Workload, ns: NamespaceInfo): string {
  const key = by.path[by.path.length - 1];
  if (by.resource === ns.resource && typeof key === 'string') return `namespace ${ns.name} has label ${key}=${ns.labels[key]}`;
  if (by.resource === workload.resource && typeof key === 'string' && key.includes('/')) return `pod label ${key}=${workload.labels[key]}`;
  return 'the injector webhook selects it';
}

/** Injector settings from ConfigMap istio-sidecar-injector[-rev] (keys `config` and `values`) and IstioOperator/Helm values. */
export function collectInjectors(configMaps: Resource[], istioOperators: Resource[]): InjectorConfig[] {
  const out: InjectorConfig[] = [];
  for (const cm of configMaps) {
    const m = /^istio-sidecar-injector(?:-(.+))?$/.exec(cm.name);
    if (!m) continue;
    const config = readEmbedded(cm, ['data', 'config'])?.value ?? {};
    const values = readEmbedded(cm, ['data', 'values'])?.value ?? {};
    out.push(fromSettings(cm, m[1] ?? 'default', config, values));
  }
  for (const iop of istioOperators) {
    const values = asObj(iop.spec.values);
    if (!values) continue;
    out.push(fromSettings(iop, asString(iop.spec.revision) || 'default', {}, values));
  }
  return out;
}

function fromSettings(resource: Resource, revision: string, config: Obj, values: Obj): InjectorConfig {
  const webhook = asObj(values.sidecarInjectorWebhook) ?? {};
  const autoInject = asString(asObj(asObj(values.global)?.proxy)?.autoInject);
  const policy = asString(config.policy) ?? autoInject ?? 'enabled';
  const selectors = (v: unknown) => asArray(v).map(fromLabelSelector);
  return {
    resource,
    revision,
    policy: policy === 'disabled' ? 'disabled' : 'enabled',
    neverInjectSelector: [...selectors(config.neverInjectSelector), ...selectors(webhook.neverInjectSelector)],
    alwaysInjectSelector: [...selectors(config.alwaysInjectSelector), ...selectors(webhook.alwaysInjectSelector)],
    enableNamespacesByDefault: webhook.enableNamespacesByDefault === true,
  };
}
