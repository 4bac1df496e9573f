/**
 * Every host name written in Istio networking and security resources, with its path: the places
 * where a DNS name must match istiod's service names (`<svc>.<ns>.svc.<domain>`) to take effect.
 */
import type { Path } from '../../load/parser.js';
import { asArray, asObj, asString, type Resource } from '../../load/resource.js';

export interface WrittenHost {
  resource: Resource;
  /** the DNS name, without a Sidecar's `namespace/` prefix */
  host: string;
  path: Path;
  field: string;
}

type Emit = (host: unknown, path: Path, field: string) => void;

function each(list: unknown, path: Path, fn: (item: Record<string, unknown>, path: Path) => void): void {
  asArray(list).forEach((raw, i) => {
    const item = asObj(raw);
    if (item) fn(item, [...path, i]);
  });
}

function hostList(list: unknown, path: Path, field: string, emit: Emit): void {
  asArray(list).forEach((h, i) => emit(h, [...path, i], field));
}

const READERS: Record<string, (r: Resource, emit: Emit) => void> = {
  DestinationRule: (r, emit) => emit(r.spec.host, ['spec', 'host'], 'spec.host'),
  ServiceEntry: (r, emit) => hostList(r.spec.hosts, ['spec', 'hosts'], 'spec.hosts', emit),
  VirtualService: (r, emit) => {
    hostList(r.spec.hosts, ['spec', 'hosts'], 'spec.hosts', emit);
    for (const kind of ['http', 'tcp', 'tls']) {
      each(r.spec[kind], ['spec', kind], (route, path) => {
        each(route.route, [...path, 'route'], (dest, p) => emit(asObj(dest.destination)?.host, [...p, 'destination', 'host'], 'destination.host'));
        emit(asObj(route.mirror)?.host, [...path, 'mirror', 'host'], 'mirror.host');
      });
    }
  },
  Sidecar: (r, emit) => each(r.spec.egress, ['spec', 'egress'], (listener, path) => hostList(listener.hosts, [...path, 'hosts'], 'egress hosts', emit)),
  AuthorizationPolicy: (r, emit) =>
    each(r.spec.rules, ['spec', 'rules'], (rule, path) =>
      each(rule.to, [...path, 'to'], (to, p) => {
        const operation = asObj(to.operation);
        hostList(operation?.hosts, [...p, 'operation', 'hosts'], 'operation.hosts', emit);
        hostList(operation?.notHosts, [...p, 'operation', 'notHosts'], 'operation.notHosts', emit);
      }),
    ),
};

export const HOST_KINDS = Object.keys(READERS);

export function writtenHosts(resource: Resource): WrittenHost[] {
  const read = READERS[resource.kind];
  if (!read || !resource.ref.apiVersion.includes('istio.io/')) return [];
  const out: WrittenHost[] = [];
  read(resource, (raw, path, field) => {
    const text = asString(raw);
    if (!text) return;
    const host = resource.kind === 'Sidecar' && text.includes('/') ? text.slice(text.indexOf('/') + 1) : text;
    out.push({ resource, host, path, field });
  });
  return out;
}
