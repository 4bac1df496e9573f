import { facts } from '../src/facts/index.js';
import { defineRule } from '../src/engine/rule.js';
import type { RelatedTarget } from '../src/engine/types.js';
import { trustDomainOf } from '../src/facts/security/authorization.js';
import type { Path } from '../src/load/parser.js';
import { asArray, asObj, asString } from '../src/load/resource.js';

const NAMES = '{{policy}} names principal "{{principal}}" in trust domain "{{trustDomain}}", but the mesh trust domain is "{{meshTrustDomain}}"';
const WITH_ALIASES = ' (aliases: {{aliases}})';
const BY_DEFAULT = ' (the default; no mesh config in the input)';
const MATCHES_NOTHING = ': no workload identity can match it.';
const DNS_DOMAIN = ' "{{trustDomain}}" looks like a DNS domain: the trust domain is not the cluster DNS domain.';

export default defineRule({
  meta: {
    id: 'trust-domain-principal-mismatch',
    cause: 'beyond',
    severity: 'error',
    description: "An AuthorizationPolicy principal names a trust domain that is neither the mesh's trustDomain nor one of its aliases.",
    why:
      'Workload identities are <trustDomain>/ns/<namespace>/sa/<serviceAccount>. istiod rewrites principals written with the mesh trust domain, an alias or the cluster.local shorthand, and keeps any other as written; no certificate ever carries it, so an ALLOW rule with it admits nobody and a DENY rule with it denies nobody. The usual slip is writing the cluster DNS domain (or svc.cluster.local) where the trust domain belongs.',
    diagnose: [
      'kubectl -n istio-system get configmap istio -o jsonpath="{.data.mesh}" | grep -i trustDomain',
      'istioctl proxy-config secret <pod>.<ns> -o json | grep -o "spiffe://[^\\"]*"',
      'kubectl logs -n istio-system deploy/istiod | grep "does not match the current trust domain"',
    ],
    fix: 'Write principals as <trustDomain>/ns/<ns>/sa/<sa> with the mesh trustDomain (or cluster.local, which stands for it), or add the old domain to meshConfig.trustDomainAliases during a migration.',
    sources: [
      'https://istio.io/latest/docs/reference/config/security/authorization-policy/#Source',
      'https://istio.io/latest/docs/tasks/security/authorization/authz-td-migration/',
      'istio/istio pilot/pkg/security/trustdomain (Bundle.ReplaceTrustDomainAliases: cluster.local points to the local trust domain; others are kept as written, with a warning in istiod\'s log)',
    ],
    messages: {
      foreignTrustDomain: `${NAMES}${MATCHES_NOTHING}`,
      foreignTrustDomainWithAliases: `${NAMES}${WITH_ALIASES}${MATCHES_NOTHING}`,
      foreignTrustDomainByDefault: `${NAMES}${BY_DEFAULT}${MATCHES_NOTHING}`,
      dnsDomainAsTrustDomain: `${NAMES}${MATCHES_NOTHING}${DNS_DOMAIN}`,
      dnsDomainAsTrustDomainWithAliases: `${NAMES}${WITH_ALIASES}${MATCHES_NOTHING}${DNS_DOMAIN}`,
      dnsDomainAsTrustDomainByDefault: `${NAMES}${BY_DEFAULT}${MATCHES_NOTHING}${DNS_DOMAIN}`,
    },
    fixes: {
      useMeshTrustDomain: 'Write "{{rewritten}}" (or "{{shorthand}}"), or add "{{trustDomain}}" to meshConfig.trustDomainAliases if workloads really carry it.',
    },
    // The list of aliases describes the mesh (adding one elsewhere is no new finding); the policy, the principal and the domains identify it.
    volatileData: ['aliases'],
    uses: [facts.clusterDomain, facts.meshConfigs],
    requires: ['AuthorizationPolicy'],
    trace: { hops: ['authorization'] },
  },
  check({ model, use, report }) {
    const mesh = use(facts.meshConfigs).main;
    const trustDomain = mesh?.trustDomain ?? 'cluster.local';
    const accepted = new Set(['cluster.local', trustDomain, ...(mesh?.trustDomainAliases ?? [])]);
    const clusterDomain = use(facts.clusterDomain).effective;
    for (const policy of model.ofKind('AuthorizationPolicy')) {
      const entries: { value: string; path: Path }[] = [];
      asArray(policy.spec.rules).forEach((rawRule, r) => {
        const rule = asObj(rawRule);
        asArray(rule?.from).forEach((from, f) => {
          const source = asObj(asObj(from)?.source);
          for (const field of ['principals', 'notPrincipals']) {
            asArray(source?.[field]).forEach((v, i) => {
              if (typeof v === 'string') entries.push({ value: v, path: ['spec', 'rules', r, 'from', f, 'source', field, i] });
            });
          }
        });
        asArray(rule?.when).forEach((c, w) => {
          const condition = asObj(c);
          if (asString(condition?.key) !== 'source.principal') return;
          for (const field of ['values', 'notValues']) {
            asArray(condition?.[field]).forEach((v, i) => {
              if (typeof v === 'string') entries.push({ value: v, path: ['spec', 'rules', r, 'when', w, field, i] });
            });
          }
        });
      });
      for (const entry of entries) {
        const td = trustDomainOf(entry.value);
        if (!td || accepted.has(td)) continue;
        const dnsLike = td === clusterDomain || td.endsWith(`.${clusterDomain}`) || /(^|\.)svc(\.|$)/.test(td);
        const aliases = mesh?.trustDomainAliases ?? [];
        const variant = !mesh ? 'ByDefault' : aliases.length > 0 ? 'WithAliases' : '';
        const related: RelatedTarget[] = mesh ? [{ resource: mesh.resource, located: mesh.locate(['trustDomain']), message: `${mesh.origin}: trustDomain ${trustDomain}` }] : [];
        const rest = entry.value.slice(td.length);
        report({
          resource: policy,
          path: entry.path,
          messageId: `${dnsLike ? 'dnsDomainAsTrustDomain' : 'foreignTrustDomain'}${variant}`,
          data: { policy: policy.display, principal: entry.value, trustDomain: td, meshTrustDomain: trustDomain, aliases: aliases.join(', '), rewritten: `${trustDomain}${rest}`, shorthand: `cluster.local${rest}` },
          fixId: 'useMeshTrustDomain',
          related,
        });
      }
    }
  },
});
