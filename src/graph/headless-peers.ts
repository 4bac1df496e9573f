/**
 * The workloads on both sides of a headless Service: the pods behind it (selected by it, or a
 * StatefulSet it governs) and the workloads that call it by one of its DNS names.
 */
import type { Resource } from '../load/resource.js';
import type { DnsReference } from './callers.js';
import type { Graph } from './graph.js';
import type { Workload } from './workloads.js';

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

export function headlessPeers(graph: Graph, service: Resource): HeadlessPeers {
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
