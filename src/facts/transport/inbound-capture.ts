/**
 * Which inbound ports a sidecar's iptables rules capture. istio-iptables takes `-b` (ports to
 * capture, `*` for all) and `-d` (ports excluded, only when all are captured); the injector writes
 * them into the istio-init (or istio-validation) args from the pod annotations
 * `traffic.sidecar.istio.io/includeInboundPorts` (default `*`) and `excludeInboundPorts`
 * (https://istio.io/latest/docs/reference/config/annotations/, tools/istio-iptables/pkg/cmd/root.go).
 * An injected pod is read from its args, a template not injected yet from the annotations (the
 * proxySettings fact). A port that is not captured reaches the application directly.
 */
import type { Path } from '../../load/parser.js';
import type { Resource } from '../../load/resource.js';
import type { Workload } from '../../model/workload.js';
import { readProxySettings, TRAFFIC_ANNOTATIONS, type ProxySettings, type Setting, type ValueList } from '../injection/proxy-settings.js';

export const INCLUDE_INBOUND_PORTS = TRAFFIC_ANNOTATIONS.includeInboundPorts;
export const EXCLUDE_INBOUND_PORTS = TRAFFIC_ANNOTATIONS.excludeInboundPorts;

export interface UncapturedPort {
  /** the setting that leaves the port out: the annotation's name, also when it was read from istio-iptables' args */
  annotation: typeof INCLUDE_INBOUND_PORTS | typeof EXCLUDE_INBOUND_PORTS;
  /** where it was read, as users name it: `annotation traffic.sidecar.istio.io/excludeInboundPorts`, `istio-init args -d` */
  source: string;
  value: string;
  resource: Resource;
  path: Path;
}

const listed = (list: ValueList, port: number) => list.items.some((p) => /^\d+$/.test(p) && Number(p) === port);

/** Why the sidecar does not capture inbound `containerPort`; undefined when it does. */
export function inboundExclusion(workload: Workload, containerPort: number, settings: ProxySettings = readProxySettings(workload)): UncapturedPort | undefined {
  const at = (annotation: UncapturedPort['annotation'], s: Setting<ValueList>): UncapturedPort => ({ annotation, source: s.source, value: s.text, resource: s.resource, path: s.path });
  const include = settings.traffic.includeInboundPorts;
  // An empty include list captures nothing inbound at all.
  if (include && !include.value.all) return listed(include.value, containerPort) ? undefined : at(INCLUDE_INBOUND_PORTS, include);
  const exclude = settings.traffic.excludeInboundPorts;
  if (exclude && listed(exclude.value, containerPort)) return at(EXCLUDE_INBOUND_PORTS, exclude);
  return undefined;
}

/**
 * Why a caller's sidecar leaves outbound connections to `port` uncaptured, so the application
 * sends them itself, in plaintext: `-o` / excludeOutboundPorts lists the port, or `-i` /
 * includeOutboundIPRanges is empty (no outbound capture at all). undefined when they are captured.
 */
export function outboundBypass(settings: ProxySettings, port: number): Setting<ValueList> | undefined {
  const exclude = settings.traffic.excludeOutboundPorts;
  if (exclude && listed(exclude.value, port)) return exclude;
  const include = settings.traffic.includeOutboundIPRanges;
  const includePorts = settings.traffic.includeOutboundPorts;
  if (include && !include.value.all && include.value.items.length === 0 && !(includePorts && listed(includePorts.value, port))) return include;
  return undefined;
}
