/** Where the effective cluster domain was read, as a related note for findings that depend on it. */
import type { RelatedTarget } from '../../engine/types.js';
import type { ClusterDomainFacts } from './cluster-domain.js';

export function clusterDomainEvidence(domain: ClusterDomainFacts): RelatedTarget | undefined {
  const s = domain.decidedBy;
  if (s) return s.resource ? { resource: s.resource, located: s.located, message: `${s.description}: ${s.value}` } : { message: `cluster domain ${s.value}`, origin: s.origin };
  if (!domain.decidedByZone) return undefined;
  const { config, zone } = domain.decidedByZone;
  return { resource: config.resource, located: config.resource.locateInText(['data', 'Corefile'], zone.line, zone.column, zone.text.length), message: `CoreDNS serves zone ${zone.text}` };
}
