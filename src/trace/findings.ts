/**
 * Which lint findings concern which hop: each hop owns the rules about its layer, and a
 * finding attaches when it is about a resource the hop looked at (or, for cluster-wide rules,
 * whenever the hop's layer is in play).
 */
import type { Finding } from '../engine/types.js';
import type { Resource } from '../load/resource.js';
import type { Hop, HopName } from './model.js';

export const HOP_RULES: Record<HopName, readonly string[]> = {
  dns: ['dns-name-unresolvable', 'pod-dns-policy', 'cluster-domain-conflict', 'coredns-domain-mismatch', 'coredns-hides-headless', 'manifest-schema'],
  service: [
    'service-not-headless',
    'invalid-headless-cluster-ip',
    'headless-selector-matches-nothing',
    'headless-port-mismatch',
    'headless-port-undeclared',
    'statefulset-service-missing',
    'publish-not-ready-addresses',
    'duplicate-resource',
    'manifest-schema',
    'unrendered-template',
    'yaml-syntax',
  ],
  mesh: ['workload-not-injected', 'istio-injection-label-on-pod', 'injection-revision-missing', 'inject-label-misplaced', 'netpol-blocks-injector'],
  istiod: ['namespace-not-discovered', 'service-not-exported', 'sidecar-egress-hides-service', 'istiod-domain-mismatch', 'registry-only-blackhole', 'hardcoded-cluster-domain'],
  network: ['netpol-blocks-injector', 'netpol-blocks-service-traffic', 'netpol-blocks-dns', 'netpol-blocks-istiod', 'netpol-blocks-hbone'],
  transport: ['headless-port-protocol', 'port-protocol-conflict', 'peer-authentication-strict-non-mesh-caller', 'destination-rule-tls-conflict', 'istio-reserved-port', 'runs-as-proxy-uid', 'excluded-inbound-port-mtls', 'probe-rewrite-disabled-strict'],
  authorization: ['authorization-policy-denies-caller', 'trust-domain-principal-mismatch'],
};

/** Rules about the whole cluster (its DNS domain, the control plane), not one resource of the path. */
const CLUSTER_WIDE = new Set(['cluster-domain-conflict', 'coredns-domain-mismatch', 'coredns-hides-headless', 'istiod-domain-mismatch', 'netpol-blocks-injector']);

/** Rules about a manifest as a whole: they concern the hop whose own subject the manifest is (the caller's DNS, the Service). */
const INPUT_RULES = new Set(['manifest-schema', 'duplicate-resource', 'unrendered-template', 'yaml-syntax']);

/**
 * Rules whose fact the hop computes itself for this very caller and target: their findings
 * explain a broken hop but do not decide it (a finding about another caller of the same pods
 * would otherwise break this trace).
 */
export const SELF_JUDGED = new Set([
  'dns-name-unresolvable',
  'pod-dns-policy',
  'workload-not-injected',
  'namespace-not-discovered',
  'service-not-exported',
  'sidecar-egress-hides-service',
  'netpol-blocks-service-traffic',
  'netpol-blocks-dns',
  'netpol-blocks-istiod',
  'peer-authentication-strict-non-mesh-caller',
  'authorization-policy-denies-caller',
]);

const keyOf = (kind: string, namespace: string | null, name: string) => `${kind}\u0000${namespace ?? ''}\u0000${name}`;

export function findingsFor(hop: Hop, findings: readonly Finding[], inPlay: boolean, pathResources: readonly Resource[]): Finding[] {
  const keys = new Set([...hop.resources, ...pathResources].map((r) => keyOf(r.kind, r.ref.namespace, r.name)));
  const ownKeys = new Set([...hop.subjects].map((r) => keyOf(r.kind, r.ref.namespace, r.name)));
  const own = new Set(HOP_RULES[hop.name]);
  return findings.filter((f) => {
    if (!own.has(f.ruleId)) return false;
    if (CLUSTER_WIDE.has(f.ruleId)) return inPlay;
    if (f.resource === null) return false;
    const key = keyOf(f.resource.kind, f.resource.namespace, f.resource.name);
    return INPUT_RULES.has(f.ruleId) ? ownKeys.has(key) : keys.has(key);
  });
}
