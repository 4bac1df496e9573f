import { facts } from '../src/facts/index.js';
import { defineRule } from '../src/engine/rule.js';
import type { RelatedTarget } from '../src/engine/types.js';
import { DOMAIN_SOURCE_KINDS, sameDomain, type DomainSource } from '../src/facts/dns/cluster-domain.js';

function related(s: DomainSource): RelatedTarget {
  const what = s.implicit ? `${s.description}` : `${s.description}: ${s.value}`;
  return s.resource ? { resource: s.resource, located: s.located, message: what } : { message: `cluster domain ${s.value}`, origin: s.origin };
}

/** The source as users find it: the setting, and the object or file holding it. */
function name(s: DomainSource): string {
  const setting = s.implicit ? 'kubeadm ClusterConfiguration' : s.description;
  if (!s.resource) return setting;
  if (!s.resource.name) return `${setting} (${s.resource.file})`;
  if (setting.includes(s.resource.display)) return setting;
  const where = `${s.resource.namespace ? `${s.resource.namespace}/` : ''}${s.resource.name}`;
  return setting.startsWith(`${s.resource.kind} `) ? `${setting} of ${where}` : `${setting} (${s.resource.display})`;
}

/** What the disagreeing value breaks, by the component that reads it. */
function consequence(s: DomainSource, effective: string): string {
  switch (s.kind) {
    case 'istio-values':
      return `istiod and every sidecar take their --domain from it and will name Services *.svc.${s.value} while pods resolve *.svc.${effective}`;
    case 'kubelet':
      return `kubelet writes search <ns>.svc.${s.value} into the pods' resolv.conf, so short and per-pod names are looked up under a domain the rest of the cluster does not serve`;
    case 'kubeadm':
      return `kubeadm writes ${s.value} into the CoreDNS Corefile (and into kubelet when kubelet has no clusterDomain), so CoreDNS answers *.svc.${s.value} and not *.svc.${effective}`;
    default:
      return 'names built under one domain are not answered under the other';
  }
}

export default defineRule({
  meta: {
    id: 'cluster-domain-conflict',
    cause: 1,
    severity: 'error',
    description: 'The places that declare the cluster DNS domain (kubelet, kubeadm, Istio values, --cluster-domain) disagree.',
    why:
      'Each component takes the domain from its own setting and nothing reconciles them. kubelet writes `<ns>.svc.<clusterDomain>` into every pod\'s resolv.conf search path; kubeadm writes networking.dnsDomain into the CoreDNS Corefile (and into kubelet only when kubelet has none); Istio\'s global.proxy.clusterDomain becomes istiod\'s and every sidecar\'s --domain. When they differ, short names and per-pod names of a headless Service resolve under one domain while CoreDNS or istiod serve another: NXDOMAIN, "connection refused", or traffic that bypasses the mesh routes.',
    diagnose: [
      'kubectl -n kube-system get configmap kubelet-config -o jsonpath="{.data.kubelet}" | grep clusterDomain',
      'kubectl -n kube-system get configmap kubeadm-config -o jsonpath="{.data.ClusterConfiguration}" | grep dnsDomain',
      'kubectl -n istio-system get configmap istio-sidecar-injector -o jsonpath="{.data.values}" | grep clusterDomain',
      'kubectl exec <pod> -- cat /etc/resolv.conf',
    ],
    fix: 'Pick the domain the cluster really uses (kubelet clusterDomain on the nodes) and write the same value everywhere: kubeadm networking.dnsDomain, KubeletConfiguration clusterDomain, Istio values.global.proxy.clusterDomain; then reinstall Istio so istiod and the sidecars pick it up.',
    sources: [
      'kubernetes/kubernetes cmd/kubeadm/app/componentconfigs/kubelet.go (kubelet clusterDomain is copied from networking.dnsDomain only when empty, otherwise kept with a warning)',
      'kubernetes/kubernetes cmd/kubeadm/app/apis/kubeadm/v1beta4/defaults.go (DefaultServiceDNSDomain = cluster.local)',
      'kubernetes/kubernetes cmd/kubeadm/app/phases/addons/dns/manifests.go (Corefile `kubernetes <dnsDomain> in-addr.arpa ip6.arpa`)',
      'istio/istio manifests/charts/istio-control/istio-discovery/values.yaml (global.proxy.clusterDomain; every chart must use the same value)',
      'https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/',
    ],
    uses: [facts.clusterDomain],
    trace: { hops: ['dns'], scope: 'cluster' },
  },
  check({ model, use, report }) {
    const domain = use(facts.clusterDomain);
    const winner = domain.decidedBy;
    for (const source of domain.sources) {
      if (source === winner || sameDomain(source.value, domain.effective)) continue;
      // CoreDNS zones are compared by coredns-domain-mismatch. When a zone decided the domain,
      // only Istio's own value is judged here against what CoreDNS answers.
      if (!winner && source.kind !== 'istio-values') continue;
      const against = winner
        ? winner.implicit
          ? `kubeadm's default "${winner.value}" (${name(winner)} sets no networking.dnsDomain)`
          : `"${winner.value}" from ${name(winner)}`
        : `"${domain.effective}", the zone CoreDNS answers for`;
      const relatedTargets: RelatedTarget[] = [];
      if (winner) relatedTargets.push(related(winner));
      else if (domain.decidedByZone) {
        const { config, zone } = domain.decidedByZone;
        relatedTargets.push({ resource: config.resource, located: config.resource.locateInText(['data', 'Corefile'], zone.line, zone.column, zone.text.length), message: `CoreDNS serves zone ${zone.text}` });
      }
      const what = source.implicit
        ? `${name(source)} sets no networking.dnsDomain, so kubeadm uses "${source.value}"`
        : `${name(source)} declares cluster domain "${source.value}"`;
      report({
        resource: source.resource,
        located: source.located,
        message: `${what}, but the cluster domain is ${against}: ${consequence(source, domain.effective)}.`,
        fix: source.implicit ? `Set networking.dnsDomain: ${domain.effective} (or make the other sources use ${source.value}).` : `Use ${domain.effective} here, or change the other sources to ${source.value} if that is the cluster's real domain.`,
        related: relatedTargets,
      });
    }
  },
});
