/**
 * The mesh as a picture: namespaces as groups; headless Services, the workloads behind them, their
 * callers, istiod and cluster DNS as nodes; calls and control-plane links as edges. An edge is
 * broken when a finding concerns one of its ends in that edge's domain (DNS, control plane, or
 * the call itself); it carries those rule ids.
 */
import { facts } from '../facts/index.js';
import type { Analysis } from '../facts/store.js';
import type { Finding } from '../engine/types.js';
import { matches, fromMap } from '../model/selector.js';
import type { Resource } from '../load/resource.js';
import type { Workload } from '../model/workload.js';

export type NodeKind = 'service' | 'workload' | 'istiod' | 'dns';
export type EdgeKind = 'call' | 'backs' | 'xds' | 'dns';

export interface PictureNode {
  id: string;
  kind: NodeKind;
  label: string;
  namespace: string;
  /** rule ids of findings on this node's resource */
  ruleIds: string[];
  /** the workload is expected to run a sidecar; undefined when the input does not say */
  injected?: boolean;
  /** for a Service: clusterIP None */
  headless?: boolean;
}

export interface PictureEdge {
  from: string;
  to: string;
  kind: EdgeKind;
  label: string;
  ruleIds: string[];
}

export interface Picture {
  namespaces: string[];
  nodes: PictureNode[];
  edges: PictureEdge[];
}

// dns-name-unresolvable is about the name a call uses, so it marks the call, not the DNS link;
// a trust domain is about identities, not DNS.
const DNS_RULES = /^(?!dns-name-unresolvable$|trust-domain).*(dns|coredns|domain)/;
// A Service selecting its pods breaks only through its selector, ports or governing StatefulSet.
const BACKS_RULES = /selector|port-mismatch|statefulset-service|headless-cluster-ip|service-not-headless|duplicate-resource/;
const CONTROL_RULES = /istiod|injector|discovered|revision/;

function resourceKey(kind: string, namespace: string | null, name: string): string {
  return `${kind}/${namespace ?? ''}/${name}`;
}

function nodeId(resource: Resource): string {
  return `${resource.kind}_${resource.namespace}_${resource.name}`.replace(/[^A-Za-z0-9_]/g, '_');
}

export function buildPicture({ model, use }: Analysis, findings: readonly Finding[]): Picture {
  const findingsByResource = new Map<string, Finding[]>();
  for (const f of findings) {
    if (!f.resource) continue;
    const k = resourceKey(f.resource.kind, f.resource.namespace, f.resource.name);
    const list = findingsByResource.get(k);
    if (list) list.push(f);
    else findingsByResource.set(k, [f]);
  }
  const rulesOf = (r: Resource) => [...new Set((findingsByResource.get(resourceKey(r.kind, r.ref.namespace, r.name)) ?? []).map((f) => f.ruleId))].sort();

  const nodes = new Map<string, PictureNode>();
  const edges: PictureEdge[] = [];
  const addNode = (resource: Resource, kind: NodeKind, label: string, workload?: Workload) => {
    const id = nodeId(resource);
    if (!nodes.has(id)) {
      nodes.set(id, { id, kind, label, namespace: resource.namespace, ruleIds: rulesOf(resource), injected: workload ? use(facts.injection).of(workload).injected : undefined });
    }
    return id;
  };
  const edgeRules = (ends: PictureNode[], kind: EdgeKind) => {
    const ids = ends.flatMap((n) => n.ruleIds);
    const pick = ids.filter((id) => (kind === 'dns' ? DNS_RULES.test(id) : kind === 'xds' ? CONTROL_RULES.test(id) : kind === 'backs' ? BACKS_RULES.test(id) : !DNS_RULES.test(id)));
    return [...new Set(pick)].sort();
  };
  const addEdge = (from: string, to: string, kind: EdgeKind, label: string) => {
    if (edges.some((e) => e.from === from && e.to === to && e.kind === kind)) return;
    const ends = [nodes.get(from), nodes.get(to)].filter((n): n is PictureNode => n !== undefined);
    edges.push({ from, to, kind, label, ruleIds: edgeRules(ends, kind) });
  };

  const istiodIds = use(facts.istiods).map((i) => addNode(i.workload.resource, 'istiod', `istiod${i.revision === 'default' ? '' : ` (${i.revision})`}`));
  const dnsSelector = fromMap(model.settings.dnsPodLabels);
  const dnsWorkload = model.workloadsIn(model.settings.dnsNamespace).find((w) => matches(dnsSelector, w.labels));
  const dnsId = dnsWorkload ? addNode(dnsWorkload.resource, 'dns', 'cluster DNS') : undefined;

  const linkPlatform = (w: Workload, id: string) => {
    if (use(facts.injection).of(w).injected === true) for (const istiod of istiodIds) addEdge(id, istiod, 'xds', 'xDS :15012');
    if (dnsId) addEdge(id, dnsId, 'dns', 'DNS :53');
  };

  for (const service of model.services) {
    if (!use(facts.headless).isHeadless(service) && use(facts.headlessUses).of(service).length === 0) continue;
    const headless = use(facts.headless).isHeadless(service);
    const serviceId = addNode(service, 'service', `${service.name} (${headless ? 'headless ' : ''}Service)`);
    (nodes.get(serviceId) as PictureNode).headless = headless;
    for (const w of new Set([...model.selectedBy(service), ...model.governedBy(service)])) {
      const id = addNode(w.resource, 'workload', `${w.kind} ${w.name}`, w);
      addEdge(serviceId, id, 'backs', 'selects');
      linkPlatform(w, id);
    }
    const backing = model.selectedBy(service);
    for (const ref of use(facts.callers).callersOf(service, backing)) {
      const id = addNode(ref.caller.resource, 'workload', `${ref.caller.kind} ${ref.caller.name}`, ref.caller);
      addEdge(id, serviceId, 'call', ref.port ? `${ref.name}:${ref.port}` : ref.name);
      linkPlatform(ref.caller, id);
    }
  }
  // Edges were built as nodes appeared; refresh their rule ids now that every node exists.
  for (const e of edges) e.ruleIds = edgeRules([nodes.get(e.from), nodes.get(e.to)].filter((n): n is PictureNode => n !== undefined), e.kind);
  const namespaces = [...new Set([...nodes.values()].map((n) => n.namespace))].sort();
  return { namespaces, nodes: [...nodes.values()], edges };
}
