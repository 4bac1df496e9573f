/**
 * The connections a workload's replicas open to each other (quorum, gossip, replication,
 * election), from the catalogue entry of the system it runs: the port as the manifests set it
 * (env, args, a mounted ConfigMap) or the catalogue's default, its protocol, how peers address
 * each other, and the headless Service they go through. Calls from other workloads are
 * `facts.callers`; these are the calls a workload makes to itself.
 */
import type { Path } from '../../load/parser.js';
import { asString, type Resource } from '../../load/resource.js';
import { evidenceFor } from '../../knowledge/recognise-system.js';
import { resolvePorts, type SettingSource } from '../../knowledge/port-settings.js';
import { isPeerPort, modeOf, portsOf, type PeerAddressing, type PeerAddressingEntry, type PortRole } from '../../knowledge/systems.js';
import type { WorkloadInputs } from '../../knowledge/workload-inputs.js';
import type { Workload } from '../../model/workload.js';
import { defineFact } from '../define.js';
import { headless } from '../headless/headless.js';
import { systems } from './systems.js';

export interface PeerConnection {
  port: number;
  portName?: string;
  role: PortRole;
  protocol: string;
  serverFirst: boolean;
  /** only some setups or components use the port (the catalogue's `optional`) */
  optional: boolean;
  addressing: PeerAddressing;
  /** the headless Service the peers find each other through, when the input has it */
  service?: Resource;
  evidence: { source: SettingSource; resource?: Resource; path?: Path; text: string };
}

export interface PeerTraffic {
  of(workload: Workload): PeerConnection[];
}

function addressingOf(entry: PeerAddressingEntry, inputs: WorkloadInputs): PeerAddressing {
  for (const override of entry.overrides ?? []) {
    if (evidenceFor(override.when, inputs).length > 0) return override.value;
  }
  return entry.default;
}

export const peerTraffic = defineFact({
  id: 'apps.peerTraffic',
  description: "the connections each workload's replicas open to each other: port, protocol, addressing and the evidence for them",
  reads: ['Service'],
  uses: [systems, headless],
  compute: ({ model, use }): PeerTraffic => {
    const index = use(systems);
    const isHeadless = use(headless).isHeadless;
    const memo = new Map<Workload, PeerConnection[]>();
    const serviceOf = (w: Workload): Resource | undefined => {
      const governing = asString(w.resource.spec.serviceName);
      const governed = governing && w.kind === 'StatefulSet' ? model.get('Service', w.namespace, governing) : undefined;
      if (governed && isHeadless(governed)) return governed;
      return model.servicesOf(w).find(isHeadless);
    };
    const compute = (w: Workload): PeerConnection[] => {
      const match = index.of(w);
      if (!match) return [];
      // A mode that lists no ports at all runs no cluster (Keycloak's local caches): no peers to dial.
      if (modeOf(match.system, match.mode)?.ports?.length === 0) return [];
      const inputs = index.inputsOf(w);
      const ports = portsOf(match.system, match.mode);
      const resolved = resolvePorts(ports, inputs);
      const mode = modeOf(match.system, match.mode);
      const addressing = addressingOf(mode?.peerAddressing ?? match.system.peerAddressing, inputs);
      const service = serviceOf(w);
      return ports.filter(isPeerPort).flatMap((p) => {
        const r = resolved.get(p.name);
        if (!r) return [];
        const { number, ...evidence } = r;
        return [{ port: number, portName: p.name, role: p.role, protocol: p.protocol, serverFirst: p.serverFirst, optional: p.optional === true, addressing, service, evidence }];
      });
    };
    return {
      of(workload) {
        let list = memo.get(workload);
        if (!list) memo.set(workload, (list = compute(workload)));
        return list;
      },
    };
  },
});
