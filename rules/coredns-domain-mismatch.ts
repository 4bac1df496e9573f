import { facts } from '../src/facts/index.js';
import { defineRule } from '../src/engine/rule.js';
import type { RelatedTarget } from '../src/engine/types.js';
import { sameDomain, type DomainSource } from '../src/facts/dns/cluster-domain.js';
import { isPlaceholder, normalizeZone, serverFor, type Token } from '../src/text/corefile.js';

const COREFILE = ['data', 'Corefile'];

/** The domain the Kubernetes side declares: the user, then kubelet, then kubeadm (written, then its default). */
function declaredDomain(sources: DomainSource[]): DomainSource | undefined {
  for (const kind of ['user', 'kubelet', 'kubeadm'] as const) {
    const found = sources.find((s) => s.kind === kind && !s.implicit);
    if (found) return found;
  }
  return sources.find((s) => s.kind === 'kubeadm');
}

/** How a message names the domain: declared by a source, or kubeadm's default when its config sets none. */
const DECLARED = '"{{domain}}", the cluster domain declared by {{declaredBy}}';
const KUBEADM_DEFAULT = '"{{domain}}", kubeadm\'s default cluster domain (its ClusterConfiguration sets no networking.dnsDomain)';
const NO_ANSWER = 'Service and per-pod names under {{domain}} get no answer from the cluster (NXDOMAIN, or whatever the upstream resolver says).';

/** The kinds of finding, each worded for a declared domain (id) and for kubeadm's default (id + ForKubeadmDefault). */
const FINDINGS: Record<string, (domain: string) => string> = {
  noKubernetesPlugin: (d) => `CoreDNS {{coredns}} has no kubernetes plugin, so it answers no Service name under ${d}.`,
  zoneNotServed: (d) => `The CoreDNS kubernetes plugin in {{coredns}} serves {{zones}} but not ${d}; ${NO_ANSWER}`,
  serverBlockZoneNotServed: (d) => `The CoreDNS kubernetes plugin in {{coredns}} serves {{zones}} (the server block's zones, as it lists none) but not ${d}; ${NO_ANSWER}`,
  onlyReverseZones: (d) => `The CoreDNS kubernetes plugin in {{coredns}} serves only reverse zones but not ${d}; ${NO_ANSWER}`,
  serverBlockWithoutPlugin: (d) => `Queries for ${d}, reach the CoreDNS server block {{block}} in {{coredns}}, which has no kubernetes plugin; Service names get no cluster answer.`,
  noServerBlockReceives: (d) => `No CoreDNS server block in {{coredns}} receives queries for ${d}: the kubernetes plugin sits in the block for {{block}}, so it never answers them.`,
};

const messages = Object.fromEntries(Object.entries(FINDINGS).flatMap(([id, text]) => [[id, text(DECLARED)], [`${id}ForKubeadmDefault`, text(KUBEADM_DEFAULT)]]));

export default defineRule({
  meta: {
    id: 'coredns-domain-mismatch',
    cause: 6,
    severity: 'error',
    description: 'The CoreDNS kubernetes plugin does not serve the cluster domain that kubelet, kubeadm or --cluster-domain declare.',
    why:
      'Pods resolve `<svc>.<ns>.svc.<domain>` (and the per-pod names of a headless Service) through the search path kubelet writes from its clusterDomain. CoreDNS answers those names only in the zones of its `kubernetes` plugin (its arguments, or the server block\'s zones when it has none) and only when the query reaches that server block. A zone that is not the cluster domain makes every Service name NXDOMAIN or forwards it upstream, so headless peers never find each other.',
    diagnose: [
      'kubectl -n kube-system get configmap coredns -o jsonpath="{.data.Corefile}"',
      'kubectl exec <pod> -- cat /etc/resolv.conf',
      'kubectl exec <pod> -- nslookup <svc>.<ns>.svc.<domain>',
    ],
    fix: 'Write the cluster domain as the kubernetes plugin\'s zone (`kubernetes <domain> in-addr.arpa ip6.arpa`) in a server block that receives it (`.:53`), or change kubelet/kubeadm to the domain CoreDNS serves.',
    sources: [
      'https://coredns.io/plugins/kubernetes/ (coredns/coredns plugin/kubernetes/README.md: without ZONES the plugin uses the server block\'s zones)',
      'coredns/coredns corefile.5.md (a query goes to the server block with the longest matching zone)',
      'kubernetes/kubernetes cmd/kubeadm/app/phases/addons/dns/manifests.go (Corefile template)',
      'https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/',
    ],
    messages,
    fixes: {
      addPlugin: 'Add `kubernetes {{domain}} in-addr.arpa ip6.arpa` to the `.:53` server block.',
      serveDomain: 'Write `kubernetes {{domain}} in-addr.arpa ip6.arpa`, or make kubelet and kubeadm use the zone CoreDNS serves.',
      serveFromPluginBlock: 'Serve {{domain}} from the block that holds the kubernetes plugin (usually `.:53 { kubernetes {{domain}} in-addr.arpa ip6.arpa ... }`).',
    },
    // Which source declared the domain describes the finding (the domain identifies it); the
    // zones the plugin serves are the other objects, not what is missing.
    volatileData: ['declaredBy', 'zones'],
    uses: [facts.clusterDomain],
    requires: ['ConfigMap'],
    trace: { scope: 'cluster' },
  },
  check({ use, report }) {
    const domainFacts = use(facts.clusterDomain);
    const declared = declaredDomain(domainFacts.sources);
    if (!declared) return;
    const domain = declared.value;
    const kind = (id: keyof typeof FINDINGS) => (declared.implicit ? `${id}ForKubeadmDefault` : id);
    const declaredAt: RelatedTarget = declared.resource
      ? { resource: declared.resource, located: declared.located, message: declared.implicit ? `kubeadm ClusterConfiguration without networking.dnsDomain: ${domain}` : `${declared.description}: ${domain}` }
      : { message: `cluster domain ${domain}`, origin: declared.origin };
    const data = { domain, declaredBy: declared.description };

    for (const { resource, blocks, plugins } of domainFacts.coredns) {
      const at = (t: Token) => resource.locateInText(COREFILE, t.line, t.column, t.text.length);
      const tokens = blocks.flatMap((b) => [...b.keys, ...b.directives.flatMap((d) => [d.name, ...d.args])]);
      if (tokens.some((t) => isPlaceholder(t.text))) continue;
      if (plugins.length === 0) {
        // The plugin may sit in a file the Corefile imports; only a self-contained Corefile is judged.
        if (blocks.some((b) => b.directives.some((d) => d.name.text === 'import'))) continue;
        report({
          resource,
          path: COREFILE,
          key: true,
          messageId: kind('noKubernetesPlugin'),
          data: { ...data, coredns: resource.display },
          fixId: 'addPlugin',
          related: [declaredAt],
        });
        continue;
      }
      const receiving = serverFor(blocks, `svc.${domain}`);
      const plugin = plugins.find((p) => p.server === receiving);
      if (plugin && plugin.zones.some((z) => sameDomain(normalizeZone(z.text), domain))) continue;
      if (plugin) {
        const written = plugin.directive.args.length > 0;
        const zones = plugin.forwardZones.map((z) => normalizeZone(z.text) || '.');
        report({
          resource,
          located: at(written ? (plugin.forwardZones[0] ?? plugin.directive.name) : plugin.directive.name),
          // Only a plugin that lists its zones can have no forward one: the server block's zones include the one that receives the domain.
          messageId: kind(zones.length === 0 ? 'onlyReverseZones' : written ? 'zoneNotServed' : 'serverBlockZoneNotServed'),
          data: { ...data, coredns: resource.display, ...(zones.length > 0 ? { zones: `zone${zones.length > 1 ? 's' : ''} ${zones.map((z) => `"${z}"`).join(', ')}` } : {}) },
          fixId: 'serveDomain',
          related: [declaredAt],
        });
        continue;
      }
      const target = (receiving ?? plugins[0]?.server)?.keys[0];
      report({
        resource,
        located: target ? at(target) : undefined,
        path: COREFILE,
        messageId: kind(receiving ? 'serverBlockWithoutPlugin' : 'noServerBlockReceives'),
        data: { ...data, coredns: resource.display, block: (receiving ?? plugins[0]?.server)?.keys.map((k) => k.text).join(' ') ?? '' },
        fixId: 'serveFromPluginBlock',
        related: [declaredAt],
      });
    }
  },
});
