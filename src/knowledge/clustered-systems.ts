/**
 * The clustered system a workload runs, for rules that ask only "is this a clustered system, and
 * what gives it away": a thin view over the catalogue (knowledge/systems/, recognise-system.ts).
 * Without a model it cannot read ConfigMaps; facts.systems can, and is the richer answer.
 */
import type { Path } from '../load/parser.js';
import type { Container, Workload } from '../model/workload.js';
import { recogniseSystem } from './recognise-system.js';
import { isPeerPort, modeOf, portsOf, type SystemEntry } from './systems.js';
import { workloadInputs } from './workload-inputs.js';

export interface ClusteredSystem {
  name: string;
  /** the catalogue entry */
  entry: SystemEntry;
  /** the mode, when the evidence shows one */
  mode?: string;
  /** the fixed ports its replicas dial each other on, in that mode */
  peerPorts: number[];
}

export interface ClusteredMatch {
  system: ClusteredSystem;
  container: Container;
  /** the field that gave it away */
  path: Path;
  evidence: string;
}

const samePath = (a: Path, b: Path) => b.length >= a.length && a.every((seg, i) => seg === b[i]);

/** The clustered system a workload runs, if the catalogue recognises it from the workload alone. */
export function clusteredSystemOf(workload: Workload): ClusteredMatch | undefined {
  const match = recogniseSystem(workloadInputs(workload));
  const first = match?.evidence[0];
  if (!match || !first) return undefined;
  const containers = workload.containers();
  const container = containers.find((c) => samePath(c.path, first.path)) ?? containers[0];
  if (!container) return undefined;
  const peerPorts = portsOf(match.system, match.mode)
    .filter((p) => isPeerPort(p) && p.number !== undefined)
    .map((p) => p.number as number);
  // A system named only by its mode (Redis, MongoDB) is named with it: "Redis cluster".
  const modeName = modeOf(match.system, match.mode)?.name;
  const name = match.system.needsMode && modeName ? `${match.system.name} ${modeName}` : match.system.name;
  return { system: { name, entry: match.system, mode: match.mode, peerPorts }, container, path: first.path, evidence: first.text };
}
