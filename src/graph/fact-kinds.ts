/**
 * The kinds each derived fact of the Graph reads. A rule that uses a fact reads those kinds
 * too, so it spreads the list into its meta.reads: the engine skips a rule only when none of
 * them is present, and test/rules-reads.test.ts checks every rule's reads against the Graph's
 * record. test/graph/fact-kinds.test.ts keeps these lists true to graph.ts.
 */
import { DOMAIN_SOURCE_KINDS } from '../facts/dns/cluster-domain.js';
import { WORKLOAD_KINDS } from '../model/workload.js';

/** Documents without a kind: Helm values files (graph.helmValues). */
export const HELM_VALUES = '';

export { DOMAIN_SOURCE_KINDS, WORKLOAD_KINDS };

/** graph.meshConfigs, meshConfig, rootNamespace, meshRootNamespace. */
export const MESH_CONFIG_KINDS = ['ConfigMap', 'IstioOperator', HELM_VALUES];

/** graph.injection(): namespace labels, injector config, webhooks, the istiods serving revisions. */
export const INJECTION_KINDS = [...WORKLOAD_KINDS, 'Namespace', 'ConfigMap', 'IstioOperator', 'MutatingWebhookConfiguration'];

/** graph.callers and graph.headlessUses(): names in workloads' env, args and ConfigMaps, resolved to Services. */
export const CALLER_KINDS = [...WORKLOAD_KINDS, 'ConfigMap', 'Service'];

/** graph.headlessPeers: headless Services, the pods behind them and their callers. */
export const PEER_KINDS = CALLER_KINDS;

/** graph.netpol: policies, pods and namespace labels. */
export const NETPOL_KINDS = [...WORKLOAD_KINDS, 'NetworkPolicy', 'Namespace'];

/** graph.mtls. */
export const MTLS_KINDS = ['PeerAuthentication', ...MESH_CONFIG_KINDS];

/** graph.destinationRules. */
export const DESTINATION_RULE_KINDS = ['DestinationRule', ...MESH_CONFIG_KINDS, ...DOMAIN_SOURCE_KINDS];

/** graph.authorization. */
export const AUTHORIZATION_KINDS = ['AuthorizationPolicy', ...MESH_CONFIG_KINDS];

/** graph.clusterDns: the kube-dns Service, kubelet's clusterDNS, NodeLocal DNSCache. */
export const CLUSTER_DNS_KINDS = [...WORKLOAD_KINDS, 'Service', 'KubeletConfiguration', 'ConfigMap'];

/** graph.sidecarOf(). */
export const SIDECAR_KINDS = ['Sidecar', ...MESH_CONFIG_KINDS];
