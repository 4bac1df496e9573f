/**
 * The peer connections of a workload (apps.peerTraffic) that no headless Service selecting its
 * pods declares. Client sidecars build per-pod listeners only for the ports of headless Services
 * (a ClusterIP Service's port gets a listener on its cluster IP alone), so replicas that dial each
 * other on such a port leave as passthrough, whether or not the port is a containerPort: Redis
 * cluster's bus, memberlist, JGroups under operators that declare no container ports.
 */
import { asArray, asObj, type Resource } from '../../load/resource.js';
import { WORKLOAD_KINDS, type Workload } from '../../model/workload.js';
import type { Model } from '../../model/model.js';
import { peerTraffic, type PeerConnection } from '../apps/peer-traffic.js';
import { defineFact } from '../define.js';
import { headless } from './headless.js';
import { containerPortOf, servicePorts } from './service-ports.js';

export interface PeerPortGap {
  connection: PeerConnection;
  /**
   * `headless`: the headless Service the peers go through lacks the port;
   * `pod-ip`: peers dial pod IPs and no headless Service selects the pods at all
   */
  kind: 'headless' | 'pod-ip';
  /** the headless Service that lacks the port, or (pod-ip) a ClusterIP Service that declares it, whose listener does not cover pod IPs */
  service?: Resource;
}

export interface PeerPortGaps {
  of(workload: Workload): PeerPortGap[];
}

const declares = (service: Resource, port: number, workload: Workload): boolean =>
  servicePorts(service).some((p) => p.port === port || containerPortOf(p, workload) === port);

/** A ServiceEntry in the Service's namespace declares the port for hosts under the Service's name. */
function serviceEntryCovers(model: Model, service: Resource, port: number): boolean {
  const under = `.${service.name}.${service.namespace}.`;
  return model.ofKind('ServiceEntry').some(
    (se) =>
      se.namespace === service.namespace &&
      asArray(se.spec.ports).some((p) => asObj(p)?.number === port) &&
      asArray(se.spec.hosts).some((h) => typeof h === 'string' && (`.${h}.`.includes(under) || h.startsWith(`${service.name}.`))),
  );
}

function gapsOf(model: Model, isHeadless: (s: Resource) => boolean, connections: readonly PeerConnection[], w: Workload): PeerPortGap[] {
  // One replica has no peer to dial.
  if ((w.replicas ?? 2) <= 1) return [];
  const own = model.servicesOf(w);
  const gaps: PeerPortGap[] = [];
  const seen = new Set<number>();
  for (const c of connections) {
    if (seen.has(c.port)) continue;
    seen.add(c.port);
    // A port only some setups use counts where the pods declare it (then the containerPort flow sees it).
    if (c.optional && !w.ports().some((p) => p.containerPort === c.port)) continue;
    const headlessOfPods = [...new Set([...(c.service ? [c.service] : []), ...own.filter(isHeadless)])];
    if (headlessOfPods.some((s) => declares(s, c.port, w))) continue;
    // ServiceEntries written for the per-pod names give the port listeners of their own (the
    // workaround of old Istio releases); port-captured-mesh-wide judges those.
    if (c.service && serviceEntryCovers(model, c.service, c.port)) continue;
    if (c.service) gaps.push({ connection: c, kind: 'headless', service: c.service });
    else if (c.addressing === 'pod-ip' && headlessOfPods.length === 0) gaps.push({ connection: c, kind: 'pod-ip', service: own.find((s) => declares(s, c.port, w)) });
  }
  return gaps;
}

export const peerPortGaps = defineFact({
  id: 'headless.peerPortGaps',
  description: 'the ports replicas dial each other on that no headless Service selecting their pods declares',
  reads: [...WORKLOAD_KINDS, 'Service', 'ServiceEntry'],
  uses: [peerTraffic, headless],
  compute: ({ model, use }): PeerPortGaps => {
    const traffic = use(peerTraffic);
    const isHeadless = use(headless).isHeadless;
    const memo = new Map<Workload, PeerPortGap[]>();
    return {
      of(workload) {
        let gaps = memo.get(workload);
        if (!gaps) memo.set(workload, (gaps = gapsOf(model, isHeadless, traffic.of(workload), workload)));
        return gaps;
      },
    };
  },
});
