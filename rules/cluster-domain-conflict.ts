import { facts } from '../src/facts/index.js';
import { defineRule } from '../src/engine/rule.js';
import type { RelatedTarget } from '../src/engine/types.js';
import { sameDomain, type DomainSource } from '../src/facts/dns/cluster-domain.js';

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

/**
 * The message of a disagreeing source, by what the source is (its value breaks the component that
 * reads it) and by what decided the cluster domain.
 */
function messageIdOf(source: DomainSource, winner: DomainSource | undefined): string {
  if (source.kind === 'istio-values') return !winner ? 'istioValuesDifferFromZone' : winner.implicit ? 'istioValuesDifferFromKubeadmDefault' : 'istioValuesDiffer';
  if (source.kind === 'kubelet') return 'kubeletDiffers';
  return source.implicit ? 'kubeadmDefaultDiffers' : 'kubeadmDiffers';
}

const DECLARES = '{{source}} declares cluster domain "{{value}}", but the cluster domain is';
const FROM_WINNER = '"{{decidedValue}}" from {{decidedBy}}';
const ISTIO_EFFECT = 'istiod and every sidecar take their --domain from it and will name Services *.svc.{{value}} while pods resolve *.svc.{{domain}}.';

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
    messages: {
      kubeletDiffers: `${DECLARES} ${FROM_WINNER}: kubelet writes search <ns>.svc.{{value}} into the pods' resolv.conf, so short and per-pod names are looked up under a domain the rest of the cluster does not serve.`,
      kubeadmDiffers: `${DECLARES} ${FROM_WINNER}: kubeadm writes {{value}} into the CoreDNS Corefile (and into kubelet when kubelet has no clusterDomain), so CoreDNS answers *.svc.{{value}} and not *.svc.{{domain}}.`,
      kubeadmDefaultDiffers: `{{source}} sets no networking.dnsDomain, so kubeadm uses "{{value}}", but the cluster domain is ${FROM_WINNER}: kubeadm writes {{value}} into the CoreDNS Corefile (and into kubelet when kubelet has no clusterDomain), so CoreDNS answers *.svc.{{value}} and not *.svc.{{domain}}.`,
      istioValuesDiffer: `${DECLARES} ${FROM_WINNER}: ${ISTIO_EFFECT}`,
      istioValuesDifferFromKubeadmDefault: `${DECLARES} kubeadm's default "{{decidedValue}}" ({{decidedBy}} sets no networking.dnsDomain): ${ISTIO_EFFECT}`,
      istioValuesDifferFromZone: `${DECLARES} "{{domain}}", the zone CoreDNS answers for: ${ISTIO_EFFECT}`,
    },
    fixes: {
      setDnsDomain: 'Set networking.dnsDomain: {{domain}} (or make the other sources use {{value}}).',
      useClusterDomain: "Use {{domain}} here, or change the other sources to {{value}} if that is the cluster's real domain.",
    },
    // Which source decided the domain, and its value as written, describe the finding; the source
    // reported, its value and the effective domain identify it.
    volatileData: ['decidedBy', 'decidedValue'],
    uses: [facts.clusterDomain],
    trace: { hops: ['dns'], scope: 'cluster' },
  },
  check({ use, report }) {
    const domain = use(facts.clusterDomain);
    const winner = domain.decidedBy;
    for (const source of domain.sources) {
      // The user's domain, when given, always decides: a user source is never the one reported.
      if (source === winner || source.kind === 'user' || sameDomain(source.value, domain.effective)) continue;
      // CoreDNS zones are compared by coredns-domain-mismatch. When a zone decided the domain,
      // only Istio's own value is judged here against what CoreDNS answers.
      if (!winner && source.kind !== 'istio-values') continue;
      const relatedTargets: RelatedTarget[] = [];
      if (winner) relatedTargets.push(related(winner));
      else if (domain.decidedByZone) {
        const { config, zone } = domain.decidedByZone;
        relatedTargets.push({ resource: config.resource, located: config.resource.locateInText(['data', 'Corefile'], zone.line, zone.column, zone.text.length), message: `CoreDNS serves zone ${zone.text}` });
      }
      report({
        resource: source.resource,
        located: source.located,
        messageId: messageIdOf(source, winner),
        data: { source: name(source), value: source.value, domain: domain.effective, ...(winner ? { decidedBy: name(winner), decidedValue: winner.value } : {}) },
        fixId: source.implicit ? 'setDnsDomain' : 'useClusterDomain',
        related: relatedTargets,
      });
    }
  },
});
