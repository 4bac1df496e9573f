/**
 * Can a workload's pods reach cluster DNS on port 53, UDP and TCP? One answer for
 * netpol-blocks-dns and the network hop of `trace`.
 *
 * Pods ask the cluster DNS pods, unless they do not use cluster DNS at all (hostNetwork,
 * dnsPolicy Default or None). NodeLocal DNSCache answers on a link-local address (169.254.20.10
 * by default) or on the kube-dns Service IP, which only an ipBlock can name: an egress rule to
 * that address allows the lookup even when the DNS pods themselves are not allowed
 * (https://kubernetes.io/docs/tasks/administer-cluster/nodelocaldns/). TCP matters for answers
 * too large for UDP, such as a big headless Service's record set (RFC 7766).
 */
import { asString } from '../../load/resource.js';
import type { Workload } from '../../model/workload.js';
import { formatRange, parseCidr } from '../../netpol/cidr.js';
import type { Endpoint, Verdict } from '../../netpol/evaluator.js';
import type { PodGroup } from '../../netpol/pods.js';
import { defineFact } from '../define.js';
import { netpol } from './netpol.js';

export const DNS_PORT = 53;
/** NodeLocal DNSCache's default listen address (kubernetes.io/docs/tasks/administer-cluster/nodelocaldns/) */
export const NODE_LOCAL_DNS = '169.254.20.10';

export interface DnsQuery {
  protocol: 'UDP' | 'TCP';
  /** the verdict towards the DNS pods */
  toPods: Verdict;
  /** a resolver address (NodeLocal DNSCache, the kube-dns Service IP) that the policies allow, when the pods are not */
  viaAddress?: { address: string; verdict: Verdict };
  /** true, false or 'unknown', after the resolver addresses */
  allowed: true | false | 'unknown';
}

export interface DnsPath {
  dns: PodGroup;
  udp: DnsQuery;
  tcp: DnsQuery;
}

export type DnsReach =
  /** the pods do not use the cluster DNS pods: nothing to reach */
  | { asks: false; why: 'hostNetwork' | 'dnsPolicy Default' | 'dnsPolicy None' | 'no pod template' }
  | { asks: true; paths: DnsPath[] };

export interface DnsReachability {
  of(workload: Workload): DnsReach;
}

export const dnsReachability = defineFact({
  id: 'network.dnsReachability',
  description: "whether each workload's pods may send DNS queries (UDP and TCP 53) to cluster DNS, NodeLocal DNSCache included",
  reads: ['Service'],
  uses: [netpol],
  compute: ({ model, use }): DnsReachability => {
    const evaluator = use(netpol);
    const kubeDnsIp = asString(model.get('Service', model.settings.dnsNamespace, 'kube-dns')?.spec.clusterIP);
    const resolvers = [NODE_LOCAL_DNS, kubeDnsIp]
      .map((ip) => (ip ? parseCidr(ip) : undefined))
      .flatMap((range): (Endpoint & { kind: 'cidr' })[] => (range ? [{ kind: 'cidr', range, text: formatRange(range) }] : []));
    const memo = new Map<Workload, DnsReach>();

    const query = (group: PodGroup, dns: PodGroup, protocol: 'UDP' | 'TCP'): DnsQuery => {
      const toPods = evaluator.evaluate({ kind: 'pods', group }, { kind: 'pods', group: dns }, protocol, DNS_PORT);
      if (toPods.allowed === true) return { protocol, toPods, allowed: true };
      for (const resolver of resolvers) {
        const verdict = evaluator.evaluate({ kind: 'pods', group }, resolver, protocol, DNS_PORT);
        if (verdict.allowed === true) return { protocol, toPods, viaAddress: { address: resolver.text, verdict }, allowed: true };
      }
      return { protocol, toPods, allowed: toPods.allowed === 'unknown' ? 'unknown' : false };
    };

    const reach = (workload: Workload): DnsReach => {
      const group = evaluator.groupOf(workload);
      if (!group) return { asks: false, why: 'no pod template' };
      if (group.hostNetwork) return { asks: false, why: 'hostNetwork' };
      const dnsPolicy = asString(workload.podSpec.dnsPolicy);
      if (dnsPolicy === 'Default' || dnsPolicy === 'None') return { asks: false, why: `dnsPolicy ${dnsPolicy}` };
      return { asks: true, paths: evaluator.dnsPods.map((dns) => ({ dns, udp: query(group, dns, 'UDP'), tcp: query(group, dns, 'TCP') })) };
    };

    return {
      of(workload) {
        let answer = memo.get(workload);
        if (!answer) memo.set(workload, (answer = reach(workload)));
        return answer;
      },
    };
  },
});
