/**
 * The ports a catalogued system listens on in a workload, as its settings set them (or the
 * catalogue's defaults): client, peer, admin and metrics ports alike. Operators such as
 * Keycloak's declare no containerPort for their peer ports, so a missing declaration says nothing
 * about what listens; this says what does.
 */
import { resolvePorts } from '../../knowledge/port-settings.js';
import { portsOf } from '../../knowledge/systems.js';
import type { Workload } from '../../model/workload.js';
import type { SystemIndex } from './systems.js';

export function systemListensOn(index: SystemIndex, workload: Workload, port: number): boolean {
  const match = index.of(workload);
  if (!match) return false;
  const resolved = resolvePorts(portsOf(match.system, match.mode), index.inputsOf(workload));
  return [...resolved.values()].some((r) => r.number === port);
}
