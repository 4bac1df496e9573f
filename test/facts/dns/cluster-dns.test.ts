import { describe, expect, it } from 'vitest';
import { facts } from '../../../src/facts/index.js';
import type { ClusterSettings } from '../../../src/model/settings.js';
import { analysisOfFiles } from '../../helpers/analysis-of.js';

function dnsOf(text: string, settings?: Partial<ClusterSettings>) {
  return analysisOfFiles({ 'a.yaml': text }, settings).use(facts.clusterDns);
}

const svc = (name: string, ns: string, ip: string, selector = 'k8s-app: kube-dns') => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  clusterIP: ${ip}
  selector:
    ${selector}
`;

describe('collectClusterDns', () => {
  it('reads the kube-dns Service, by name or by the DNS pods selector, in the DNS namespace only', () => {
    expect([...dnsOf(svc('kube-dns', 'kube-system', '10.96.0.10')).addresses]).toEqual(['10.96.0.10']);
    expect([...dnsOf(svc('coredns', 'kube-system', '10.0.0.10')).addresses]).toEqual(['10.0.0.10']);
    expect([...dnsOf(svc('coredns', 'kube-system', '10.0.0.10', 'app: other')).addresses]).toEqual([]);
    expect([...dnsOf(svc('kube-dns', 'tools', '10.96.0.10')).addresses]).toEqual([]);
    expect([...dnsOf(svc('kube-dns', 'dns', '10.96.0.10'), { dnsNamespace: 'dns' }).addresses]).toEqual(['10.96.0.10']);
    expect(dnsOf(svc('kube-dns', 'kube-system', '10.96.0.10')).describe('10.96.0.10')).toBe('Service kube-system/kube-dns clusterIP');
  });

  it('reads kubelet clusterDNS, as a file and from the kubelet-config ConfigMap', () => {
    expect([...dnsOf('apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nclusterDNS: [10.32.0.10]\n').addresses]).toEqual(['10.32.0.10']);
    const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: kubelet-config\n  namespace: kube-system\ndata:\n  kubelet: |\n    kind: KubeletConfiguration\n    clusterDNS:\n      - 10.96.0.10\n';
    expect([...dnsOf(cm).addresses]).toEqual(['10.96.0.10']);
  });

  it('reads NodeLocal DNSCache -localip addresses, both argument forms', () => {
    const ds = (args: string) => `apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: node-local-dns\n  namespace: kube-system\nspec:\n  template:\n    spec:\n      containers:\n        - name: node-cache\n          args: ${args}\n`;
    expect([...dnsOf(ds('["-localip", "169.254.20.10,10.96.0.10"]')).addresses]).toEqual(['169.254.20.10', '10.96.0.10']);
    expect([...dnsOf(ds('["-localip=169.254.20.10"]')).addresses]).toEqual(['169.254.20.10']);
  });

  it('knows nothing when the input shows nothing, and ignores a headless DNS Service', () => {
    expect(dnsOf('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n').addresses.size).toBe(0);
    expect(dnsOf(svc('kube-dns', 'kube-system', 'None')).addresses.size).toBe(0);
  });
});
