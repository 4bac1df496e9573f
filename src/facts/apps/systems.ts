/**
 * Which catalogued clustered system each workload runs (knowledge/systems/), with the mode and
 * the evidence that names it: operator labels, env, args, config keys of loaded ConfigMaps, image.
 */
import type { Path } from '../../load/parser.js';
import type { Resource } from '../../load/resource.js';
import { recogniseSystem, type EvidenceKind } from '../../knowledge/recognise-system.js';
import type { SystemEntry } from '../../knowledge/systems.js';
import { workloadInputs, type WorkloadInputs } from '../../knowledge/workload-inputs.js';
import { WORKLOAD_KINDS, type Workload } from '../../model/workload.js';
import { defineFact } from '../define.js';

export interface WorkloadSystem {
  system: SystemEntry;
  mode?: string;
  /** strongest first; `resource` is the workload or the ConfigMap the evidence is written in */
  evidence: { kind: EvidenceKind; resource: Resource; path: Path; text: string }[];
}

export interface SystemIndex {
  of(workload: Workload): WorkloadSystem | undefined;
  /** what the manifests say about the workload's application, ConfigMaps resolved */
  inputsOf(workload: Workload): WorkloadInputs;
}

export const systems = defineFact({
  id: 'apps.systems',
  description: 'the clustered system each workload runs, from the catalogue in knowledge/systems/, with its mode and evidence',
  reads: [...WORKLOAD_KINDS, 'ConfigMap'],
  compute: ({ model }): SystemIndex => {
    const inputs = new Map<Workload, WorkloadInputs>();
    const matches = new Map<Workload, WorkloadSystem | undefined>();
    const inputsOf = (w: Workload) => {
      let found = inputs.get(w);
      if (!found) inputs.set(w, (found = workloadInputs(w, (ns, name) => model.get('ConfigMap', ns, name))));
      return found;
    };
    return {
      inputsOf,
      of(workload) {
        if (!matches.has(workload)) matches.set(workload, recogniseSystem(inputsOf(workload)));
        return matches.get(workload);
      },
    };
  },
});
