/**
 * In a multi-cluster run, each Service's counterpart: the Service of the same namespace and name
 * in the first cluster given before this one that has it. Istio treats them as one service (one
 * host, namespace sameness), so what each cluster declares about it must agree.
 */
import type { Resource } from '../../load/resource.js';
import { defineFact } from '../define.js';

export interface Counterpart {
  cluster: string;
  service: Resource;
}

export const serviceCounterparts = defineFact({
  id: 'multicluster.serviceCounterparts',
  description: 'for each Service, the same namespace/name Service of the first earlier cluster that has it (multi-cluster runs)',
  reads: ['Service'],
  compute: ({ model }): Map<Resource, Counterpart> => {
    const out = new Map<Resource, Counterpart>();
    const earlier = model.fleet?.earlier ?? [];
    for (const service of model.services) {
      for (const peer of earlier) {
        const other = peer.analysis.model.get('Service', service.namespace, service.name);
        if (!other) continue;
        out.set(service, { cluster: peer.name, service: other });
        break;
      }
    }
    return out;
  },
});

/**
 * For each Service, the other clusters of the run (before or after this one) whose Service of the
 * same namespace and name selects pods there: Istio adds their endpoints to this cluster's
 * service, so a Service that selects nothing here is the documented stub of namespace sameness.
 */
export const servedElsewhere = defineFact({
  id: 'multicluster.servedElsewhere',
  description: 'for each Service, the other clusters whose same namespace/name Service selects pods (multi-cluster runs)',
  reads: ['Service'],
  compute: ({ model }): Map<Resource, string[]> => {
    const out = new Map<Resource, string[]>();
    const others = model.fleet?.others ?? [];
    if (others.length === 0) return out;
    for (const service of model.services) {
      const serving = others.filter((peer) => {
        const theirs = peer.analysis.model.get('Service', service.namespace, service.name);
        return theirs !== undefined && peer.analysis.model.selectedBy(theirs).length > 0;
      });
      if (serving.length > 0) out.set(service, serving.map((p) => p.name));
    }
    return out;
  },
});
