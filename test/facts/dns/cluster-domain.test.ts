import { describe, expect, it } from 'vitest';
import { sameDomain } from '../../../src/facts/dns/cluster-domain.js';
import { facts } from '../../../src/facts/index.js';
import type { ClusterSettings } from '../../../src/model/settings.js';
import { analysisOfFiles } from '../../helpers/analysis-of.js';
import { corefile, injectorValues as injector, kubeadm, kubelet } from '../../helpers/domain-fixtures.js';

function domainOf(files: Record<string, string>, settings?: Partial<ClusterSettings>) {
  return analysisOfFiles(files, settings).use(facts.clusterDomain);
}

describe('collectClusterDomain', () => {
  it('assumes cluster.local when nothing declares it', () => {
    const d = domainOf({ 'a.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n' });
    expect(d.effective).toBe('cluster.local');
    expect(d.decidedBy).toBeUndefined();
    expect(d.decidedByZone).toBeUndefined();
    expect(d.sources).toEqual([]);
  });

  it('prefers the user, then kubelet, then a written kubeadm dnsDomain', () => {
    const files = {
      'kubeadm.yaml': kubeadm('kubeadm.example'),
      'kubelet.yaml': kubelet('kubelet.example'),
      'coredns.yaml': corefile('zone.example'),
    };
    expect(domainOf(files).effective).toBe('kubelet.example');
    expect(domainOf(files).decidedBy?.kind).toBe('kubelet');
    expect(domainOf(files, { clusterDomain: { value: 'user.example', origin: '--cluster-domain' } }).decidedBy?.kind).toBe('user');
    const noKubelet = { 'kubeadm.yaml': files['kubeadm.yaml'], 'coredns.yaml': files['coredns.yaml'] };
    expect(domainOf(noKubelet).effective).toBe('kubeadm.example');
  });

  it('keeps the location of each source', () => {
    const d = domainOf({ 'kubelet.yaml': kubelet('corp.internal') });
    expect(d.sources).toHaveLength(1);
    expect(d.sources[0]!.located?.span.start).toEqual({ line: 3, column: 16 });
    expect(d.sources[0]!.implicit).toBe(false);
  });

  it('records a kubeadm config without dnsDomain as the implicit default, below a CoreDNS zone', () => {
    const d = domainOf({ 'kubeadm.yaml': kubeadm(), 'coredns.yaml': corefile('corp.internal') });
    expect(d.sources.map((s) => [s.kind, s.value, s.implicit])).toEqual([['kubeadm', 'cluster.local', true]]);
    // located at the nearest existing parent: the networking key
    expect(d.sources[0]!.located?.span.start).toEqual({ line: 3, column: 1 });
    expect(d.effective).toBe('corp.internal');
    expect(d.decidedBy).toBeUndefined();
    expect(d.decidedByZone?.zone.text).toBe('corp.internal');
  });

  it('falls back to the implicit kubeadm default, then to Istio values, when CoreDNS says nothing', () => {
    expect(domainOf({ 'kubeadm.yaml': kubeadm(), 'inj.yaml': injector('corp.internal') }).decidedBy?.kind).toBe('kubeadm');
    const istioOnly = domainOf({ 'inj.yaml': injector('Corp.Internal.') });
    expect(istioOnly.decidedBy?.kind).toBe('istio-values');
    expect(istioOnly.effective).toBe('corp.internal');
  });

  it('skips reverse zones and environment placeholders in the Corefile', () => {
    expect(domainOf({ 'c.yaml': corefile('ip6.arpa corp.internal') }).effective).toBe('corp.internal');
    expect(domainOf({ 'c.yaml': corefile('{$DOMAIN}') }).effective).toBe('cluster.local');
  });

  it('reads the kubeadm-config and kubelet-config ConfigMaps kubeadm writes', () => {
    const d = domainOf({
      'cm.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: kubeadm-config
  namespace: kube-system
data:
  ClusterConfiguration: |
    apiVersion: kubeadm.k8s.io/v1beta4
    kind: ClusterConfiguration
    networking:
      dnsDomain: corp.internal
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: kubelet-config
  namespace: kube-system
data:
  kubelet: |
    apiVersion: kubelet.config.k8s.io/v1beta1
    kind: KubeletConfiguration
    clusterDomain: corp.internal
`,
    });
    expect(d.sources.map((s) => [s.kind, s.value, s.located?.span.start.line, s.located?.span.start.column])).toEqual([
      ['kubeadm', 'corp.internal', 11, 18],
      ['kubelet', 'corp.internal', 22, 20],
    ]);
  });

  it('reads Istio values from the injector ConfigMap, IstioOperator and Helm values', () => {
    const d = domainOf({
      'inj.yaml': injector('a.example'),
      'iop.yaml': 'apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nmetadata:\n  name: x\n  namespace: istio-system\nspec:\n  values:\n    global:\n      proxy:\n        clusterDomain: b.example\n',
      'values.yaml': 'global:\n  proxy:\n    clusterDomain: c.example\n',
    });
    expect(d.sources.map((s) => [s.kind, s.value])).toEqual([
      ['istio-values', 'a.example'],
      ['istio-values', 'b.example'],
      ['istio-values', 'c.example'],
    ]);
  });

  it('ignores a coredns ConfigMap outside the DNS namespace, and honours a configured DNS namespace', () => {
    const elsewhere = corefile('corp.internal').replace('namespace: kube-system', 'namespace: dns');
    expect(domainOf({ 'c.yaml': elsewhere }).coredns).toEqual([]);
    expect(domainOf({ 'c.yaml': elsewhere }, { dnsNamespace: 'dns' }).effective).toBe('corp.internal');
  });

  it('does not crash on wrongly typed values', () => {
    const d = domainOf({ 'k.yaml': 'apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\nclusterDomain: [a]\n', 'c.yaml': corefile('').replace('Corefile: |', 'Corefile: 42\n  x: |') });
    expect(d.effective).toBe('cluster.local');
  });
});

describe('sameDomain', () => {
  it('ignores case, a trailing dot and surrounding space', () => {
    expect(sameDomain(' Cluster.Local. ', 'cluster.local')).toBe(true);
    expect(sameDomain('cluster.local', 'cluster.locl')).toBe(false);
  });
});
