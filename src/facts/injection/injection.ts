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
import type { Located, Path } from '../../load/parser.js';
import { asArray, asObj, asString, hasOwn, type Obj, type Resource } from '../../load/resource.js';
import { readEmbedded } from '../../text/embedded.js';
import type { NamespaceInfo } from '../../model/namespaces.js';
import { fromLabelSelector, isEmpty, matches, type LabelSelector } from '../../model/selector.js';
import type { Workload } from '../../model/workload.js';
import { defineFact } from '../define.js';
import { istioVersion } from '../mesh/istio-version.js';
import { revisions } from './revisions.js';
import { ambientRedirection, isLivePod, PROXY_CONTAINER, sidecarEvidence, type SidecarEvidence } from './sidecar-evidence.js';
import { WORKLOAD_KINDS } from '../../model/workload.js';

export const INJECT_KEY = 'sidecar.istio.io/inject';
export const NS_INJECTION_LABEL = 'istio-injection';
export const REV_LABEL = 'istio.io/rev';
export const AMBIENT_LABEL = 'istio.io/dataplane-mode';

/** Namespaces the injector never injects (istio/istio pkg/kube/inject/initializer.go). */
export const IGNORED_NAMESPACES = ['kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage'];

export interface InjectorConfig {
  resource: Resource;
  revision: string;
  /** 'invalid': a value other than enabled/disabled, which makes the injector refuse every pod */
  policy: 'enabled' | 'disabled' | 'invalid';
  neverInjectSelector: LabelSelector[];
  alwaysInjectSelector: LabelSelector[];
  enableNamespacesByDefault: boolean;
  /** where the settings were read, to point a finding at */
  path: Path;
  /** `sidecarInjectorWebhook.rewriteAppHTTPProbe` when written (default true), and where */
  rewriteAppHTTPProbe?: { enabled: boolean; path: Path; located?: Located };
}

export interface InjectionVerdict {
  /** undefined: the input does not say (namespace not in the input) */
  injected: boolean | undefined;
  /**
   * false when the answer rests on something the input does not show: the labels of a namespace
   * that is not in the input, or a revision whose webhook may exist outside the input
   */
  certain: boolean;
  /** the pod itself refuses injection (label or annotation sidecar.istio.io/inject), usually on purpose */
  podOptOut?: boolean;
  revision?: string;
  /** one sentence, in terms of labels the user can see */
  reason: string;
  /** the field that decided, to point a finding at */
  decidedBy: { resource: Resource; path: Path };
  /**
   * The field that shows the sidecar is there already (a kube-injected manifest, a live pod):
   * evidence decides before labels.
   */
  evidence?: SidecarEvidence;
  /** what the labels alone would decide, kept when the pod itself decided (evidence, a live pod without the proxy) */
  byLabels?: InjectionVerdict;
  /**
   * A live Pod without the proxy although its labels make the webhook inject it: it was created
   * before the label or the webhook, and pods are injected only when they are created.
   */
  stale?: boolean;
}

export interface InjectionContext {
  namespace: NamespaceInfo;
  injectors: InjectorConfig[];
  /** revisions some istiod or revision tag in the input serves; undefined when no control plane is in the input */
  servedRevisions?: Set<string>;
  /** the input holds Istio's MutatingWebhookConfigurations, so servedRevisions is complete */
  webhooksInInput?: boolean;
  /** how this Istio release reads sidecar.istio.io/inject values; asked only for a value other than true or false */
  injectValue: () => InjectValueReading;
}

type Place = InjectionVerdict['decidedBy'];

/** The webhook is called for this revision because of `by`. */
interface Call {
  revision: string;
  by: Place;
  certain: boolean;
  /** the namespace's labels are unknown: a positive answer is only as good as the pod's own opt-in */
  namespaceUnknown: boolean;
}

function label(labels: Record<string, string>, key: string): string | undefined {
  return hasOwn(labels, key) ? labels[key] : undefined;
}

/** The injector's reading of a `sidecar.istio.io/inject` value, per Istio release (behaviour inject-value). */
export type InjectValueReading = 'yaml-bool' | 'strict';

/**
 * How the injector reads the value of `sidecar.istio.io/inject` (inject.go injectRequired). Up to
 * Istio 1.26 YAML truthy words inject, an empty value defers to the selectors and policy, and
 * anything else, "false" or a typo alike, refuses injection. From 1.27 only "true" and "false"
 * count; any other value falls back to the default policy like an empty one.
 */
export function readInjectValue(value: string | undefined, reading: InjectValueReading | (() => InjectValueReading)): 'inject' | 'default' | 'skip' {
  if (value === undefined || value === '') return 'default';
  // Every release reads these alike: only another value needs to know the release.
  if (value === 'true') return 'inject';
  if (value === 'false') return 'skip';
  if ((typeof reading === 'function' ? reading() : reading) === 'strict') return 'default';
  return ['y', 'yes', 'true', 'on'].includes(value.toLowerCase()) ? 'inject' : 'skip';
}

/** A selector with no requirement is skipped by the injector rather than matching every pod. */
function selects(selectors: LabelSelector[], labels: Record<string, string>): boolean {
  return selectors.some((s) => !isEmpty(s) && matches(s, labels));
}

/** Evidence first (the proxy the pod already has, or a live pod's lack of it), labels second. */
export function injectionOf(workload: Workload, ctx: InjectionContext): InjectionVerdict {
  const byLabels = injectionByLabels(workload, ctx);
  const evidence = sidecarEvidence(workload);
  if (evidence) {
    return {
      injected: true,
      certain: true,
      revision: evidence.revision?.value ?? byLabels.revision ?? 'default',
      reason: `sidecar injected already (${evidence.description})`,
      decidedBy: { resource: workload.resource, path: evidence.path },
      evidence,
      byLabels,
    };
  }
  if (!isLivePod(workload) || byLabels.injected === false) return byLabels;
  // A pod is injected when it is created: a running pod without the proxy stays without it.
  const containers = { resource: workload.resource, path: workload.specPath('containers') };
  if (byLabels.injected === undefined) return { injected: false, certain: true, reason: `the live pod has no ${PROXY_CONTAINER} container`, decidedBy: containers, byLabels };
  return {
    injected: false,
    certain: true,
    revision: byLabels.revision,
    reason: `the live pod has no ${PROXY_CONTAINER} container although ${byLabels.reason}: it was created before that label or the injector webhook`,
    decidedBy: containers,
    byLabels,
    stale: true,
  };
}

/** What the labels, the webhook selectors and the injector's settings decide for a pod created now. */
export function injectionByLabels(workload: Workload, ctx: InjectionContext): InjectionVerdict {
  const call = webhookCall(workload, ctx);
  if (!('namespaceUnknown' in call)) return call;
  return injectorDecision(workload, ctx, call);
}

/** Layer 1: the webhook's namespaceSelector and objectSelector (mutatingwebhook.yaml). */
function webhookCall(workload: Workload, ctx: InjectionContext): Call | InjectionVerdict {
  const ns = ctx.namespace;
  const podInject = label(workload.labels, INJECT_KEY);
  const podInjectAnnotation = label(workload.annotations, INJECT_KEY);
  const podRev = label(workload.labels, REV_LABEL);
  const nsInjection = label(ns.labels, NS_INJECTION_LABEL);
  const nsRev = label(ns.labels, REV_LABEL);
  const podLabelAt = (key: string): Place => ({ resource: workload.resource, path: workload.metadataPath('labels', key) });
  const nsAt = (key: string): Place => (ns.resource ? { resource: ns.resource, path: ['metadata', 'labels', key] } : { resource: workload.resource, path: workload.metadataPath('labels') });
  const workloadAt: Place = { resource: workload.resource, path: workload.metadataPath() };
  const certainNs = ns.known;
  const no = (reason: string, decidedBy: Place, certain = certainNs): InjectionVerdict => ({ injected: false, certain, reason, decidedBy });
  // Every webhook entry's objectSelector excludes this exact label value.
  const optOut = (): InjectionVerdict => ({ ...no(`pod label ${INJECT_KEY}="false" opts out`, podLabelAt(INJECT_KEY), true), podOptOut: true });

  let call: Call;
  if (nsInjection !== undefined) {
    if (nsInjection !== 'enabled') {
      return no(`namespace ${ns.name} has label ${NS_INJECTION_LABEL}=${nsInjection}; only "enabled" lets the webhook run, and pod labels cannot override it`, nsAt(NS_INJECTION_LABEL));
    }
    if (podInject === 'false') return optOut();
    // The legacy label wins over any istio.io/rev, on the namespace or the pod.
    call = { revision: 'default', by: nsAt(NS_INJECTION_LABEL), certain: true, namespaceUnknown: false };
  } else if (nsRev !== undefined) {
    if (podInject === 'false') return optOut();
    call = { revision: nsRev, by: nsAt(REV_LABEL), certain: true, namespaceUnknown: false };
  } else if (!ns.known && ns.unlistedInjection === 'unknown') {
    if (podInject === 'false') return optOut();
    const by = podRev !== undefined ? podLabelAt(REV_LABEL) : podInject === 'true' ? podLabelAt(INJECT_KEY) : workloadAt;
    call = { revision: podRev ?? 'default', by, certain: false, namespaceUnknown: true };
  } else if (!ns.known && ns.unlistedInjection === 'injected') {
    if (podInject === 'false') return optOut();
    call = { revision: podRev ?? 'default', by: workloadAt, certain: false, namespaceUnknown: false };
  } else if (podRev !== undefined) {
    if (podInject === 'false') return optOut();
    call = { revision: podRev, by: podLabelAt(REV_LABEL), certain: certainNs, namespaceUnknown: false };
  } else if (podInject === 'true') {
    call = { revision: 'default', by: podLabelAt(INJECT_KEY), certain: certainNs, namespaceUnknown: false };
  } else if (podInject === undefined && !IGNORED_NAMESPACES.includes(ns.name) && ctx.injectors.some((i) => i.revision === 'default' && i.enableNamespacesByDefault)) {
    const injector = ctx.injectors.find((i) => i.revision === 'default' && i.enableNamespacesByDefault) as InjectorConfig;
    call = { revision: 'default', by: { resource: injector.resource, path: injector.path }, certain: certainNs, namespaceUnknown: false };
  } else {
    let hint = '';
    let at = nsAt(NS_INJECTION_LABEL);
    if (podInject !== undefined) {
      hint = `; the pod's label ${INJECT_KEY}="${podInject}" does not call the webhook, which matches the exact value "true"`;
      at = podLabelAt(INJECT_KEY);
    } else if (readInjectValue(podInjectAnnotation, ctx.injectValue) === 'inject') {
      hint = `; the pod annotation ${INJECT_KEY}="${podInjectAnnotation}" is not seen by the webhook, which selects on labels only`;
      at = { resource: workload.resource, path: workload.metadataPath('annotations', INJECT_KEY) };
    } else if (label(ns.labels, AMBIENT_LABEL) === 'ambient') {
      hint = `; it is an ambient namespace (${AMBIENT_LABEL}=ambient), whose pods join the mesh through ztunnel rather than a sidecar`;
      if (ns.resource) at = { resource: ns.resource, path: ['metadata', 'labels', AMBIENT_LABEL] };
    }
    return no(`namespace ${ns.name} has neither ${NS_INJECTION_LABEL}=enabled nor ${REV_LABEL}, and the pod has no ${INJECT_KEY}="true" or ${REV_LABEL} label${hint}`, at);
  }

  if (!call.namespaceUnknown && ctx.servedRevisions && !ctx.servedRevisions.has(call.revision) && call.certain) {
    const certain = ctx.webhooksInInput === true;
    const missing = certain ? 'no istiod, revision tag or injector webhook in the input serves it' : 'no istiod in the input serves it (a revision tag webhook outside the input might)';
    return no(`revision "${call.revision}" is requested but ${missing}`, call.by, certain);
  }
  return call;
}

/** Layer 2: the injector's own decision (inject.go injectRequired). */
function injectorDecision(workload: Workload, ctx: InjectionContext, call: Call): InjectionVerdict {
  const ns = ctx.namespace;
  const at = (resource: Resource, path: Path): Place => ({ resource, path });
  // These refusals hold whatever the namespace says, so they are certain even when it is unknown.
  const no = (reason: string, decidedBy: Place): InjectionVerdict => ({ injected: false, certain: true, revision: call.revision, reason, decidedBy });
  if (workload.hostNetwork) return no('the pod uses hostNetwork: true, which Istio never injects', at(workload.resource, workload.specPath('hostNetwork')));
  if (IGNORED_NAMESPACES.includes(ns.name)) return no(`namespace ${ns.name} is never injected by Istio`, at(workload.resource, ['metadata', 'namespace']));

  const podInject = label(workload.labels, INJECT_KEY);
  const fromLabel = podInject !== undefined;
  const explicit = readInjectValue(fromLabel ? podInject : label(workload.annotations, INJECT_KEY), ctx.injectValue);
  const explicitAt = at(workload.resource, workload.metadataPath(fromLabel ? 'labels' : 'annotations', INJECT_KEY));
  const explicitText = `pod ${fromLabel ? 'label' : 'annotation'} ${INJECT_KEY}="${fromLabel ? podInject : workload.annotations[INJECT_KEY]}"`;
  if (explicit === 'skip') {
    const value = (fromLabel ? podInject : workload.annotations[INJECT_KEY]) ?? '';
    // A "no" word is a deliberate opt-out; anything else ("enabled", a typo) is a mistake.
    const deliberate = ['false', 'no', 'n', 'off'].includes(value.toLowerCase());
    return { ...no(`${explicitText} refuses injection${value === 'false' ? '' : ' (up to Istio 1.26 only y, yes, true or on inject)'}`, explicitAt), podOptOut: deliberate };
  }

  const injector = ctx.injectors.find((i) => i.revision === call.revision) ?? ctx.injectors.find((i) => i.revision === 'default');
  if (injector?.policy === 'invalid') return no(`the injector policy of ${injector.resource.display} is neither "enabled" nor "disabled", so the injector refuses every pod`, at(injector.resource, injector.path));
  const yes = (reason: string, decidedBy: Place): InjectionVerdict => {
    // With the namespace unknown, only a pod that asks for injection itself is likely injected.
    const podAsks = label(workload.labels, REV_LABEL) !== undefined || podInject === 'true';
    if (call.namespaceUnknown && !podAsks) {
      return { injected: undefined, certain: false, reason: `namespace ${ns.name} is not in the input, so its injection labels are unknown`, decidedBy: at(workload.resource, workload.metadataPath()) };
    }
    return { injected: true, certain: call.certain, revision: call.revision, reason: call.namespaceUnknown ? `${reason} (namespace ${ns.name} is not in the input)` : reason, decidedBy };
  };
  if (explicit === 'inject') return yes(explicitText, explicitAt);
  if (injector) {
    if (selects(injector.neverInjectSelector, workload.labels)) return no(`pod labels match a neverInjectSelector of ${injector.resource.display}`, at(injector.resource, injector.path));
    if (selects(injector.alwaysInjectSelector, workload.labels)) return yes(`pod labels match an alwaysInjectSelector of ${injector.resource.display}`, at(injector.resource, injector.path));
    if (injector.policy === 'disabled') return no(`the injector policy of ${injector.resource.display} is "disabled" and the pod does not opt in`, at(injector.resource, injector.path));
  }
  return yes(describeCall(call.by, workload, ns), call.by);
}

/**
 * Pods in an ambient namespace are in the mesh through ztunnel, without a sidecar. A pod that gets
 * a sidecar anyway (injection labels too) is left out of ztunnel's capture: istio-cni skips pods
 * carrying the sidecar status annotation (istio/istio cni/pkg/util PodRedirectionEnabled).
 */
export function inAmbientMesh(workload: Workload, ns: NamespaceInfo, verdict?: InjectionVerdict): boolean {
  if (verdict?.injected === true || sidecarEvidence(workload)) return false;
  // istio-cni's mark on a pod it redirected to ztunnel is evidence, whatever the labels say now.
  if (ambientRedirection(workload)) return true;
  const pod = label(workload.labels, AMBIENT_LABEL);
  if (pod !== undefined) return pod === 'ambient';
  return label(ns.labels, AMBIENT_LABEL) === 'ambient';
}

function describeCall(by: Place, workload: Workload, ns: NamespaceInfo): string {
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
    const embedded = readEmbedded(cm, ['data', 'values']);
    const values = embedded?.value ?? {};
    const injector = fromSettings(cm, m[1] ?? 'default', config, values, ['data', Object.keys(config).length > 0 ? 'config' : 'values']);
    if (injector.rewriteAppHTTPProbe && embedded) injector.rewriteAppHTTPProbe = { ...injector.rewriteAppHTTPProbe, path: ['data', 'values'], located: embedded.locate(REWRITE_PATH) };
    out.push(injector);
  }
  for (const iop of istioOperators) {
    const values = asObj(iop.spec.values);
    if (!values) continue;
    const injector = fromSettings(iop, asString(iop.spec.revision) || 'default', {}, values, ['spec', 'values']);
    if (injector.rewriteAppHTTPProbe) injector.rewriteAppHTTPProbe = { ...injector.rewriteAppHTTPProbe, path: ['spec', 'values', ...REWRITE_PATH] };
    out.push(injector);
  }
  return out;
}

const REWRITE_PATH = ['sidecarInjectorWebhook', 'rewriteAppHTTPProbe'];

function fromSettings(resource: Resource, revision: string, config: Obj, values: Obj, path: Path): InjectorConfig {
  const webhook = asObj(values.sidecarInjectorWebhook) ?? {};
  const autoInject = asString(asObj(asObj(values.global)?.proxy)?.autoInject);
  const policy = asString(config.policy) ?? autoInject ?? 'enabled';
  const selectors = (v: unknown) => asArray(v).map(fromLabelSelector);
  return {
    resource,
    revision,
    policy: policy === 'enabled' || policy === 'disabled' ? policy : 'invalid',
    neverInjectSelector: [...selectors(config.neverInjectSelector), ...selectors(webhook.neverInjectSelector)],
    alwaysInjectSelector: [...selectors(config.alwaysInjectSelector), ...selectors(webhook.alwaysInjectSelector)],
    enableNamespacesByDefault: webhook.enableNamespacesByDefault === true,
    path,
    rewriteAppHTTPProbe: typeof webhook.rewriteAppHTTPProbe === 'boolean' ? { enabled: webhook.rewriteAppHTTPProbe, path: REWRITE_PATH } : undefined,
  };
}

export const injectors = defineFact({
  id: 'injection.injectors',
  description: "the sidecar injector's settings of each revision (ConfigMap istio-sidecar-injector[-rev], IstioOperator values)",
  reads: ['ConfigMap', 'IstioOperator'],
  compute: ({ model }) => collectInjectors([...model.ofKind('ConfigMap')], [...model.ofKind('IstioOperator')]),
});

export interface Injection {
  of(workload: Workload): InjectionVerdict;
}

export const injection = defineFact({
  id: 'injection.verdicts',
  description: 'whether each pod template gets an Istio sidecar, and what decided it',
  reads: [...WORKLOAD_KINDS, 'Namespace'],
  uses: [injectors, revisions, istioVersion],
  compute: ({ model, use }): Injection => {
    const served = use(revisions);
    const version = use(istioVersion);
    // Looked up only for a value the releases read differently, so an input without one does not depend on the release.
    const injectValue = () => version.behaviour('inject-value').value as InjectValueReading;
    const context = { injectors: use(injectors), servedRevisions: served.served, webhooksInInput: served.webhooksInInput, injectValue };
    const verdicts = new Map<Workload, InjectionVerdict>();
    for (const w of model.workloads) verdicts.set(w, injectionOf(w, { ...context, namespace: model.namespace(w.namespace) }));
    return {
      of(workload) {
        const verdict = verdicts.get(workload);
        if (!verdict) throw new Error(`${workload.display} is not a workload of this model`);
        return verdict;
      },
    };
  },
});
