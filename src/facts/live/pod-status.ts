/**
 * Live evidence of a cluster dump: each Pod's status as the kubelet wrote it (podIP, phase,
 * readiness, container states and restarts), per workload through the model's owners, with the
 * istio-proxy container's own state, whether it runs as a container or a native sidecar.
 */
import type { Path } from '../../load/parser.js';
import { asArray, asObj, asString, type Resource } from '../../load/resource.js';
import type { Workload } from '../../model/workload.js';
import { WORKLOAD_KINDS } from '../../model/workload.js';
import { defineFact } from '../define.js';

export const PROXY_CONTAINER = 'istio-proxy';

export interface ContainerState {
  name: string;
  init: boolean;
  ready: boolean;
  restartCount: number;
  /** running, waiting or terminated, as status.containerStatuses[].state holds it */
  state: 'running' | 'waiting' | 'terminated' | 'unknown';
  /** the waiting or terminated reason (CrashLoopBackOff, OOMKilled...) */
  reason?: string;
  /** the reason the last run ended (lastState.terminated.reason) */
  lastReason?: string;
  path: Path;
}

export interface PodStatus {
  pod: Resource;
  podIP?: string;
  phase?: string;
  /** the Ready condition; undefined when the status has none */
  ready?: boolean;
  containers: ContainerState[];
  /** the istio-proxy container's state, when the status lists it */
  proxy?: ContainerState;
}

function containerStates(pod: Resource, field: 'containerStatuses' | 'initContainerStatuses'): ContainerState[] {
  const status = asObj(pod.value.status) ?? {};
  return asArray(status[field]).flatMap((raw, i) => {
    const c = asObj(raw);
    if (!c) return [];
    const state = asObj(c.state) ?? {};
    const kind = (['running', 'waiting', 'terminated'] as const).find((k) => asObj(state[k]) !== undefined) ?? 'unknown';
    const lastTerminated = asObj(asObj(c.lastState)?.terminated);
    return [{
      name: asString(c.name) ?? '',
      init: field === 'initContainerStatuses',
      ready: c.ready === true,
      restartCount: typeof c.restartCount === 'number' ? c.restartCount : 0,
      state: kind,
      reason: kind === 'running' || kind === 'unknown' ? undefined : asString(asObj(state[kind])?.reason),
      lastReason: asString(lastTerminated?.reason),
      path: ['status', field, i],
    }];
  });
}

/** The status of one Pod; undefined when the document has no status (a manifest, not a dump). */
export function podStatusOf(pod: Resource): PodStatus | undefined {
  const status = asObj(pod.value.status);
  if (!status || Object.keys(status).length === 0) return undefined;
  const conditions = asArray(status.conditions).map(asObj);
  const readyCondition = conditions.find((c) => c?.type === 'Ready');
  const containers = [...containerStates(pod, 'initContainerStatuses'), ...containerStates(pod, 'containerStatuses')];
  return {
    pod,
    podIP: asString(status.podIP),
    phase: asString(status.phase),
    ready: readyCondition ? readyCondition.status === 'True' : undefined,
    containers,
    proxy: containers.find((c) => c.name === PROXY_CONTAINER),
  };
}

export interface LivePodsFact {
  /** the statuses of a workload's live Pods (the workload itself when a Pod stands for its owner) */
  of(workload: Workload): PodStatus[];
}

export const livePods = defineFact({
  id: 'live.pods',
  description: "the status of each workload's live Pods: podIP, phase, readiness, container states and restarts, the istio-proxy's state",
  reads: WORKLOAD_KINDS,
  compute: ({ model }): LivePodsFact => {
    const memo = new Map<Workload, PodStatus[]>();
    return {
      of(workload) {
        let list = memo.get(workload);
        if (!list) {
          list = model.podsOf(workload).flatMap((pod) => podStatusOf(pod) ?? []);
          memo.set(workload, list);
        }
        return list;
      },
    };
  },
});
