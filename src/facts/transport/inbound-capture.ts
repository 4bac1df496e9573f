/**
 * Which inbound ports a sidecar's iptables rules capture, from the pod annotations the injector
 * hands to istio-iptables: `traffic.sidecar.istio.io/includeInboundPorts` (default `*`, every port)
 * and `traffic.sidecar.istio.io/excludeInboundPorts`, which only counts when every port is
 * included (https://istio.io/latest/docs/reference/config/annotations/). A port that is not
 * captured reaches the application directly, bypassing the sidecar.
 */
import type { Path } from '../../load/parser.js';
import type { Resource } from '../../load/resource.js';
import type { Workload } from '../../model/workload.js';

export const INCLUDE_INBOUND_PORTS = 'traffic.sidecar.istio.io/includeInboundPorts';
export const EXCLUDE_INBOUND_PORTS = 'traffic.sidecar.istio.io/excludeInboundPorts';

export interface UncapturedPort {
  /** the annotation that leaves the port out */
  annotation: typeof INCLUDE_INBOUND_PORTS | typeof EXCLUDE_INBOUND_PORTS;
  value: string;
  resource: Resource;
  path: Path;
}

/** Comma-separated port numbers; `*` is every port. Words other than numbers are ignored. */
function portList(value: string): { all: boolean; ports: Set<number> } {
  const items = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  return { all: items.includes('*'), ports: new Set(items.filter((s) => /^\d+$/.test(s)).map(Number)) };
}

/** Why the sidecar does not capture inbound `containerPort`; undefined when it does. */
export function inboundExclusion(workload: Workload, containerPort: number): UncapturedPort | undefined {
  const at = (annotation: UncapturedPort['annotation'], value: string): UncapturedPort => ({ annotation, value, resource: workload.resource, path: workload.metadataPath('annotations', annotation) });
  const include = workload.annotations[INCLUDE_INBOUND_PORTS];
  if (include !== undefined) {
    const list = portList(include);
    // An empty include list captures nothing inbound at all.
    if (!list.all) return list.ports.has(containerPort) ? undefined : at(INCLUDE_INBOUND_PORTS, include);
  }
  const exclude = workload.annotations[EXCLUDE_INBOUND_PORTS];
  if (exclude !== undefined && portList(exclude).ports.has(containerPort)) return at(EXCLUDE_INBOUND_PORTS, exclude);
  return undefined;
}
