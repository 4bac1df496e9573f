/**
 * Hop 1, DNS: does the name reach a Service? The caller's resolver (dnsPolicy, dnsConfig)
 * completes it with the search path of its namespace, cluster DNS answers for the cluster
 * domain only, and CoreDNS's `kubernetes` plugin must be authoritative for that zone.
 */
import { facts } from '../facts/index.js';
import type { Analysis } from '../facts/store.js';
import { normalizeZone, serverFor } from '../text/corefile.js';
import { HopBuilder } from './model.js';
import type { TraceEnds } from './target.js';

const COREFILE = ['data', 'Corefile'];

/** The fully qualified name the resolver ends up asking for. */
export function qualifiedName(ends: TraceEnds, domain: string): string {
  const { parts } = ends;
  if (parts.domain) return ends.name;
  return [...(parts.pod ? [parts.pod] : []), parts.service, ends.namespace, 'svc', domain].join('.');
}

export function dnsHop({ use }: Analysis, ends: TraceEnds): HopBuilder {
  const hop = new HopBuilder('dns', 'DNS: name -> Service');
  const { caller, parts } = ends;
  const domain = use(facts.clusterDomain).effective;
  const fqdn = qualifiedName(ends, domain);
  hop.about(caller.resource, ends.reference?.resource);
  for (const ref of use(facts.callers).from(caller)) hop.about(ref.resource);

  const problem = use(facts.podDns).problemOf(caller, [{ name: ends.name, parts }]);
  const at = (path: readonly (string | number)[]) => ({ resource: caller.resource, path });
  if (!problem) {
    const policy = typeof caller.podSpec.dnsPolicy === 'string' ? caller.podSpec.dnsPolicy : 'ClusterFirst';
    if (policy === 'None') hop.ok(`${caller.display} resolves with dnsPolicy None: its dnsConfig names cluster DNS and a search path that completes "${ends.name}"`, at(caller.specPath('dnsConfig')));
    else hop.ok(`${caller.display} resolves with dnsPolicy ${policy}: cluster DNS, search ${caller.namespace}.svc.${domain} svc.${domain} ${domain}`, at(caller.specPath('dnsPolicy')));
  } else if (problem.code === 'none-nameserver' && !problem.certain) {
    hop.unknown(`dnsPolicy None sends queries to ${problem.nameservers.join(', ')}, which the input does not show to be cluster DNS`, at(problem.path));
  } else {
    const why = {
      default: 'dnsPolicy Default uses the node\'s resolv.conf, which knows no cluster names',
      'host-network': 'hostNetwork with dnsPolicy ClusterFirst falls back to the node\'s resolver; use ClusterFirstWithHostNet',
      'none-invalid': 'dnsPolicy None without dnsConfig.nameservers is rejected by the API server',
      'none-nameserver': 'dnsPolicy None points at nameservers that are not cluster DNS',
      'none-search': `dnsPolicy None has no search entry that completes "${ends.name}"`,
    }[problem.code];
    const captured = use(facts.podDns).captured(caller);
    if (captured) hop.unknown(`${why}, but Istio's DNS proxy (ISTIO_META_DNS_CAPTURE) may answer for mesh Services`, at(problem.path));
    else hop.broken(`${caller.display}: ${why}`, at(problem.path));
  }

  if (parts.domain === undefined) {
    hop.ok(`"${ends.name}" is completed by the search path to ${fqdn}`, ends.reference ? { resource: ends.reference.resource, path: ends.reference.path, located: ends.reference.located } : undefined);
  }
  const declared = use(facts.clusterDomain).decidedBy;
  const zone = use(facts.clusterDomain).decidedByZone;
  const domainAt = declared?.resource ? { resource: declared.resource, located: declared.located } : zone ? { resource: zone.config.resource, located: zone.config.resource.locateInText(COREFILE, zone.zone.line, zone.zone.column, zone.zone.text.length) } : undefined;
  hop.ok(`the cluster domain is ${domain}${declared ? ` (${declared.description})` : zone ? ' (CoreDNS zone)' : ' (the default: nothing in the input declares it)'}`, domainAt);

  for (const config of use(facts.clusterDomain).coredns) {
    hop.involve(config.resource);
    const server = serverFor(config.blocks, fqdn);
    const plugin = config.plugins.find((p) => p.server === server && p.forwardZones.some((z) => fqdn === normalizeZone(z.text) || fqdn.endsWith(`.${normalizeZone(z.text)}`) || normalizeZone(z.text) === ''));
    const located = (t: { line: number; column: number; text: string }) => ({ resource: config.resource, located: config.resource.locateInText(COREFILE, t.line, t.column, t.text.length) });
    if (plugin) hop.ok(`CoreDNS (${config.resource.display}) answers ${fqdn} from its kubernetes plugin`, located(plugin.forwardZones[0] ?? plugin.directive.name));
    else hop.broken(`CoreDNS (${config.resource.display}) has no kubernetes plugin authoritative for ${fqdn}: the query is forwarded upstream and fails`, { resource: config.resource, path: COREFILE });
  }

  const check = use(facts.nameResolution).check(ends.asReference);
  const nameAt = { resource: ends.asReference.resource, path: ends.asReference.path, located: ends.reference?.located };
  if (check) {
    const message = `"${ends.name}" ${check.message}${check.suggestion ? `; did you mean "${check.suggestion}"?` : ''}`;
    if (check.certain) hop.broken(message, nameAt);
    else hop.unknown(message, nameAt);
    for (const r of check.related) hop.involve(r.resource);
  } else if (ends.service) {
    hop.ok(`${fqdn} names ${ends.service.display}`, { resource: ends.service, path: ['metadata', 'name'] });
  } else {
    hop.ok(`${fqdn} is a Service every cluster has`);
  }
  return hop;
}
