import { facts } from '../src/facts/index.js';
import { replaceHost } from '../src/fix/repairs.js';
import { defineRule } from '../src/engine/rule.js';
import { sameDomain } from '../src/facts/dns/cluster-domain.js';
import { clusterDomainEvidence } from '../src/facts/dns/cluster-domain-evidence.js';
import { HOST_KINDS, writtenHosts } from '../src/facts/mesh/istio-hosts.js';
import { asArray, asObj, type Resource } from '../src/load/resource.js';

const DEFAULT_DOMAIN = 'cluster.local';

/** The domain a host spells when it is the stock one: `cluster.local` in a name or wildcard, or the `*.local` wildcard. */
function hardcoded(host: string, domain: string): string | undefined {
  const h = host.toLowerCase().replace(/\.$/, '');
  if (h === DEFAULT_DOMAIN || h.endsWith(`.${DEFAULT_DOMAIN}`)) return DEFAULT_DOMAIN;
  if (h === '*.local' && !`.${domain}`.endsWith('.local')) return '*.local';
  return undefined;
}

const SPELLS = '{{resource}} {{field}} "{{host}}" spells {{spelled}}, but the cluster domain is {{domain}}';
const MATCHES_NOTHING = `${SPELLS}: istiod names Services <svc>.<ns>.svc.{{domain}}, so this host matches nothing`;

function setsTls(rule: Resource): boolean {
  const policy = asObj(rule.spec.trafficPolicy);
  return asObj(policy?.tls) !== undefined || asArray(policy?.portLevelSettings).some((l) => asObj(asObj(l)?.tls) !== undefined);
}

export default defineRule({
  meta: {
    id: 'hardcoded-cluster-domain',
    cause: 1,
    severity: 'error',
    description: 'An Istio resource spells cluster.local (or *.local) in a host while the cluster domain is another.',
    why:
      "istiod names every Service <svc>.<ns>.svc.<domain>, with the cluster's DNS domain when it is configured consistently. Hosts copied from examples often hard-code cluster.local: on a cluster with another domain such a DestinationRule, VirtualService, Sidecar egress host, ServiceEntry or AuthorizationPolicy host silently matches nothing. A DestinationRule with TLS settings that stops applying is an error (other hosts are warnings): a mesh-wide *.local ISTIO_MUTUAL rule, for example, leaves clients without the TLS it set, which a STRICT server resets. Callers that write a cluster.local name in their own configuration are reported by dns-name-unresolvable (the name does not resolve), so this rule looks at Istio resources only and does not report the same reference twice. When the input's istiod itself still serves cluster.local (istiod-domain-mismatch), such hosts match for now and are warnings.",
    diagnose: [
      'kubectl -n kube-system get configmap coredns -o jsonpath="{.data.Corefile}" | grep kubernetes',
      'kubectl get destinationrule,virtualservice,sidecar,serviceentry,authorizationpolicy -A -o yaml | grep -n "cluster.local"',
      'istioctl proxy-config cluster <pod>.<ns> --fqdn <svc>.<ns>.svc.<cluster-domain> -o json',
    ],
    fix: 'Write short names (resolved in the resource namespace) or the FQDN with the real cluster domain, e.g. db.data.svc.<cluster-domain>; replace *.local with *.<cluster-domain>.',
    sources: [
      'https://github.com/istio/istio/issues/9291',
      'https://github.com/istio/istio/issues/17089',
      'https://github.com/istio/istio/issues/12296',
      'https://istio.io/latest/docs/reference/config/networking/destination-rule/ (host: short names are completed in the rule namespace with the cluster domain)',
      'istio/istio pkg/config/analysis/analyzers/util/constants.go (istioctl analyze itself assumes cluster.local)',
    ],
    messages: {
      hostMatchesNothing: `${MATCHES_NOTHING} and the resource silently has no effect there.`,
      tlsNeverApplies: `${MATCHES_NOTHING} and its TLS settings never apply (clients fall back to auto mTLS or plaintext).`,
      matchesWhileIstiodIsWrong: `${SPELLS}: istiod still names Services with cluster.local (its --domain is wrong too, see istiod-domain-mismatch), so this host only works until istiod is given {{domain}}.`,
    },
    fixes: {
      useDomainWildcard: 'Use *.{{domain}}.',
      useDomain: 'Use {{replacement}}, or a short name.',
    },
    fixable: {
      suggestions: 'The host rewritten with the cluster domain is what the finding asks for, but the domain the tool settled on may be the wrong one of two (and a short name is often better): a suggestion, offered only when the host is a whole scalar.',
    },
    uses: [facts.clusterDomain, facts.istiods],
    reads: HOST_KINDS,
  },
  check({ model, use, report }) {
    const domain = use(facts.clusterDomain).effective;
    const evidence = clusterDomainEvidence(use(facts.clusterDomain));
    if (sameDomain(domain, DEFAULT_DOMAIN)) return;
    // istiod serving cluster.local itself: the hosts match today, and break when it is fixed.
    const istiodStale = use(facts.istiods).length > 0 && use(facts.istiods).every((i) => sameDomain(i.domain, DEFAULT_DOMAIN));
    for (const kind of HOST_KINDS) {
      for (const resource of model.ofKind(kind)) {
        for (const written of writtenHosts(resource)) {
          const spelled = hardcoded(written.host, domain);
          if (!spelled) continue;
          const tls = kind === 'DestinationRule' && setsTls(resource);
          report({
            resource,
            path: written.path,
            severity: tls && !istiodStale ? undefined : 'warning',
            messageId: istiodStale ? 'matchesWhileIstiodIsWrong' : tls ? 'tlsNeverApplies' : 'hostMatchesNothing',
            data: { resource: resource.display, field: written.field, host: written.host, spelled, domain, ...(spelled === '*.local' ? {} : { replacement: written.host.replace(/cluster\.local\.?$/i, domain) }) },
            fixId: spelled === '*.local' ? 'useDomainWildcard' : 'useDomain',
            ...replaceHost(resource, written.path, written.host, spelled === '*.local' ? (written.host === '*.local' ? `*.${domain}` : undefined) : written.host.replace(/cluster\.local\.?$/i, domain), spelled === '*.local' ? 'useDomainWildcard' : 'useDomain'),
            related: evidence ? [evidence] : [],
          });
        }
      }
    }
  },
});
