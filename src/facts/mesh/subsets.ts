/**
 * DestinationRule subsets and the pods each selects. A subset's endpoints are the endpoints of the
 * host's Service whose labels (pod labels plus those istiod adds) carry every label of the subset
 * (istio/istio pilot/pkg/networking/core/cluster_builder.go: a subset cluster filters the
 * Service's endpoints by the subset labels). The pods are read from pod templates and StatefulSet
 * identity (src/facts/mesh/pod-labels.ts), not from live Pods only.
 */
import type { Path } from '../../load/parser.js';
import { asArray, asObj, asString, scalarText, type Resource } from '../../load/resource.js';
import { WORKLOAD_KINDS, type Workload } from '../../model/workload.js';
import { clusterDomain } from '../dns/cluster-domain.js';
import { defineFact } from '../define.js';
import { resolveRuleHost, serviceHost } from '../transport/destination-rules.js';
import { AUGMENTED, ordinals, podsCarry, POD_INDEX_LABEL, POD_NAME_LABEL } from './pod-labels.js';

export type SubsetReach =
  /** some pod of the Service carries the subset's labels */
  | { kind: 'selects' }
  /** the manifests cannot tell (a hash, a node's locality, an unread replica count) */
  | { kind: 'unknown' }
  /** the input shows no pod of the Service, or the host is no Service of the input */
  | { kind: 'unseen' }
  /** the subset asks for an empty locality label, which istiod never puts on an endpoint */
  | { kind: 'emptyLocality'; key: string }
  /** the subset asks for a value the Service's own selector excludes */
  | { kind: 'contradicts'; key: string; value: string; selectorValue: string }
  /** no pod of the Service carries the subset's labels; `key` excludes the last of them */
  | { kind: 'none'; key: string; workloads: Workload[]; ordinals?: OrdinalRange[] };

/** The pods a StatefulSet can have, for a subset that names one by ordinal. */
export interface OrdinalRange {
  workload: Workload;
  first: number;
  count: number;
}

export interface Subset {
  rule: Resource;
  name: string;
  path: Path;
  /** the host as istiod resolves it (short names in the rule's namespace) */
  host: string;
  labels: Record<string, string>;
  service?: Resource;
  reach: SubsetReach;
}

export interface Subsets {
  all: readonly Subset[];
  /** the subsets DestinationRules of the input define for a resolved host (exact or wildcard host) */
  definedFor(host: string): Subset[];
  /** whether any DestinationRule of the input is written for the host */
  rulesFor(host: string): Resource[];
}

function labelsOf(raw: unknown): Record<string, string> | undefined {
  const obj = asObj(raw);
  if (!obj) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj)) {
    const text = scalarText(v);
    if (text === undefined) return undefined;
    out[k] = text;
  }
  return out;
}

export function hostCovers(pattern: string, host: string): boolean {
  return pattern === host || pattern === '*' || (pattern.startsWith('*.') && host.endsWith(pattern.slice(1)));
}

function reachOf(labels: Record<string, string>, service: Resource | undefined, pods: readonly Workload[], autoscalers: readonly Resource[]): SubsetReach {
  if (!service) return { kind: 'unseen' };
  const selector = asObj(service.spec.selector) ?? {};
  for (const [key, value] of Object.entries(labels)) {
    const selectorValue = scalarText(selector[key]);
    if (selectorValue !== undefined && selectorValue !== value) return { kind: 'contradicts', key, value, selectorValue };
  }
  if (pods.length === 0) return { kind: 'unseen' };
  const emptyLocality = Object.keys(labels).find((key) => AUGMENTED.has(key) && labels[key] === '' && !pods.some((p) => p.labels[key] === ''));
  if (emptyLocality) return { kind: 'emptyLocality', key: emptyLocality };
  let unknown = false;
  let key = '';
  for (const pod of pods) {
    const carried = podsCarry(pod, labels, autoscalers);
    if (carried.answer === 'yes') return { kind: 'selects' };
    if (carried.answer === 'unknown') unknown = true;
    else key = carried.key ?? key;
  }
  if (unknown) return { kind: 'unknown' };
  const ranges = key === POD_NAME_LABEL || key === POD_INDEX_LABEL ? pods.flatMap((w) => {
    const range = ordinals(w, autoscalers);
    return range ? [{ workload: w, ...range }] : [];
  }) : [];
  return { kind: 'none', key, workloads: [...pods], ...(ranges.length === pods.length ? { ordinals: ranges } : {}) };
}

export const subsets = defineFact({
  id: 'mesh.subsets',
  description: 'the subsets of every DestinationRule, and whether pods of the host\'s Service carry their labels',
  reads: ['DestinationRule', 'Service', 'HorizontalPodAutoscaler', ...WORKLOAD_KINDS],
  uses: [clusterDomain],
  compute: ({ model, use }): Subsets => {
    const domain = use(clusterDomain).effective;
    const services = new Map(model.services.map((s) => [serviceHost(s, domain), s]));
    const autoscalers = model.ofKind('HorizontalPodAutoscaler');
    const all: Subset[] = [];
    const hostOf = new Map<Resource, string>();
    for (const rule of model.ofKind('DestinationRule')) {
      const written = asString(rule.spec.host);
      if (!written) continue;
      const host = resolveRuleHost(written, rule.namespace!, domain);
      hostOf.set(rule, host);
      const service = services.get(host);
      asArray(rule.spec.subsets).forEach((raw, i) => {
        const subset = asObj(raw);
        const name = asString(subset?.name);
        const labels = labelsOf(subset?.labels);
        if (!subset || !name) return;
        const reach: SubsetReach = labels && Object.keys(labels).length > 0 ? reachOf(labels, service, service ? model.selectedBy(service) : [], autoscalers) : { kind: labels ? 'selects' : 'unknown' };
        all.push({ rule, name, path: ['spec', 'subsets', i], host, labels: labels ?? {}, service, reach });
      });
    }
    return {
      all,
      definedFor: (host) => all.filter((s) => hostCovers(s.host, host)),
      rulesFor: (host) => [...hostOf].filter(([, h]) => hostCovers(h, host)).map(([r]) => r),
    };
  },
});
