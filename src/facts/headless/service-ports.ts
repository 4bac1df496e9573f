/**
 * A Service's ports read defensively, with their Istio protocol and the container port they
 * reach on a given pod template (`targetPort` as a number, a name, or defaulting to `port`).
 */
import type { Path } from '../../load/parser.js';
import { asArray, asObj, asString, type Obj, type Resource } from '../../load/resource.js';
import { servicePortProtocol, type PortProtocol } from '../transport/port-protocol.js';
import type { Workload } from '../../model/workload.js';

export interface ServicePort {
  service: Resource;
  index: number;
  entry: Obj;
  name?: string;
  port: number;
  /** as written: a number, a container port name, or undefined (defaults to `port`) */
  targetPort?: number | string;
  protocol: PortProtocol;
  /** `UDP` or `SCTP` when written, else `TCP` (other values, which Kubernetes rejects, read as TCP) */
  transport: string;
  path: Path;
}

export function servicePorts(service: Resource): ServicePort[] {
  const out: ServicePort[] = [];
  asArray(service.spec.ports).forEach((raw, index) => {
    const entry = asObj(raw);
    if (!entry) return;
    const port = typeof entry.port === 'number' ? entry.port : Number(entry.port);
    if (!Number.isInteger(port)) return;
    const target = entry.targetPort;
    const targetPort = typeof target === 'number' ? target : typeof target === 'string' ? (/^\d+$/.test(target) ? Number(target) : target) : undefined;
    out.push({
      service,
      index,
      entry,
      name: asString(entry.name),
      port,
      targetPort,
      protocol: servicePortProtocol(entry),
      transport: transportOf(asString(entry.protocol)),
      path: ['spec', 'ports', index],
    });
  });
  return out;
}

function transportOf(protocol: string | undefined): string {
  const upper = protocol?.toUpperCase();
  return upper === 'UDP' || upper === 'SCTP' ? upper : 'TCP';
}

/** The container port number a Service port reaches on this pod template; undefined when a named targetPort is missing. */
export function containerPortOf(port: ServicePort, workload: Workload): number | undefined {
  if (port.targetPort === undefined) return port.port;
  if (typeof port.targetPort === 'number') return port.targetPort;
  return workload.resolveNamedPort(port.targetPort)?.containerPort;
}
