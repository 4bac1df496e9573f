import { facts } from '../src/facts/index.js';
import { defineRule } from '../src/engine/rule.js';
import { egressHosts, hostAdmits } from '../src/facts/mesh/sidecar-scope.js';

export default defineRule({
  meta: {
    id: 'sidecar-egress-hides-service',
    cause: 4,
    severity: 'error',
    description: "A Sidecar that applies to a caller lists egress hosts that do not include the headless Service.",
    why:
      "A Sidecar resource restricts what a proxy sees to its egress hosts (namespace/dnsName: * any namespace, . the proxy's own, ~ none; dnsName * or a *.suffix wildcard or an FQDN). The Sidecar that applies is the one whose workloadSelector matches the pod, else the namespace's selector-less one, else the selector-less one in the mesh root namespace. When none of its hosts matches <svc>.<ns>.svc.<cluster domain>, the caller's proxy has no per-pod listeners for the headless Service: calls go out as passthrough without mTLS, or are blackholed under REGISTRY_ONLY. Listener ports are not considered, and short host names are read generously, so a doubtful host never yields a finding; a caller whose sidecar is not certain (its namespace is not in the input) yields a warning. When several Sidecars tie for the caller's proxy (two selecting it, or two without selector in its namespace: istiod takes the oldest, which manifests do not show; see sidecar-selection-conflict), each is judged: if every one hides the Service the finding stands, if only some do it is a warning that says it depends on which Sidecar wins.",
    diagnose: ['kubectl -n <caller-ns> get sidecar -o yaml', 'istioctl proxy-config listener <caller-pod>.<caller-ns> --port <port>'],
    fix: 'Add "<svc-ns>/<svc>.<svc-ns>.svc.<cluster domain>" (or "<svc-ns>/*") to the egress hosts of that Sidecar.',
    sources: ['https://istio.io/latest/docs/reference/config/networking/sidecar/', 'https://istio.io/latest/docs/ops/configuration/mesh/configuration-scoping/'],
    messages: {
      hidden:
        '{{sidecar}} applies to {{caller}} ({{how}}) and its egress hosts [{{hosts}}] do not include {{serviceNamespace}}/{{fqdn}}, so that proxy has no listeners for headless {{service}} and the calls bypass the mesh.',
      hiddenIfItWins:
        'Which Sidecar applies to {{caller}} depends on which of {{contenders}} istiod finds oldest, and the manifests do not show it: if {{sidecar}} wins, its egress hosts [{{hosts}}] leave out {{serviceNamespace}}/{{fqdn}} and the calls to headless {{service}} bypass the mesh.',
    },
    fixes: {
      addEgressHost: 'Add "{{serviceNamespace}}/{{fqdn}}" (or "{{serviceNamespace}}/*") to its egress hosts.',
    },
    // The Sidecar, the caller and the Service's name identify the finding. How the Sidecar was
    // chosen describes it, and the host list may be edited and still leave the Service out.
    volatileData: ['how', 'hosts', 'contenders'],
    uses: [facts.clusterDomain, facts.headless, facts.headlessPeers, facts.injection, facts.sidecars],
    requires: ['Sidecar', 'Service'],
    trace: { judgedByHop: true },
  },
  check({ model, use, report }) {
    const domain = use(facts.clusterDomain).effective.replace(/\.$/, '').toLowerCase();
    for (const service of model.services.filter(use(facts.headless).isHeadless)) {
      const fqdn = `${service.name}.${service.namespace}.svc.${domain}`;
      const peers = use(facts.headlessPeers).of(service);
      for (const { workload, references } of [...peers.callers, ...peers.selfCallers]) {
        const verdict = use(facts.injection).of(workload);
        if (verdict.injected === false) continue;
        // Without certainty that the caller has a sidecar, the scoping may not matter to it.
        const severity = verdict.injected === true && verdict.certain ? undefined : 'warning';
        const scope = use(facts.sidecars).of(workload);
        if (!scope) continue;
        // Sidecars tied for this proxy (creation order unknown) are each judged: the finding is
        // certain only when every one of them hides the Service.
        const contenders = [scope.sidecar, ...scope.rivals];
        const hiding = contenders.flatMap((sidecar) => {
          const hosts = egressHosts(sidecar);
          return hosts && !hosts.some((h) => hostAdmits(h, workload.namespace, service.namespace, fqdn)) ? [{ sidecar, hosts }] : [];
        });
        const tied = hiding.length < contenders.length;
        const first = references[0];
        for (const { sidecar, hosts } of tied ? hiding : hiding.slice(0, 1)) {
          report({
            severity: tied ? 'warning' : severity,
            resource: sidecar,
            path: hosts[0]?.path ?? ['spec', 'egress'],
            messageId: tied ? 'hiddenIfItWins' : 'hidden',
            data: {
              sidecar: sidecar.display,
              caller: workload.display,
              how: scope.how,
              hosts: hosts.map((h) => h.text).join(', '),
              serviceNamespace: service.namespace,
              fqdn,
              service: service.display,
              ...(tied ? { contenders: contenders.map((c) => c.display).join(', ') } : {}),
            },
            fixId: 'addEgressHost',
            related: first ? [{ resource: first.resource, located: first.located, message: `${workload.display} calls ${first.name}` }] : [],
          });
        }
      }
    }
  },
});
