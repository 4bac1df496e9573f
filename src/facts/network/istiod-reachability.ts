/**
 * Can a meshed workload's sidecar reach istiod on TCP 15012 (xDS and certificates)? One answer
 * for netpol-blocks-istiod and the network hop of `trace`: the istiods of the pod's injection
 * revision, else every istiod (a revision the input shows no istiod for).
 */
import type { Workload } from '../../model/workload.js';
import type { IstiodPods, Verdict } from '../../netpol/evaluator.js';
import { defineFact } from '../define.js';
import { injection } from '../injection/injection.js';
import { netpol } from './netpol.js';

export const XDS_PORT = 15012;

export interface IstiodPath {
  istiod: IstiodPods;
  verdict: Verdict;
}

export type IstiodReach =
  | { needs: false; why: 'no sidecar' | 'hostNetwork' | 'no pod template' }
  | { needs: true; revision: string; paths: IstiodPath[] };

export interface IstiodReachability {
  of(workload: Workload): IstiodReach;
}

export const istiodReachability = defineFact({
  id: 'network.istiodReachability',
  description: "whether each meshed workload's sidecar may reach istiod on TCP 15012",
  uses: [netpol, injection],
  compute: ({ use }): IstiodReachability => {
    const evaluator = use(netpol);
    const verdicts = use(injection);
    const memo = new Map<Workload, IstiodReach>();
    const reach = (workload: Workload): IstiodReach => {
      const verdict = verdicts.of(workload);
      if (verdict.injected !== true) return { needs: false, why: 'no sidecar' };
      const group = evaluator.groupOf(workload);
      if (!group) return { needs: false, why: 'no pod template' };
      if (group.hostNetwork) return { needs: false, why: 'hostNetwork' };
      const revision = verdict.revision ?? 'default';
      const ofRevision = evaluator.istiodPods.filter((i) => i.revision === revision);
      const targets = ofRevision.length > 0 ? ofRevision : evaluator.istiodPods;
      return { needs: true, revision, paths: targets.map((istiod) => ({ istiod, verdict: evaluator.evaluate({ kind: 'pods', group }, { kind: 'pods', group: istiod.group }, 'TCP', XDS_PORT) })) };
    };
    return {
      of(workload) {
        let answer = memo.get(workload);
        if (!answer) memo.set(workload, (answer = reach(workload)));
        return answer;
      },
    };
  },
});
