/**
 * Whether a pod template's resolver can answer cluster names, from `dnsPolicy`, `dnsConfig` and
 * `hostNetwork` as kubelet applies them
 * (https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/#pod-s-dns-policy):
 *   ClusterFirst (the default)   cluster nameserver, search `<ns>.svc.<d> svc.<d> <d>`
 *   ClusterFirstWithHostNet      the same, also for hostNetwork pods
 *   ClusterFirst + hostNetwork   falls back to Default
 *   Default                      the node's resolv.conf: no cluster names
 *   None                         only what dnsConfig lists; the API server rejects it without
 *                                dnsConfig.nameservers (pkg/apis/core/validation validatePodDNSConfig)
 */
import type { Path } from '../../load/parser.js';
import { asArray, asObj, asString } from '../../load/resource.js';
import { sameDomain } from './cluster-domain.js';
import type { NameParts } from '../../text/dns-names.js';
import type { Workload } from '../../model/workload.js';
import { defineFact } from '../define.js';
import { clusterDns } from './cluster-dns.js';
import { clusterDomain } from './cluster-domain.js';
import { injection } from '../injection/injection.js';
import { meshConfigs } from '../mesh/mesh-config.js';

export type PodDnsProblem =
  /** dnsPolicy: Default */
  | { code: 'default'; path: Path }
  /** hostNetwork with ClusterFirst (written or by default) */
  | { code: 'host-network'; path: Path; written: boolean }
  /** dnsPolicy: None without dnsConfig.nameservers: the pod is not even created */
  | { code: 'none-invalid'; path: Path }
  /**
   * dnsPolicy: None whose nameservers are not the cluster DNS; certain when the cluster DNS
   * address is known and the search path does not name the cluster domain either
   */
  | { code: 'none-nameserver'; path: Path; nameservers: string[]; certain: boolean }
  /** dnsPolicy: None whose searches cannot complete the short names it uses (`name`, when one is known) */
  | { code: 'none-search'; path: Path; name?: string };

/** NodeLocal DNSCache's link-local listen address by default (kubernetes/kubernetes cluster/addons/dns/nodelocaldns/README.md). */
const NODELOCAL_DEFAULT = '169.254.20.10';

export interface PodDnsContext {
  /** addresses known to reach cluster DNS (may be empty: unknown) */
  clusterDns: ReadonlySet<string>;
  domain: string;
  /** cluster names the pods are known to resolve, as written */
  names?: readonly { name: string; parts: NameParts }[];
}

export function podDnsProblem(workload: Workload, ctx: PodDnsContext): PodDnsProblem | undefined {
  const spec = workload.podSpec;
  const policy = asString(spec.dnsPolicy);
  const policyPath = workload.specPath('dnsPolicy');
  if (policy === 'Default') return { code: 'default', path: policyPath };
  if (policy === 'None') return noneProblem(workload, ctx);
  if (workload.hostNetwork && (policy === undefined || policy === 'ClusterFirst')) {
    return { code: 'host-network', path: policy === undefined ? workload.specPath('hostNetwork') : policyPath, written: policy !== undefined };
  }
  return undefined;
}

function noneProblem(workload: Workload, ctx: PodDnsContext): PodDnsProblem | undefined {
  const config = asObj(workload.podSpec.dnsConfig);
  const nameservers = asArray(config?.nameservers)
    .filter((n): n is string => typeof n === 'string')
    .map((n) => n.trim());
  if (!config || nameservers.length === 0) {
    return { code: 'none-invalid', path: config ? workload.specPath('dnsConfig') : workload.specPath('dnsPolicy') };
  }
  const searches = asArray(config.searches).filter((s): s is string => typeof s === 'string');
  const clusterSearch = searches.some((s) => isClusterSearch(s, ctx.domain));
  const nameserversPath = workload.specPath('dnsConfig', 'nameservers');
  if (ctx.clusterDns.size > 0) {
    // A search path naming the cluster domain shows intent: the address may be a resolver the input does not show.
    if (!nameservers.some((n) => ctx.clusterDns.has(n) || n === NODELOCAL_DEFAULT)) return { code: 'none-nameserver', path: nameserversPath, nameservers, certain: !clusterSearch };
  } else if (!clusterSearch) {
    // Without the cluster DNS address in the input, a search path naming the cluster domain is
    // the only sign that the author pointed the pod at cluster DNS.
    return { code: 'none-nameserver', path: nameserversPath, nameservers, certain: false };
  }
  const searchesPath = config.searches !== undefined ? workload.specPath('dnsConfig', 'searches') : workload.specPath('dnsConfig');
  if (!clusterSearch) return { code: 'none-search', path: searchesPath };
  const uncovered = ctx.names?.find((n) => !completes(searches, n.parts, workload.namespace, ctx.domain));
  if (uncovered) return { code: 'none-search', path: searchesPath, name: uncovered.name };
  return undefined;
}

/**
 * Would the search list turn a short name into its cluster name? `db-0.db` needs
 * `<own ns>.svc.<d>`, `db.data` needs `svc.<d>`, `db.data.svc` needs `<d>`; full names need nothing.
 */
function completes(searches: string[], parts: NameParts, namespace: string, domain: string): boolean {
  if (parts.domain) return true;
  const wanted = parts.domain === '' ? domain : parts.namespace ? `svc.${domain}` : `${namespace}.svc.${domain}`;
  return searches.some((s) => sameDomain(s, wanted));
}

/** `svc.<d>` or `<ns>.svc.<d>`: the entries that complete `name.namespace` and `name`. */
function isClusterSearch(search: string, domain: string): boolean {
  const m = /^(?:[a-z0-9-]+\.)?svc\.(.+)$/.exec(search.trim().toLowerCase());
  return m !== null && sameDomain(m[1] as string, domain);
}

const CAPTURE_RE = /ISTIO_META_DNS_CAPTURE['"]?\s*:\s*['"]?true/i;

/**
 * Istio's DNS proxy (opt-in: ISTIO_META_DNS_CAPTURE in the mesh's defaultConfig.proxyMetadata
 * or the pod's proxy.istio.io/config annotation) intercepts the pod's port-53 traffic whatever
 * resolv.conf says, and answers the mesh's Service names itself.
 * https://istio.io/latest/docs/ops/configuration/traffic-management/dns-proxy/
 */
export function dnsCaptureRequested(workload: Workload, meshDefaults: readonly Record<string, unknown>[]): boolean {
  const annotation = workload.annotations['proxy.istio.io/config'];
  if (annotation !== undefined && CAPTURE_RE.test(annotation)) return true;
  return meshDefaults.some((mesh) => String(asObj(asObj(mesh.defaultConfig)?.proxyMetadata)?.ISTIO_META_DNS_CAPTURE).toLowerCase() === 'true');
}

export interface PodDns {
  /** what keeps the pods from resolving the cluster names they use, if anything */
  problemOf(workload: Workload, names: PodDnsContext['names']): PodDnsProblem | undefined;
  /** Istio's DNS proxy answers for the pod (it has a sidecar and capture is on) */
  captured(workload: Workload): boolean;
}

export const podDns = defineFact({
  id: 'dns.podDns',
  description: "whether each pod's resolver can answer cluster names (dnsPolicy, dnsConfig, hostNetwork, Istio's DNS capture)",
  uses: [clusterDns, clusterDomain, injection, meshConfigs],
  compute: ({ use }): PodDns => {
    const addresses = use(clusterDns).addresses;
    const domain = use(clusterDomain).effective;
    const verdicts = use(injection);
    const meshDefaults = use(meshConfigs).all.map((m) => m.value);
    return {
      problemOf: (workload, names) => podDnsProblem(workload, { clusterDns: addresses, domain, names }),
      captured: (workload) => verdicts.of(workload).injected === true && dnsCaptureRequested(workload, meshDefaults),
    };
  },
});
