import { describe, expect, it } from 'vitest';
import { facts } from '../../../src/facts/index.js';
import { analysisOf } from '../../helpers/analysis-of.js';

const istiodPod = (name: string) => `
apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: istio-system
  labels: {app: istiod, istio.io/rev: default, pod-template-hash: 5d4c7b8f9}
  ownerReferences:
    - {apiVersion: apps/v1, kind: ReplicaSet, name: istiod-5d4c7b8f9, uid: 6a1f, controller: true, blockOwnerDeletion: true}
spec:
  containers:
    - name: discovery
      image: docker.io/istio/pilot:1.22.3-distroless
      args: [discovery, --monitoringAddr=:15014, --domain, cluster.local]
status: {phase: Running, podIP: 10.244.0.5}
`;

describe('istiod in a dump without its Deployment', () => {
  it('is found once from its pods, which stand for the Deployment', () => {
    const analysis = analysisOf(istiodPod('istiod-5d4c7b8f9-abcde'), istiodPod('istiod-5d4c7b8f9-fghij'));
    const found = analysis.use(facts.istiods);
    expect(found.map((i) => i.workload.display)).toEqual(['Pod istio-system/istiod-5d4c7b8f9-abcde']);
    expect(found[0]?.workload.owner).toEqual({ kind: 'Deployment', namespace: 'istio-system', name: 'istiod' });
  });

  it('a bare Pod running pilot is not istiod (nothing shows a Deployment)', () => {
    const bare = istiodPod('pilot-debug').replace(/ {2}ownerReferences:\n.*\n/, '');
    expect(analysisOf(bare).use(facts.istiods)).toEqual([]);
  });
});
