/**
 * The workloads whose pods take part in a headless Service: the pods behind it (selected by
 * its selector, or a StatefulSet naming it as serviceName) and the workloads that call it by
 * name. Rules about the pods themselves (DNS, injection) start from here.
 */
import type { Resource } from '../load/resource.js';
import type { DnsReference } from './callers.js';
import type { Workload } from './workloads.js';

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
