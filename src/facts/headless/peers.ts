/**
 * The workloads on both sides of a headless Service: the pods behind it (selected by its
 * selector, or a StatefulSet naming it as serviceName) and the workloads that call it by one of
 * its DNS names. Two views of one fact: per Service (peersOfService), and per workload with its
 * roles (headlessPeers, memoised as graph.headlessPeers).
 */
import type { Resource } from '../../load/resource.js';
import type { DnsReference } from '../calls/callers.js';
import type { Graph } from '../../model/model.js';
import type { Workload } from '../../model/workload.js';

export interface HeadlessCaller {
  workload: Workload;
  /** every place the caller names the Service, first one first */
  references: DnsReference[];
}

export interface HeadlessPeers {
  service: Resource;
  backing: Workload[];
  /** other workloads that call it */
  callers: HeadlessCaller[];
  /** backing workloads that call their own Service (StatefulSet peers finding each other) */
  selfCallers: HeadlessCaller[];
}

export function peersOfService(graph: Graph, service: Resource): HeadlessPeers {
  const backing = [...new Set([...graph.selectedBy(service), ...graph.governedBy(service)])];
  const byCaller = new Map<Workload, DnsReference[]>();
  for (const ref of graph.callers.toService(service)) {
    const list = byCaller.get(ref.caller);
    if (list) list.push(ref);
    else byCaller.set(ref.caller, [ref]);
  }
  const all = [...byCaller].map(([workload, references]) => ({ workload, references }));
  return { service, backing, callers: all.filter((c) => !backing.includes(c.workload)), selfCallers: all.filter((c) => backing.includes(c.workload)) };
}

export interface HeadlessRole {
  service: Resource;
  role: 'backing' | 'caller';
  /** a StatefulSet whose serviceName is this Service */
  governed: boolean;
  /** for callers, the first place the Service's name is written */
  reference?: DnsReference;
}

export interface HeadlessPeerInputs {
  services: readonly Resource[];
  isHeadless(service: Resource): boolean;
  selectedBy(service: Resource): Workload[];
  governedBy(service: Resource): Workload[];
  callersOf(service: Resource, backing: Workload[]): DnsReference[];
}

export function headlessPeers(input: HeadlessPeerInputs): Map<Workload, HeadlessRole[]> {
  const out = new Map<Workload, HeadlessRole[]>();
  const add = (w: Workload, role: HeadlessRole) => {
    const list = out.get(w);
    if (list) list.push(role);
    else out.set(w, [role]);
  };
  for (const service of input.services) {
    if (!input.isHeadless(service)) continue;
    const governed = input.governedBy(service);
    const backing = [...new Set([...input.selectedBy(service), ...governed])];
    for (const w of backing) add(w, { service, role: 'backing', governed: governed.includes(w) });
    const seen = new Set<Workload>();
    for (const ref of input.callersOf(service, backing)) {
      if (seen.has(ref.caller)) continue;
      seen.add(ref.caller);
      add(ref.caller, { service, role: 'caller', governed: false, reference: ref });
    }
  }
  return out;
}
