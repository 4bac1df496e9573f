/**
 * The two ends of a trace: `--from NS/WORKLOAD` and `--to NAME[:PORT]` (any DNS name the caller
 * could use, or NS/SERVICE), resolved the way the caller's resolver would.
 */
import { facts } from '../facts/index.js';
import type { Analysis } from '../facts/store.js';
import { UsageError } from '../cli/usage-error.js';
import { renamedServiceIn, resolve, type DnsReference } from '../facts/calls/callers.js';
import { readingsOf, type NameParts } from '../text/dns-names.js';
import { builtIn, podHostnames } from '../facts/dns/name-resolution.js';
import { servicePorts, type ServicePort } from '../facts/headless/service-ports.js';
import type { Workload } from '../model/workload.js';
import type { Resource } from '../load/resource.js';
import { closest } from '../util/did-you-mean.js';

export interface TraceEnds {
  caller: Workload;
  /** the name as the caller would dial it (lowercase, no trailing dot) */
  name: string;
  parts: NameParts;
  /** namespace the name resolves in */
  namespace: string;
  service?: Resource;
  /** a Service every cluster has (kubernetes, kube-dns) that the input does not hold */
  builtIn: boolean;
  /** the workloads whose pods answer: the per-pod name's owner, else the Service's pods */
  targets: Workload[];
  port?: number;
  /** where the port came from, for messages */
  portOrigin: 'given' | 'manifest' | 'only port' | 'none';
  servicePort?: ServicePort;
  /** the caller's own use of this name in its manifests, when there is one */
  reference?: DnsReference;
  /** the same name as a DnsReference, for the shared name checks */
  asReference: DnsReference;
}

const NAME_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function findCaller({ model }: Analysis, text: string): Workload {
  const parts = text.split('/');
  if (parts.length !== 2 || !parts[0] || !parts[1]) throw new UsageError(`--from "${text}" must be NS/WORKLOAD, e.g. app/api`);
  const [namespace, name] = parts as [string, string];
  const found = model.workloadsIn(namespace).filter((w) => w.name === name);
  if (found.length === 1) return found[0] as Workload;
  if (found.length > 1) throw new UsageError(`--from "${text}" names ${found.map((w) => w.display).join(' and ')}; rename one or trace from a Pod`);
  const names = model.workloads.map((w) => `${w.namespace}/${w.name}`);
  const guess = closest(`${namespace}/${name}`, names);
  const known = names.length > 0 ? '' : ' (the input has no workload at all)';
  throw new UsageError(`--from: no workload "${name}" in namespace ${namespace}${guess ? `; did you mean "${guess}"?` : known}`);
}

/** NAME, NAME:PORT, NS/SERVICE or NS/SERVICE:PORT. */
export function parseTo(text: string): { host: string; port?: number; nsService?: { namespace: string; service: string } } {
  const m = /^(.*?)(?::(\d+))?$/.exec(text.trim()) as RegExpExecArray;
  const host = (m[1] ?? '').toLowerCase().replace(/\.$/, '');
  const port = m[2] === undefined ? undefined : Number(m[2]);
  if (port !== undefined && !(port >= 1 && port <= 65535)) throw new UsageError(`--to: port ${m[2]} is not from 1 to 65535`);
  if (host.includes('/')) {
    const [namespace, service, ...rest] = host.split('/');
    if (rest.length > 0 || !namespace || !service || !NAME_RE.test(namespace) || !NAME_RE.test(service)) throw new UsageError(`--to "${text}" must be a DNS name or NS/SERVICE, with an optional :PORT`);
    return { host, port, nsService: { namespace, service } };
  }
  if (/^[\d.]+$/.test(host) || host.includes(':')) throw new UsageError(`--to "${text}" is an address: trace follows DNS names; for NetworkPolicies between addresses use reach`);
  if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(host) || host.includes('..')) throw new UsageError(`--to "${text}" is not a DNS name (or NS/SERVICE)`);
  return { host, port };
}

export function resolveEnds(analysis: Analysis, fromText: string, toText: string): TraceEnds {
  const { model, use } = analysis;
  const caller = findCaller(analysis, fromText);
  const to = parseTo(toText);
  const domain = use(facts.clusterDomain).effective;
  const name = to.nsService ? `${to.nsService.service}.${to.nsService.namespace}.svc.${domain}` : to.host;
  const resolved = resolve(name, caller.namespace, {
    workloads: [],
    configMap: () => undefined,
    service: (ns, svc) => model.get('Service', ns, svc),
    renamedService: renamedServiceIn(model),
  }) ?? fallbackReading(name, caller.namespace);
  const { parts, namespace, service } = resolved;
  const renamed = resolved.renamed;
  const reference = use(facts.callers).from(caller).find((r) => r.name === name && (to.port === undefined || r.port === undefined || r.port === to.port));
  const ports = service ? servicePorts(service) : [];
  let port = to.port;
  let portOrigin: TraceEnds['portOrigin'] = port !== undefined ? 'given' : 'none';
  if (port === undefined && reference?.port !== undefined) [port, portOrigin] = [reference.port, 'manifest'];
  if (port === undefined && ports.length === 1) [port, portOrigin] = [ports[0]?.port, 'only port'];
  const servicePort = port === undefined ? undefined : ports.find((p) => p.port === port);
  let targets: Workload[] = [];
  if (service) {
    const owners = parts.pod ? podHostnames(model, service).owners : [];
    const owner = owners.find((w) => (w.kind === 'StatefulSet' ? parts.pod?.startsWith(`${w.name}-`) : w.podSpec.hostname === parts.pod));
    targets = owner ? [owner] : [...new Set([...model.selectedBy(service), ...model.governedBy(service)])];
  }
  const asReference: DnsReference = {
    caller,
    service,
    renamed,
    parts,
    namespace,
    name,
    port,
    resource: reference?.resource ?? caller.resource,
    path: reference?.path ?? caller.metadataPath(),
    located: reference?.located ?? caller.resource.locate(caller.metadataPath()),
  };
  return { caller, name, parts, namespace, service, builtIn: !service && builtIn(model, namespace, parts.service), targets, port, portOrigin, servicePort, reference, asReference };
}

/** A name no reading resolves: take the widest reading, so the DNS hop names the Service and namespace it asks for. */
function fallbackReading(name: string, callerNamespace: string): { parts: NameParts; namespace: string; service?: Resource; renamed?: Resource } {
  const parts = readingsOf(name).at(-1) ?? { service: name.split('.')[0] as string };
  return { parts, namespace: parts.namespace ?? callerNamespace };
}
