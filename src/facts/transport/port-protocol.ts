/**
 * The protocol Istio gives a Service port (istio/istio pkg/config/kube/conversion.go ConvertProtocol):
 * `protocol: UDP` first, then `appProtocol`, then the port name's prefix before the first `-`
 * (`grpc-web` checked whole); an unrecognised name means auto-detection (sniffing), except on a
 * few well-known server-first or binary ports that default to TCP.
 */
import type { Path } from '../../load/parser.js';
import { asString, type Obj } from '../../load/resource.js';

export type IstioProtocol = 'TCP' | 'UDP' | 'HTTP' | 'HTTP2' | 'HTTPS' | 'GRPC' | 'GRPC-Web' | 'HTTP_PROXY' | 'TLS' | 'Mongo' | 'Redis' | 'MySQL' | 'auto';

export interface PortProtocol {
  protocol: IstioProtocol;
  /** what decided it, for messages */
  from: 'protocol' | 'appProtocol' | 'name' | 'well-known port' | 'none';
  /** the field that decided it, relative to the port entry (empty when nothing did) */
  path: Path;
}

const PREFIXES: Record<string, IstioProtocol> = {
  tcp: 'TCP',
  udp: 'UDP',
  grpc: 'GRPC',
  'grpc-web': 'GRPC-Web',
  http: 'HTTP',
  http_proxy: 'HTTP_PROXY',
  http2: 'HTTP2',
  https: 'HTTPS',
  tls: 'TLS',
  mongo: 'Mongo',
  redis: 'Redis',
  mysql: 'MySQL',
};

/** Ports Istio treats as TCP when nothing names a protocol (SMTP, DNS, MySQL, MongoDB). */
export const WELL_KNOWN_TCP_PORTS = new Set([25, 53, 3306, 27017]);

const APP_PROTOCOL_SPECIAL: Record<string, IstioProtocol> = {
  'kubernetes.io/h2c': 'HTTP2',
  'kubernetes.io/ws': 'HTTP',
  'kubernetes.io/wss': 'HTTPS',
};

function parse(name: string): IstioProtocol | undefined {
  const lower = name.toLowerCase();
  if (lower.startsWith('grpc-web')) return 'GRPC-Web';
  const dash = lower.indexOf('-');
  return PREFIXES[dash >= 0 ? lower.slice(0, dash) : lower];
}

/** The protocol of one entry of a Service's `spec.ports`. */
export function servicePortProtocol(port: Obj): PortProtocol {
  if (asString(port.protocol)?.toUpperCase() === 'UDP') return { protocol: 'UDP', from: 'protocol', path: ['protocol'] };
  const number = typeof port.port === 'number' ? port.port : Number(port.port);
  const appProtocol = asString(port.appProtocol);
  if (appProtocol !== undefined) {
    const special = APP_PROTOCOL_SPECIAL[appProtocol];
    if (special) return { protocol: special, from: 'appProtocol', path: ['appProtocol'] };
    const parsed = parse(appProtocol);
    if (parsed) return { protocol: parsed, from: 'appProtocol', path: ['appProtocol'] };
  } else {
    const parsed = parse(asString(port.name) ?? '');
    if (parsed) return { protocol: parsed, from: 'name', path: ['name'] };
  }
  if (WELL_KNOWN_TCP_PORTS.has(number)) return { protocol: 'TCP', from: 'well-known port', path: ['port'] };
  return { protocol: 'auto', from: 'none', path: appProtocol !== undefined ? ['appProtocol'] : port.name !== undefined ? ['name'] : ['port'] };
}

/** Protocols whose traffic Istio handles as HTTP: routed by Host header, with HTTP-level policy. */
export function isHttpProtocol(protocol: IstioProtocol): boolean {
  return protocol === 'HTTP' || protocol === 'HTTP2' || protocol === 'GRPC' || protocol === 'GRPC-Web' || protocol === 'HTTP_PROXY';
}

/** Protocols where HTTP-only AuthorizationPolicy fields cannot apply (the TCP filter chain). */
export function isTcpProtocol(protocol: IstioProtocol): boolean {
  return !isHttpProtocol(protocol) && protocol !== 'auto';
}
