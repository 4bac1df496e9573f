import { facts } from '../src/facts/index.js';
import { defineRule } from '../src/engine/rule.js';
import type { Severity } from '../src/engine/types.js';
import type { Workload } from '../src/model/workload.js';
import { DNS_PORT, type DnsQuery } from '../src/facts/network/dns-reachability.js';
import type { Verdict } from '../src/netpol/evaluator.js';
import { describeBlock, relatedOf } from '../src/netpol/findings.js';
import { podGroupDisplay } from '../src/netpol/pods.js';


export default defineRule({
  meta: {
    id: 'netpol-blocks-dns',
    cause: 5,
    severity: 'error',
    description: 'A workload that backs or calls a headless Service may not reach the cluster DNS pods on port 53.',
    why:
      'Headless Services exist only in DNS: callers find the pods by resolving <pod>.<service>.<ns>.svc names, and clustered databases find their peers the same way. When a NetworkPolicy isolates the pod for egress (or the DNS pods for ingress) without allowing UDP 53 to the DNS pods, every lookup times out. TCP 53 matters too: answers too large for UDP, such as the record set of a big headless Service, are retried over TCP.',
    diagnose: [
      'kubectl -n <ns> get networkpolicy -o yaml',
      'kubectl -n <ns> exec <pod> -- nslookup <service>.<ns>.svc.cluster.local',
      'kubectl -n kube-system get pods -l k8s-app=kube-dns -o wide',
      'npx headless-lint reach <manifests> --from <ns>/<workload> --to kube-system/coredns --port 53 --protocol UDP',
    ],
    fix: 'Add an egress rule to the isolating policy with one peer namespaceSelector kubernetes.io/metadata.name=kube-system AND podSelector k8s-app=kube-dns, ports 53/UDP and 53/TCP.',
    sources: [
      'https://kubernetes.io/docs/concepts/services-networking/network-policies/ (egress isolation; targeting a namespace by kubernetes.io/metadata.name)',
      'https://github.com/ahmetb/kubernetes-network-policy-recipes/blob/master/11-deny-egress-traffic-from-an-application.md (allowing DNS on 53/UDP and 53/TCP)',
      'https://www.rfc-editor.org/rfc/rfc7766 (DNS over TCP is required when a UDP answer is truncated)',
      'https://kubernetes.io/docs/tasks/administer-cluster/nodelocaldns/ (NodeLocal DNSCache listens on a link-local address, 169.254.20.10 by default)',
    ],
    uses: [facts.callers, facts.headless, facts.dnsReachability],
    requires: ['NetworkPolicy'],
    trace: { judgedByHop: true },
  },
  check({ model, use, report }) {
    const involved = new Map<Workload, string>();
    for (const service of model.services) {
      if (!use(facts.headless).isHeadless(service)) continue;
      const backing = model.selectedBy(service);
      for (const w of [...backing, ...model.governedBy(service)]) if (!involved.has(w)) involved.set(w, `backs the headless ${service.display}`);
      for (const ref of use(facts.callers).callersOf(service, backing)) if (!involved.has(ref.caller)) involved.set(ref.caller, `calls the headless ${service.display}`);
    }
    for (const [workload, role] of involved) {
      const reach = use(facts.dnsReachability).of(workload);
      // These pods do not ask the cluster DNS pods (host resolver, or their own dnsConfig).
      if (!reach.asks) continue;
      for (const path of reach.paths) {
        const finding = judge(path.udp, path.tcp);
        if (!finding) continue;
        const dns = path.dns;
        const shown = finding.verdict;
        report({
          resource: workload.resource,
          path: ['metadata', 'name'],
          severity: finding.severity,
          message: `${workload.display} ${role} but ${finding.what} the cluster DNS pods ${podGroupDisplay(dns)}: ${describeBlock(shown, DNS_PORT)}. ${finding.effect}`,
          fix: `Allow egress to ${dns.namespace} pods ${Object.entries(dns.labels).map(([k, v]) => `${k}=${v}`).join(',')} on 53/UDP and 53/TCP (one peer with both namespaceSelector and podSelector).`,
          related: relatedOf(shown, DNS_PORT),
        });
        break;
      }
    }
  },
});

function judge(udpQuery: DnsQuery, tcpQuery: DnsQuery): { severity: Severity; what: string; effect: string; verdict: Verdict } | undefined {
  const udp = { ...udpQuery.toPods, allowed: udpQuery.allowed };
  const tcp = { ...tcpQuery.toPods, allowed: tcpQuery.allowed };
  if (udp.allowed === false) {
    const also = tcp.allowed === true ? '' : ' (nor TCP 53)';
    return { severity: 'error', what: `cannot send UDP 53${also} to`, effect: 'Every name lookup times out, so the headless names never resolve.', verdict: udp };
  }
  if (udp.allowed === 'unknown') return { severity: 'warning', what: 'may not send UDP 53 to', effect: 'Only a rule whose match depends on the network plugin or unknown addresses allows it; name lookups may time out.', verdict: udp };
  if (tcp.allowed === false) return { severity: 'warning', what: 'cannot send TCP 53 to', effect: 'UDP lookups work, but answers too large for UDP (many pods behind a headless Service) are retried over TCP and fail.', verdict: tcp };
  if (tcp.allowed === 'unknown') return { severity: 'info', what: 'may not send TCP 53 to', effect: 'Only a rule whose match depends on the network plugin or unknown addresses allows the TCP fallback for large answers.', verdict: tcp };
  return undefined;
}
