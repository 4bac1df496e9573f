/**
 * The addresses pods are told to use as their nameserver: the cluster DNS Service's cluster IP,
 * kubelet `clusterDNS` (what kubelet writes into every ClusterFirst pod's resolv.conf), and the
 * link-local addresses of a NodeLocal DNSCache (`-localip`), which forwards cluster names to CoreDNS.
 * https://kubernetes.io/docs/tasks/administer-cluster/nodelocaldns/
 */
import { asArray, asObj, asString, type Resource } from '../../load/resource.js';
import { readEmbedded } from '../../text/embedded.js';
import { fromMap, matches } from '../../model/selector.js';
import type { Workload } from '../../model/workload.js';
import { defineFact } from '../define.js';
import { WORKLOAD_KINDS } from '../../model/workload.js';

export interface ClusterDnsInputs {
  dnsNamespace: string;
  dnsPodLabels: Record<string, string>;
  services: readonly Resource[];
  kubeletConfigs: readonly Resource[];
  configMaps: readonly Resource[];
  workloads: readonly Workload[];
}

export interface ClusterDnsServers {
  /** every address known to reach cluster DNS; empty when the input shows none */
  addresses: Set<string>;
  /** where each address was read, for messages */
  describe(address: string): string | undefined;
}

function selects(service: Resource, labels: Record<string, string>): boolean {
  const selector = asObj(service.spec.selector);
  return selector !== undefined && Object.keys(selector).length > 0 && matches(fromMap(selector), labels);
}

export function collectClusterDns(input: ClusterDnsInputs): ClusterDnsServers {
  const found = new Map<string, string>();
  const add = (address: string | undefined, origin: string) => {
    const a = address?.trim();
    if (a && a !== 'None' && !found.has(a)) found.set(a, origin);
  };
  for (const svc of input.services) {
    if (svc.namespace !== input.dnsNamespace) continue;
    if (svc.name !== 'kube-dns' && !selects(svc, input.dnsPodLabels)) continue;
    add(asString(svc.spec.clusterIP), `${svc.display} clusterIP`);
    for (const ip of asArray(svc.spec.clusterIPs)) add(asString(ip), `${svc.display} clusterIPs`);
  }
  const kubeletDns = (config: Record<string, unknown>, origin: string) => {
    for (const ip of asArray(config.clusterDNS)) add(asString(ip), origin);
  };
  for (const k of input.kubeletConfigs) kubeletDns(k.value, 'KubeletConfiguration clusterDNS');
  for (const cm of input.configMaps) {
    if (cm.namespace !== input.dnsNamespace || !/^kubelet-config(-[\d.]+)?$/.test(cm.name)) continue;
    const embedded = readEmbedded(cm, ['data', 'kubelet']);
    if (embedded) kubeletDns(embedded.value, `KubeletConfiguration clusterDNS (${cm.display})`);
  }
  for (const w of input.workloads) {
    for (const c of w.containers()) {
      const args = asArray(c.container.args).map((a) => String(a));
      args.forEach((arg, i) => {
        const inline = /^--?localip=(.*)$/.exec(arg)?.[1];
        const value = inline ?? (/^--?localip$/.test(arg) ? args[i + 1] : undefined);
        for (const ip of value?.split(',') ?? []) add(ip, `NodeLocal DNSCache ${w.display} -localip`);
      });
    }
  }
  return { addresses: new Set(found.keys()), describe: (a) => found.get(a) };
}

export const clusterDns = defineFact({
  id: 'dns.clusterDns',
  description: 'the addresses known to reach cluster DNS: the kube-dns Service IP, kubelet clusterDNS, NodeLocal DNSCache',
  reads: [...WORKLOAD_KINDS, 'Service', 'KubeletConfiguration', 'ConfigMap'],
  compute: ({ model }) =>
    collectClusterDns({
      dnsNamespace: model.settings.dnsNamespace,
      dnsPodLabels: model.settings.dnsPodLabels,
      services: model.ofKind('Service'),
      kubeletConfigs: model.ofKind('KubeletConfiguration'),
      configMaps: model.ofKind('ConfigMap'),
      workloads: model.workloads,
    }),
});
