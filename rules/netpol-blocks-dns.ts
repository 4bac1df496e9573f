import { facts } from '../src/facts/index.js';
import { allowTrafficRepair } from '../src/fix/repairs.js';
import { defineRule } from '../src/engine/rule.js';
import type { Severity } from '../src/engine/types.js';
import type { Workload } from '../src/model/workload.js';
import { DNS_PORT, type DnsQuery } from '../src/facts/network/dns-reachability.js';
import type { Verdict } from '../src/netpol/evaluator.js';
import { describeBlock, relatedOf } from '../src/netpol/findings.js';
import { podGroupDisplay } from '../src/netpol/pods.js';

// The pieces the messages share: who cannot ask, the DNS pods and why, and the effect of a UDP block.
const SUBJECT = '{{workload}} {{role}} the headless {{service}} but';
const DNS_PODS = 'the cluster DNS pods {{dns}}: {{block}}.';
const NO_LOOKUP = 'Every name lookup times out, so the headless names never resolve.';
type Blocked = 'blocked' | 'udpBlocked' | 'mayBeBlocked' | 'tcpFallbackBlocked' | 'tcpFallbackMayBeBlocked';

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
    messages: {
      blocked: `${SUBJECT} cannot send UDP 53 (nor TCP 53) to ${DNS_PODS} ${NO_LOOKUP}`,
      udpBlocked: `${SUBJECT} cannot send UDP 53 to ${DNS_PODS} ${NO_LOOKUP}`,
      mayBeBlocked: `${SUBJECT} may not send UDP 53 to ${DNS_PODS} Only a rule whose match depends on the network plugin or unknown addresses allows it; name lookups may time out.`,
      tcpFallbackBlocked: `${SUBJECT} cannot send TCP 53 to ${DNS_PODS} UDP lookups work, but answers too large for UDP (many pods behind a headless Service) are retried over TCP and fail.`,
      tcpFallbackMayBeBlocked: `${SUBJECT} may not send TCP 53 to ${DNS_PODS} Only a rule whose match depends on the network plugin or unknown addresses allows the TCP fallback for large answers.`,
    },
    fixes: {
      allowDns: 'Allow egress to {{dnsNamespace}} pods {{dnsLabels}} on 53/UDP and 53/TCP (one peer with both namespaceSelector and podSelector).',
    },
    fixable: {
      suggestions: 'A NetworkPolicy rule admits every pod the policy selects, not only the workload reported, and the ingress side of the DNS pods opens it to the pods named: a wider opening than the finding, so it is a suggestion. The rule added is the narrowest that cures it: one peer with both the namespace and the pod labels, only UDP and TCP 53. Offered only for a certain denial.',
    },
    // The workload and the DNS pods identify the finding. The headless Service named, and whether the
    // workload backs or calls it, is the first one met (another Service can come first), and the
    // block is describeBlock's account of the policies.
    volatileData: ['role', 'service', 'block'],
    uses: [facts.callers, facts.headless, facts.dnsReachability],
    requires: ['NetworkPolicy'],
    trace: { judgedByHop: true },
  },
  check({ model, use, report }) {
    const involved = new Map<Workload, { role: 'backs' | 'calls'; service: string }>();
    for (const service of model.services) {
      if (!use(facts.headless).isHeadless(service)) continue;
      const backing = model.selectedBy(service);
      for (const w of [...backing, ...model.governedBy(service)]) if (!involved.has(w)) involved.set(w, { role: 'backs', service: service.display });
      for (const ref of use(facts.callers).callersOf(service, backing)) if (!involved.has(ref.caller)) involved.set(ref.caller, { role: 'calls', service: service.display });
    }
    for (const [workload, { role, service }] of involved) {
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
          messageId: finding.messageId,
          data: {
            workload: workload.display,
            role,
            service,
            dns: podGroupDisplay(dns),
            block: describeBlock(shown, DNS_PORT),
            dnsNamespace: dns.namespace,
            dnsLabels: Object.entries(dns.labels).map(([k, v]) => `${k}=${v}`).join(','),
          },
          fixId: 'allowDns',
          ...allowTrafficRepair(shown, { namespace: workload.namespace, labels: workload.labels }, dns, [{ protocol: 'UDP', port: DNS_PORT }, { protocol: 'TCP', port: DNS_PORT }], 'allowDns'),
          related: relatedOf(shown, DNS_PORT),
        });
        break;
      }
    }
  },
});

function judge(udpQuery: DnsQuery, tcpQuery: DnsQuery): { severity: Severity; messageId: Blocked; verdict: Verdict } | undefined {
  const udp = { ...udpQuery.toPods, allowed: udpQuery.allowed };
  const tcp = { ...tcpQuery.toPods, allowed: tcpQuery.allowed };
  if (udp.allowed === false) return { severity: 'error', messageId: tcp.allowed === true ? 'udpBlocked' : 'blocked', verdict: udp };
  if (udp.allowed === 'unknown') return { severity: 'warning', messageId: 'mayBeBlocked', verdict: udp };
  if (tcp.allowed === false) return { severity: 'warning', messageId: 'tcpFallbackBlocked', verdict: tcp };
  if (tcp.allowed === 'unknown') return { severity: 'info', messageId: 'tcpFallbackMayBeBlocked', verdict: tcp };
  return undefined;
}
