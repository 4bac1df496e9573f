/**
 * Which DestinationRule a client's sidecar applies to a host, as istiod chooses it
 * (istio/istio pilot/pkg/model/push_context.go destinationRule): rules in the client's own
 * namespace first, then rules exported from the Service's namespace, then rules exported from
 * the root namespace; inside a namespace the exact host beats the most specific wildcard.
 * Short hosts are completed in the rule's namespace (`db` -> db.<ns>.svc.<domain>); a host with a
 * dot is taken as written (model.ResolveShortnameToFQDN), so `db.data` matches nothing.
 */
import type { Path } from '../../load/parser.js';
import { asArray, asObj, asString, type Resource, textList } from '../../load/resource.js';
import { fromMap, matches, type Labels } from '../../model/selector.js';
import { defineFact } from '../define.js';
import { meshConfigs } from '../mesh/mesh-config.js';
import { clusterDomain } from '../dns/cluster-domain.js';

export interface DestinationRuleIndexInput {
  destinationRules: readonly Resource[];
  rootNamespace: string;
  clusterDomain: string;
  /** mesh `defaultDestinationRuleExportTo`; ['*'] by default */
  defaultExportTo: string[];
}

export interface DestinationRuleClient {
  namespace: string;
  /** pod labels, for rules with a workloadSelector */
  labels?: Labels;
}

export interface TlsSetting {
  mode: string;
  rule: Resource;
  path: Path;
  /** set by `portLevelSettings` for this port */
  portLevel: boolean;
}

interface IndexedRule {
  rule: Resource;
  host: string;
  exportTo: string[];
}

export function serviceHost(service: Resource, clusterDomain: string): string {
  return `${service.name}.${service.namespace}.svc.${clusterDomain}`.toLowerCase();
}

export function resolveRuleHost(host: string, namespace: string, clusterDomain: string): string {
  const h = host.toLowerCase().replace(/\.$/, '');
  if (h === '*' || h.includes('.') || /^[\d:]+$/.test(h)) return h;
  return `${h}.${namespace}.svc.${clusterDomain}`;
}

function hostMatches(pattern: string, host: string): boolean {
  if (pattern === host) return true;
  if (pattern === '*') return true;
  return pattern.startsWith('*.') && host.endsWith(pattern.slice(1));
}

export class DestinationRuleIndex {
  private readonly byNamespace = new Map<string, IndexedRule[]>();

  constructor(private readonly input: DestinationRuleIndexInput) {
    for (const rule of input.destinationRules) {
      const host = asString(rule.spec.host);
      if (!host) continue;
      const written = textList(rule.spec.exportTo);
      const entry = { rule, host: resolveRuleHost(host, rule.namespace, input.clusterDomain), exportTo: written.length > 0 ? written : input.defaultExportTo };
      const list = this.byNamespace.get(rule.namespace);
      if (list) list.push(entry);
      else this.byNamespace.set(rule.namespace, [entry]);
    }
  }

  /** The rules (several when merged for one host) a client applies to `host`, a Service of `serviceNamespace`. */
  lookup(host: string, serviceNamespace: string, client: DestinationRuleClient): Resource[] {
    const fqdn = host.toLowerCase();
    const root = this.input.rootNamespace;
    if (client.namespace !== root) {
      const local = this.bestIn(client.namespace, fqdn, client, false);
      if (local.length > 0) return local;
    }
    const exported = this.bestIn(serviceNamespace, fqdn, client, true);
    if (exported.length > 0) return exported;
    return this.bestIn(root, fqdn, client, client.namespace !== root);
  }

  private bestIn(namespace: string, host: string, client: DestinationRuleClient, mustExport: boolean): Resource[] {
    const candidates = (this.byNamespace.get(namespace) ?? []).filter((e) => hostMatches(e.host, host) && (!mustExport || visible(e, client.namespace)) && selects(e.rule, client));
    if (candidates.length === 0) return [];
    const exact = candidates.filter((e) => e.host === host);
    if (exact.length > 0) return exact.map((e) => e.rule);
    const longest = Math.max(...candidates.map((e) => e.host.length));
    return candidates.filter((e) => e.host.length === longest).map((e) => e.rule);
  }
}

function visible(entry: IndexedRule, clientNamespace: string): boolean {
  return entry.exportTo.some((to) => to === '*' || to === clientNamespace || (to === '.' && entry.rule.namespace === clientNamespace));
}

/** A rule with a workloadSelector only binds to matching clients in its own namespace. */
function selects(rule: Resource, client: DestinationRuleClient): boolean {
  const selector = asObj(rule.spec.workloadSelector);
  if (!selector) return true;
  return client.namespace === rule.namespace && client.labels !== undefined && matches(fromMap(selector.matchLabels), client.labels);
}

/** The TLS mode the client sends with on a Service port: `portLevelSettings` for the port, else the rule-wide one. */
export function tlsFor(rules: readonly Resource[], servicePort: number): TlsSetting | undefined {
  for (const rule of rules) {
    const policy = asObj(rule.spec.trafficPolicy);
    const levels = asArray(policy?.portLevelSettings);
    for (let i = 0; i < levels.length; i++) {
      const level = asObj(levels[i]);
      if (Number(asObj(level?.port)?.number) !== servicePort) continue;
      const mode = asString(asObj(level?.tls)?.mode);
      if (mode) return { mode: mode.toUpperCase(), rule, path: ['spec', 'trafficPolicy', 'portLevelSettings', i, 'tls', 'mode'], portLevel: true };
    }
  }
  for (const rule of rules) {
    const mode = asString(asObj(asObj(rule.spec.trafficPolicy)?.tls)?.mode);
    if (mode) return { mode: mode.toUpperCase(), rule, path: ['spec', 'trafficPolicy', 'tls', 'mode'], portLevel: false };
  }
  return undefined;
}

export const destinationRules = defineFact({
  id: 'transport.destinationRules',
  description: 'the DestinationRules each client applies to a host, with exportTo',
  reads: ['DestinationRule'],
  uses: [meshConfigs, clusterDomain],
  compute: ({ model, use }) => {
    const meshes = use(meshConfigs);
    const exportTo = textList(meshes.main?.value.defaultDestinationRuleExportTo);
    return new DestinationRuleIndex({
      destinationRules: model.ofKind('DestinationRule'),
      rootNamespace: meshes.rootNamespace,
      clusterDomain: use(clusterDomain).effective,
      defaultExportTo: exportTo.length > 0 ? exportTo : ['*'],
    });
  },
});
