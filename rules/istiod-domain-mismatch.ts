import { WORKLOAD_KINDS } from '../src/model/workload.js';
import { facts } from '../src/facts/index.js';
import { istiodDomainRepair } from '../src/fix/repairs.js';
import { defineRule } from '../src/engine/rule.js';
import type { RelatedTarget } from '../src/engine/types.js';
import { sameDomain } from '../src/facts/dns/cluster-domain.js';

export default defineRule({
  meta: {
    id: 'istiod-domain-mismatch',
    cause: 1,
    severity: 'error',
    description: "istiod's --domain, or an injected proxy's, differs from the cluster's DNS domain.",
    why:
      'istiod names every Service <svc>.<ns>.svc.<--domain>. When that is not the domain the cluster answers for, the names callers resolve never match what istiod built: HTTP routes miss (404 NR), DestinationRules and VirtualServices written with the real name never bind, and the DNS proxy answers for names nobody uses, so headless calls fall through to passthrough or fail.',
    diagnose: [
      'kubectl -n istio-system get deploy istiod -o jsonpath="{.spec.template.spec.containers[0].args}"',
      'kubectl -n kube-system get configmap coredns -o jsonpath="{.data.Corefile}"',
      'istioctl proxy-config cluster <pod>.<ns> | grep <service>',
    ],
    fix: 'Install Istio with values.global.proxy.clusterDomain set to the cluster domain (it renders istiod --domain and every sidecar\'s), or correct the --domain argument.',
    sources: [
      'istio/istio manifests/charts/istio-control/istio-discovery/templates/deployment.yaml (--domain from global.proxy.clusterDomain)',
      'istio/istio pilot/cmd/pilot-discovery/app/cmd.go (flag default cluster.local)',
      'https://github.com/istio/istio/issues/12296',
      'istio/istio manifests/charts/istio-control/istio-discovery/files/injection-template.yaml (the proxy\'s --domain $(POD_NAMESPACE).svc.<global.proxy.clusterDomain>)',
      'istio/istio pilot/pkg/model/context.go (DNSDomain: the suffix for short hostnames)',
    ],
    messages: {
      mismatch: 'istiod {{istiod}} serves domain "{{served}}" but the cluster domain is "{{domain}}" ({{origin}}); Istio\'s service names will not match the names callers resolve.',
      proxyMismatch: '{{workload}} runs an injected proxy with --domain "{{arg}}" (cluster domain "{{served}}") but the cluster domain is "{{domain}}" ({{origin}}); the sidecar expands short Service names and matches hosts with the wrong domain.',
      mismatchByDefault: 'istiod {{istiod}} serves domain "{{served}}" (no --domain argument, so the default) but the cluster domain is "{{domain}}" ({{origin}}); Istio\'s service names will not match the names callers resolve.',
    },
    fixes: {
      setDomain: 'Set --domain {{domain}} (Helm/IstioOperator: values.global.proxy.clusterDomain: {{domain}}).',
      reinjectDomain: 'Inject it again with values.global.proxy.clusterDomain: {{domain}} (istioctl kube-inject), or set the arg to $(POD_NAMESPACE).svc.{{domain}}.',
      addDomain: 'Add "--domain", "{{domain}}" to the discovery container\'s args (Helm/IstioOperator: values.global.proxy.clusterDomain: {{domain}}).',
    },
    fixable: {
      fix: 'When the cluster\'s own configuration (--cluster-domain, kubelet, kubeadm or the CoreDNS zone) decides the domain and nothing declares another, istiod serving that domain is the one reading that cures the finding: --domain is set in the form it is written (or added to the discovery container\'s args).',
      suggestions: 'When the domain is assumed, comes from Istio\'s own values, or is declared two ways, either istiod or the cluster could be the side to change: the same edit is offered for a human to choose.',
    },
    // Where the cluster domain was read describes the finding; the domains identify it.
    volatileData: ['origin'],
    uses: [facts.clusterDomain, facts.istiods, facts.injection, facts.proxySettings],
    requires: [WORKLOAD_KINDS],
    trace: { scope: 'cluster' },
  },
  check({ model, use, report }) {
    const domain = use(facts.clusterDomain);
    const declared = () => {
      const related: RelatedTarget[] = [];
      let origin: string;
      if (domain.decidedBy) {
        const s = domain.decidedBy;
        origin = s.description;
        related.push(s.resource ? { resource: s.resource, located: s.located, message: `${s.description}: ${s.value}` } : { message: `cluster domain ${s.value}`, origin: s.origin });
      } else if (domain.decidedByZone) {
        const { config, zone } = domain.decidedByZone;
        origin = 'the CoreDNS kubernetes zone';
        related.push({ resource: config.resource, located: config.resource.locateInText(['data', 'Corefile'], zone.line, zone.column, zone.text.length), message: `CoreDNS serves zone ${zone.text}` });
      } else {
        origin = 'assumed: no manifest declares it; pass --cluster-domain if your cluster uses another';
      }
      return { origin, related };
    };
    for (const istiod of use(facts.istiods)) {
      if (sameDomain(istiod.domain, domain.effective)) continue;
      const { origin, related } = declared();
      const written = istiod.domainPath !== undefined;
      report({
        resource: istiod.workload.resource,
        path: istiod.domainPath ?? istiod.argsPath,
        messageId: written ? 'mismatch' : 'mismatchByDefault',
        data: { istiod: istiod.workload.display, served: istiod.domain, domain: domain.effective, origin },
        fixId: written ? 'setDomain' : 'addDomain',
        ...istiodDomainRepair(istiod.workload.resource, istiod, domain, written ? 'setDomain' : 'addDomain'),
        related,
      });
    }
    for (const workload of model.workloads) {
      const proxyDomain = use(facts.proxySettings).of(workload).clusterDomain;
      const verdict = use(facts.injection).of(workload);
      // A template the webhook re-injects runs the webhook's --domain, not the one written in it.
      if (!proxyDomain || !verdict.evidence || verdict.byLabels?.injected === true || sameDomain(proxyDomain.value, domain.effective)) continue;
      const { origin, related } = declared();
      report({
        resource: proxyDomain.resource,
        path: proxyDomain.path,
        // Against an assumed cluster domain, the injected value may be the one the cluster really uses.
        severity: domain.decidedBy || domain.decidedByZone ? undefined : 'warning',
        messageId: 'proxyMismatch',
        data: { workload: workload.display, arg: proxyDomain.text, served: proxyDomain.value, domain: domain.effective, origin },
        fixId: 'reinjectDomain',
        related,
      });
    }
  },
});
