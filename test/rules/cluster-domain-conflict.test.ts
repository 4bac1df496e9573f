import rule from '../../rules/cluster-domain-conflict.js';
import { corefile, injectorValues as injector, istioOperator as iop, kubeadm, kubelet } from '../helpers/domain-fixtures.js';
import { testRule } from '../helpers/rule-tester.js';

testRule(rule, {
  valid: [
    { name: 'every source agrees', files: { 'kubelet.yaml': kubelet('corp.internal'), 'kubeadm.yaml': kubeadm('corp.internal'), 'iop.yaml': iop('corp.internal'), 'inj.yaml': injector('Corp.Internal.') } },
    { name: 'a kubeadm config without dnsDomain alone', files: { 'kubeadm.yaml': kubeadm() } },
    { name: 'the implicit kubeadm default agrees with kubelet', files: { 'kubeadm.yaml': kubeadm(), 'kubelet.yaml': kubelet('cluster.local') } },
    { name: 'CoreDNS against kubelet is coredns-domain-mismatch, not this rule', files: { 'kubelet.yaml': kubelet('corp.internal'), 'coredns.yaml': corefile('cluster.local') } },
    { name: 'CoreDNS against the implicit kubeadm default is not this rule either', files: { 'kubeadm.yaml': kubeadm(), 'coredns.yaml': corefile('corp.internal') } },
    { name: 'Istio values agree with the CoreDNS zone', files: { 'iop.yaml': iop('corp.internal'), 'coredns.yaml': corefile('corp.internal') } },
    { name: 'the user domain agrees with kubelet', files: { 'kubelet.yaml': kubelet('corp.internal') }, facts: { clusterDomain: { value: 'corp.internal', origin: '--cluster-domain' } } },
  ],
  invalid: [
    {
      name: 'kubeadm dnsDomain differs from kubelet clusterDomain',
      files: { 'kubeadm.yaml': kubeadm('cluster.local'), 'kubelet.yaml': kubelet('corp.internal') },
      findings: [{ line: 5, column: 14, message: 'declares cluster domain "cluster.local", but the cluster domain is "corp.internal" from KubeletConfiguration clusterDomain (kubelet.yaml)', related: ['kubelet.yaml:3:16'] }],
    },
    {
      name: 'a kubeadm config without dnsDomain, under a kubelet with another domain',
      files: { 'kubeadm.yaml': kubeadm(), 'kubelet.yaml': kubelet('corp.internal') },
      findings: [{ line: 3, column: 1, message: 'sets no networking.dnsDomain, so kubeadm uses "cluster.local"', related: ['kubelet.yaml:3:16'] }],
    },
    {
      name: 'Istio values written against the implicit kubeadm default',
      files: { 'iop.yaml': iop('corp.internal'), 'kubeadm.yaml': kubeadm() },
      findings: [{ line: 10, column: 24, message: `kubeadm's default "cluster.local"`, related: ['kubeadm.yaml:3:1'] }],
    },
    {
      name: 'Istio values against the zone CoreDNS serves, when no Kubernetes config is given',
      files: { 'inj.yaml': injector('cluster.local'), 'coredns.yaml': corefile('corp.internal') },
      findings: [{ line: 10, column: 37, message: '"corp.internal", the zone CoreDNS answers for', related: ['coredns.yaml:9:20'] }],
    },
    {
      name: 'the user domain wins over a kubelet config and an IstioOperator',
      files: { 'iop.yaml': iop('cluster.local'), 'kubelet.yaml': kubelet('cluster.local') },
      facts: { clusterDomain: { value: 'corp.internal', origin: '--cluster-domain' } },
      findings: [
        { line: 10, column: 24, message: 'IstioOperator spec.values.global.proxy.clusterDomain of istio-system/control-plane declares', related: ['null:null:null'] },
        { file: 'kubelet.yaml', line: 3, column: 16, message: 'from --cluster-domain' },
      ],
    },
    {
      name: 'two Istio sources disagree',
      files: { 'iop.yaml': iop('corp.internal'), 'inj.yaml': injector('cluster.local') },
      findings: [{ line: 10, column: 24, related: ['inj.yaml:10:37'] }],
    },
  ],
});
