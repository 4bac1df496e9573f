/**
 * Which workloads an AuthorizationPolicy binds to, read from pod templates and StatefulSet
 * identity (src/facts/mesh/pod-labels.ts), not only from live Pods as istioctl analyze does
 * (istio/istio pkg/config/analysis/analyzers/authz/authorizationpolicies.go). A policy binds by
 * `selector.matchLabels` to the workloads of its own namespace, without a selector to the whole
 * namespace, and from the root namespace to matching workloads of every namespace (without a
 * selector: to all of them). Policies attached by targetRef(s) to waypoints and gateways are not
 * judged here.
 *
 * Manifests are often partial (a chart, one app's folder). A policy is said to select nothing
 * only where the input shows the workloads it could select: its namespace holds workloads of the
 * input, or the input declares the cluster's namespaces (see `declaresNamespaces`) and the
 * policy's namespace is none of them.
 */
import type { Path } from '../../load/parser.js';
import { asArray, asObj, scalarText, textList, type Resource } from '../../load/resource.js';
import type { NamespaceInfo } from '../../model/namespaces.js';
import { WORKLOAD_KINDS, type Workload } from '../../model/workload.js';
import { defineFact } from '../define.js';
import { inAmbientMesh, injection } from '../injection/injection.js';
import { meshConfigs } from '../mesh/mesh-config.js';
import { ordinals, podsCarry, POD_INDEX_LABEL, POD_NAME_LABEL } from '../mesh/pod-labels.js';
import { stringMatches } from './authorization.js';

/** A selector entry some pods of a near workload do not satisfy, and what they carry instead. */
export interface LabelMiss {
  key: string;
  wanted: string;
  carried?: string;
  /** for a StatefulSet's pod-name or pod-index label: the pods its replicas produce */
  pods?: string;
}

export type PolicyReach =
  /** attached by targetRef(s) to a waypoint or gateway: not judged */
  | { kind: 'attached' }
  /** the root namespace without a selector: every workload of the mesh */
  | { kind: 'meshWide' }
  | { kind: 'selects'; workloads: Workload[]; enforced: Workload[] }
  /** labels the manifests cannot show (a hash, a replica count) decide */
  | { kind: 'unknown' }
  /** the input does not show the workloads the policy could select */
  | { kind: 'unseen' }
  /**
   * No workload of the input carries the selector's labels in the namespaces the policy covers.
   * `closest`: the workload missing the fewest entries; `elsewhere`: workloads that carry them
   * in other namespaces, which a selector outside the root namespace never reaches.
   */
  | { kind: 'none'; meshScope: boolean; selector: Record<string, string>; candidates: number; closest?: { workload: Workload; misses: LabelMiss[] }; elsewhere: Workload[] }
  /** namespace-wide, in a namespace the input neither declares nor runs anything in */
  | { kind: 'emptyNamespace' };

/** A `source.namespaces` / `notNamespaces` pattern that matches no namespace of the input. */
export interface UnmatchedNamespace {
  field: 'namespaces' | 'notNamespaces';
  pattern: string;
  path: Path;
}

export interface PolicyReaches {
  rootNamespace: string;
  /** the namespaces Namespace objects of the input declare */
  declared: string[];
  /** the input declares the cluster's namespaces: Namespace objects for two namespaces or more */
  declaresNamespaces: boolean;
  /** every namespace of the input: declared, holding a resource, or always there (default, kube-system) */
  namespaces: string[];
  of(policy: Resource): PolicyReach;
  unmatchedNamespaces(policy: Resource): UnmatchedNamespace[];
}

function selectorOf(policy: Resource): Record<string, string> | undefined {
  const selector = asObj(policy.spec.selector);
  if (!selector) return undefined;
  const labels = asObj(selector.matchLabels) ?? {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels)) out[k] = scalarText(v) ?? '';
  // An empty matchLabels selects every workload, as no selector does.
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The workload whose pods miss the selector by the fewest entries, if it satisfies part of it. */
function closestMiss(workloads: readonly Workload[], selector: Record<string, string>, autoscalers: readonly Resource[]): { workload: Workload; misses: LabelMiss[] } | undefined {
  let best: { workload: Workload; misses: LabelMiss[] } | undefined;
  const keys = Object.keys(selector);
  for (const workload of workloads) {
    const misses = keys.filter((k) => podsCarry(workload, { [k]: selector[k] as string }, autoscalers).answer !== 'yes').map((k) => missOf(workload, k, selector[k] as string, autoscalers));
    if (misses.length === keys.length && !misses.some((m) => m.carried !== undefined || m.pods !== undefined)) continue;
    if (!best || misses.length < best.misses.length) best = { workload, misses };
  }
  return best;
}

function missOf(workload: Workload, key: string, wanted: string, autoscalers: readonly Resource[]): LabelMiss {
  const range = key === POD_NAME_LABEL || key === POD_INDEX_LABEL ? ordinals(workload, autoscalers) : undefined;
  if (!range) return { key, wanted, carried: workload.labels[key] };
  const last = range.first + range.count - 1;
  const name = (i: number) => (key === POD_NAME_LABEL ? `${workload.name}-${i}` : String(i));
  const pods = range.count === 0 ? 'no pods (replicas: 0)' : range.count === 1 ? name(range.first) : `${name(range.first)} to ${name(last)}`;
  return { key, wanted, carried: workload.labels[key], pods };
}

export const policyReach = defineFact({
  id: 'security.policyReach',
  description: 'the workloads each AuthorizationPolicy binds to (pod templates, StatefulSet pod identity), and source namespace patterns that match no namespace of the input',
  reads: ['AuthorizationPolicy', 'HorizontalPodAutoscaler', 'Namespace', ...WORKLOAD_KINDS],
  uses: [meshConfigs, injection],
  compute: ({ model, use }): PolicyReaches => {
    const rootNamespace = use(meshConfigs).rootNamespace;
    const autoscalers = model.ofKind('HorizontalPodAutoscaler');
    const infos: NamespaceInfo[] = model.namespaces;
    const declared = infos.filter((n) => n.known).map((n) => n.name);
    const declaresNamespaces = declared.length >= 2;
    const namespaces = infos.map((n) => n.name);
    const verdicts = use(injection);
    const enforcedOn = (w: Workload) => verdicts.of(w).injected !== false || inAmbientMesh(w, model.namespace(w.namespace), verdicts.of(w));
    const memo = new Map<Resource, PolicyReach>();

    function reachOf(policy: Resource): PolicyReach {
      if (policy.spec.targetRef !== undefined || policy.spec.targetRefs !== undefined) return { kind: 'attached' };
      const root = policy.namespace === rootNamespace;
      const selector = selectorOf(policy);
      if (root && !selector) return { kind: 'meshWide' };
      const candidates = root ? model.workloads : model.workloadsIn(policy.namespace);
      // A namespace the input does not show may hold workloads deployed from elsewhere.
      const shown = candidates.length > 0 ? !root || declaresNamespaces || model.workloadsIn(rootNamespace).length > 0 : declaresNamespaces && !declared.includes(policy.namespace);
      if (!selector) {
        if (candidates.length > 0) return { kind: 'selects', workloads: [...candidates], enforced: candidates.filter(enforcedOn) };
        return shown ? { kind: 'emptyNamespace' } : { kind: 'unseen' };
      }
      const selected: Workload[] = [];
      let unknown = false;
      for (const w of candidates) {
        const answer = podsCarry(w, selector, autoscalers).answer;
        if (answer === 'yes') selected.push(w);
        else if (answer === 'unknown') unknown = true;
      }
      if (selected.length > 0) return { kind: 'selects', workloads: selected, enforced: selected.filter(enforcedOn) };
      if (unknown) return { kind: 'unknown' };
      const elsewhere = root ? [] : model.workloads.filter((w) => w.namespace !== policy.namespace && podsCarry(w, selector, autoscalers).answer === 'yes');
      // Workloads carrying the labels in another namespace show where the policy was meant to go.
      if (!shown && elsewhere.length === 0) return { kind: 'unseen' };
      return { kind: 'none', meshScope: root, selector, candidates: candidates.length, closest: closestMiss(candidates, selector, autoscalers), elsewhere };
    }

    return {
      rootNamespace,
      declared,
      declaresNamespaces,
      namespaces,
      of(policy) {
        let reach = memo.get(policy);
        if (!reach) memo.set(policy, (reach = reachOf(policy)));
        return reach;
      },
      unmatchedNamespaces(policy) {
        // Callers' namespaces are usually other namespaces than the policy's: judged only when the input declares them.
        if (!declaresNamespaces) return [];
        const out: UnmatchedNamespace[] = [];
        asArray(policy.spec.rules).forEach((rule, i) => {
          asArray(asObj(rule)?.from).forEach((from, j) => {
            const source = asObj(asObj(from)?.source);
            for (const field of ['namespaces', 'notNamespaces'] as const) {
              textList(source?.[field]).forEach((pattern, k) => {
                if (!namespaces.some((ns) => stringMatches(pattern, ns))) out.push({ field, pattern, path: ['spec', 'rules', i, 'from', j, 'source', field, k] });
              });
            }
          });
        });
        return out;
      },
    };
  },
});
