/**
 * Whether the pods of a workload carry a label with a value, counting the labels that are not in
 * the pod template: those the controllers add (a StatefulSet's `statefulset.kubernetes.io/pod-name`
 * and `apps.kubernetes.io/pod-index` for each ordinal, a Job's `job-name`), those the sidecar
 * injector adds, and the node's locality that istiod adds to an endpoint's labels
 * (pkg/kube/labels AugmentLabels: only non-empty values). A hash or a node label cannot be known
 * from manifests: `unknown`, never a guess.
 */
import { asObj, type Resource } from '../../load/resource.js';
import type { Workload } from '../../model/workload.js';

export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';

/** Added by controllers or the injector with values no manifest shows. */
const UNKNOWABLE = new Set([
  'pod-template-hash',
  'controller-revision-hash',
  'pod-template-generation',
  'controller-uid',
  'batch.kubernetes.io/controller-uid',
  'security.istio.io/tlsMode',
  'service.istio.io/canonical-name',
  'service.istio.io/canonical-revision',
]);

/** Set by istiod on endpoints from the node, the cluster and the network, when not empty. */
export const AUGMENTED = new Set(['topology.kubernetes.io/region', 'topology.kubernetes.io/zone', 'topology.istio.io/subzone', 'topology.istio.io/cluster', 'topology.istio.io/network', 'kubernetes.io/hostname']);

/** The ordinals of a StatefulSet's pods, or undefined when the count cannot be read. */
export function ordinals(workload: Workload, autoscalers: readonly Resource[]): { first: number; count: number } | undefined {
  if (workload.kind !== 'StatefulSet') return undefined;
  const start = asObj(workload.resource.spec.ordinals)?.start;
  const first = start === undefined ? 0 : typeof start === 'number' && Number.isInteger(start) && start >= 0 ? start : undefined;
  if (first === undefined) return undefined;
  const scaler = autoscalers.find((h) => {
    const target = asObj(h.spec.scaleTargetRef);
    return h.namespace === workload.namespace && target?.kind === 'StatefulSet' && target.name === workload.name;
  });
  // An autoscaler may run it up to maxReplicas: the pods that can exist are those below it.
  const replicas = scaler ? scaler.spec.maxReplicas : workload.resource.spec.replicas === undefined ? 1 : workload.resource.spec.replicas;
  return typeof replicas === 'number' && Number.isInteger(replicas) && replicas >= 0 ? { first, count: replicas } : undefined;
}

export type LabelAnswer = 'yes' | 'no' | 'unknown';

/**
 * Do some pods of the workload carry every label of `wanted`? `no` with the key that excludes
 * them all; the pod-name and pod-index of a StatefulSet must name one existing ordinal together.
 */
export function podsCarry(workload: Workload, wanted: Record<string, string>, autoscalers: readonly Resource[]): { answer: LabelAnswer; key?: string } {
  const own = workload.labels;
  const live = workload.kind === 'Pod';
  let allowed: Set<number> | undefined;
  let unknown = false;
  for (const [key, value] of Object.entries(wanted)) {
    if (Object.prototype.hasOwnProperty.call(own, key)) {
      // istiod overwrites a locality label with the node's when that is not empty.
      if (own[key] === value) continue;
      if (AUGMENTED.has(key) && value !== '') {
        unknown = true;
        continue;
      }
      return { answer: 'no', key };
    }
    if (AUGMENTED.has(key)) {
      if (value === '') return { answer: 'no', key };
      unknown = true;
      continue;
    }
    if (!live && (key === POD_NAME_LABEL || key === POD_INDEX_LABEL) && workload.kind === 'StatefulSet') {
      const range = ordinals(workload, autoscalers);
      if (!range) {
        unknown = true;
        continue;
      }
      const ordinal = key === POD_NAME_LABEL ? ordinalOfName(workload.name, value) : /^(0|[1-9]\d*)$/.test(value) ? Number(value) : undefined;
      const ok = ordinal !== undefined && ordinal >= range.first && ordinal < range.first + range.count && (!allowed || allowed.has(ordinal));
      if (!ok) return { answer: 'no', key };
      allowed = new Set([ordinal]);
      continue;
    }
    if (!live && workload.kind === 'Job' && (key === 'job-name' || key === 'batch.kubernetes.io/job-name')) {
      if (value === workload.name) continue;
      return { answer: 'no', key };
    }
    if (!live && UNKNOWABLE.has(key)) {
      unknown = true;
      continue;
    }
    return { answer: 'no', key };
  }
  return { answer: unknown ? 'unknown' : 'yes' };
}

function ordinalOfName(statefulSet: string, podName: string): number | undefined {
  if (!podName.startsWith(`${statefulSet}-`)) return undefined;
  const rest = podName.slice(statefulSet.length + 1);
  return /^(0|[1-9]\d*)$/.test(rest) ? Number(rest) : undefined;
}
