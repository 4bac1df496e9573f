/**
 * The workloads on both sides of a headless Service: the pods behind it (selected by its
 * selector, or a StatefulSet naming it as serviceName) and the workloads that call it by one of
 * its DNS names. Two views of one fact: per Service (peersOfService), and per workload with its
 * roles.
 */
import type { Resource } from '../../load/resource.js';
import type { DnsReference } from '../calls/callers.js';
import { WORKLOAD_KINDS, type Workload } from '../../model/workload.js';
import { callers } from '../calls/callers.js';
import { defineFact } from '../define.js';
import { headless } from './headless.js';

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

export interface HeadlessRole {
  service: Resource;
  role: 'backing' | 'caller';
  /** a StatefulSet whose serviceName is this Service */
  governed: boolean;
  /** for callers, the first place the Service's name is written */
  reference?: DnsReference;
}

export interface HeadlessPeerIndex {
  /** per workload behind or calling a headless Service, its roles */
  roles: Map<Workload, HeadlessRole[]>;
  /** the workloads on both sides of one Service (headless or not) */
  of(service: Resource): HeadlessPeers;
}

export const headlessPeers = defineFact({
  id: 'headless.peers',
  description: 'the workloads on both sides of each headless Service: the pods behind it and the workloads that call it',
  reads: [...WORKLOAD_KINDS, 'Service'],
  uses: [headless, callers],
  compute: ({ model, use }): HeadlessPeerIndex => {
    const index = use(callers);
    const roles = new Map<Workload, HeadlessRole[]>();
    const add = (w: Workload, role: HeadlessRole) => {
      const list = roles.get(w);
      if (list) list.push(role);
      else roles.set(w, [role]);
    };
    for (const service of use(headless).services) {
      const governed = model.governedBy(service);
      const backing = [...new Set([...model.selectedBy(service), ...governed])];
      for (const w of backing) add(w, { service, role: 'backing', governed: governed.includes(w) });
      const seen = new Set<Workload>();
      for (const ref of index.callersOf(service, backing)) {
        if (seen.has(ref.caller)) continue;
        seen.add(ref.caller);
        add(ref.caller, { service, role: 'caller', governed: false, reference: ref });
      }
    }
    const of = (service: Resource): HeadlessPeers => {
      const backing = [...new Set([...model.selectedBy(service), ...model.governedBy(service)])];
      const byCaller = new Map<Workload, DnsReference[]>();
      for (const ref of index.toService(service)) {
        const list = byCaller.get(ref.caller);
        if (list) list.push(ref);
        else byCaller.set(ref.caller, [ref]);
      }
      const all = [...byCaller].map(([workload, references]) => ({ workload, references }));
      return { service, backing, callers: all.filter((c) => !backing.includes(c.workload)), selfCallers: all.filter((c) => backing.includes(c.workload)) };
    };
    return { roles, of };
  },
});
