/**
 * The traffic a headless Service carries, as the input shows it: calls from other workloads
 * (DNS names with the port they name, from the caller index) and replication between the
 * replicas of the StatefulSets it governs (their container ports). Rules about mTLS,
 * authorization and ports reason over these flows.
 */
import type { Located, Path } from '../../load/parser.js';
import type { Resource } from '../../load/resource.js';
import type { DnsReference } from '../calls/callers.js';
import { containerPortOf, servicePorts, type ServicePort } from './service-ports.js';
import { WORKLOAD_KINDS, type Workload } from '../../model/workload.js';
import { callers } from '../calls/callers.js';
import { defineFact } from '../define.js';
import type { Model } from '../../model/model.js';
import type { CallerIndex } from '../calls/callers.js';

export interface HeadlessFlow {
  service: Resource;
  caller: Workload;
  /** `caller`: another workload; `peer`: the Service's own pods (replication, self-calls) */
  kind: 'caller' | 'peer';
  /** the port dialled */
  port: number;
  /** the Service port it matches; undefined when the Service does not declare the port */
  servicePort?: ServicePort;
  /** the port was not written: the Service's only port is assumed */
  portAssumed: boolean;
  /** where the flow shows in the input */
  resource: Resource;
  path: Path;
  located?: Located;
  reference?: DnsReference;
}

/** The container port a flow reaches on a backing pod template. */
export function targetPortOn(flow: HeadlessFlow, workload: Workload): number | undefined {
  return flow.servicePort ? containerPortOf(flow.servicePort, workload) : flow.port;
}

function flowsOf(model: Model, index: CallerIndex, service: Resource): HeadlessFlow[] {
  const ports = servicePorts(service);
  const backing = model.selectedBy(service);
  const flows: HeadlessFlow[] = [];
  for (const ref of index.toService(service)) {
    const kind = backing.includes(ref.caller) ? 'peer' : 'caller';
    const base = { service, caller: ref.caller, kind, resource: ref.resource, path: ref.path, reference: ref } as const;
    if (ref.port !== undefined) {
      flows.push(lazyLocated({ ...base, port: ref.port, servicePort: ports.find((p) => p.port === ref.port), portAssumed: false }, ref));
    } else if (ports.length === 1) {
      const only = ports[0] as ServicePort;
      flows.push(lazyLocated({ ...base, port: only.port, servicePort: only, portAssumed: true }, ref));
    }
  }
  for (const sts of model.governedBy(service)) {
    if (!backing.includes(sts)) continue;
    const containerPorts = sts.ports().filter((p) => p.protocol.toUpperCase() !== 'UDP');
    if (containerPorts.length === 0) {
      for (const sp of ports) flows.push({ service, caller: sts, kind: 'peer', port: sp.port, servicePort: sp, portAssumed: true, resource: sts.resource, path: ['spec', 'serviceName'] });
      continue;
    }
    for (const cp of containerPorts) {
      const sp = ports.find((p) => containerPortOf(p, sts) === cp.containerPort);
      flows.push({ service, caller: sts, kind: 'peer', port: sp?.port ?? cp.containerPort, servicePort: sp, portAssumed: false, resource: sts.resource, path: [...cp.path, 'containerPort'] });
    }
  }
  return flows;
}

/** Where a flow is written, for a finding or a related note. */
export function flowTarget(flow: HeadlessFlow): { resource: Resource; path: Path; located?: Located } {
  return { resource: flow.resource, path: flow.path, located: flow.located };
}

export function describeFlow(flow: HeadlessFlow): string {
  if (flow.kind === 'peer' && !flow.reference) return `the replicas of ${flow.caller.display} (replication on port ${flow.port})`;
  return `${flow.caller.display} (calls ${flow.reference?.name ?? flow.service.name}:${flow.port}${flow.portAssumed ? ', the only Service port' : ''})`;
}

// A reference's position costs a positioned parse of its file: read it only when a finding uses it.
function lazyLocated<T extends object>(flow: T, ref: { readonly located: Located }): T & { readonly located: Located } {
  return Object.defineProperty(flow, 'located', { get: () => ref.located, enumerable: true }) as T & { readonly located: Located };
}

export interface HeadlessFlows {
  of(service: Resource): HeadlessFlow[];
}

export const headlessFlows = defineFact({
  id: 'headless.flows',
  description: "the traffic each Service carries: other workloads' calls and its replicas' replication",
  reads: [...WORKLOAD_KINDS, 'Service'],
  uses: [callers],
  compute: ({ model, use }): HeadlessFlows => {
    const index = use(callers);
    const memo = new Map<Resource, HeadlessFlow[]>();
    return {
      of(service) {
        let flows = memo.get(service);
        if (!flows) memo.set(service, (flows = flowsOf(model, index, service)));
        return flows;
      },
    };
  },
});
