import rule from '../../rules/istiod-domain-mismatch.js';
import { corefile, kubeadm, kubelet } from '../helpers/domain-fixtures.js';
import { testRule } from '../helpers/rule-tester.js';

const istiod = (args: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: istiod
  namespace: istio-system
spec:
  template:
    spec:
      containers:
        - name: discovery
          image: docker.io/istio/pilot:1.24.0
          args: ${args}
`;

testRule(rule, {
  valid: [
    { name: 'istiod and CoreDNS agree', files: { 'istiod.yaml': istiod('[discovery, --domain, example.org]'), 'coredns.yaml': corefile('example.org') } },
    { name: 'no --domain and the default cluster domain', files: { 'istiod.yaml': istiod('[discovery]') } },
    { name: '--domain=value form, trailing dot and case ignored', files: { 'istiod.yaml': istiod('["discovery", "--domain=Example.ORG."]'), 'k.yaml': kubelet('example.org') } },
    { name: 'the seed article form, istiod --domain', files: { 'istiod.yaml': istiod('[istiod, --domain, cluster.local]') } },
    { name: 'a Deployment that is not istiod', files: { 'x.yaml': istiod('[serve, --domain, other.org]').replace('docker.io/istio/pilot:1.24.0', 'nginx') } },
    { name: 'user-supplied domain agrees', files: { 'istiod.yaml': istiod('[discovery, --domain, corp.internal]') }, facts: { clusterDomain: { value: 'corp.internal', origin: '--cluster-domain' } } },
    { name: 'a dangling --domain flag keeps the default', files: { 'istiod.yaml': istiod('[discovery, --domain]') } },
    { name: 'istiod found by its pilot-discovery command', files: { 'istiod.yaml': istiod('[--domain, corp.internal]').replace('docker.io/istio/pilot:1.24.0', 'registry.example/mesh:1\n          command: [/usr/local/bin/pilot-discovery]'), 'k.yaml': kubelet('corp.internal') } },
    { name: 'Istio values decide when no Kubernetes source exists', files: { 'istiod.yaml': istiod('[discovery, --domain, corp.internal]'), 'values.yaml': 'global:\n  proxy:\n    clusterDomain: corp.internal\n' } },
  ],
  invalid: [
    {
      name: 'istiod --domain differs from the CoreDNS zone',
      files: { 'istiod.yaml': istiod('[discovery, --domain, cluster.local]'), 'coredns.yaml': corefile('example.org') },
      findings: [{ line: 12, column: 39, message: 'serves domain "cluster.local" but the cluster domain is "example.org"', related: ['coredns.yaml:9:20'] }],
    },
    {
      name: 'istiod without --domain on a cluster with another domain (kubelet)',
      files: { 'istiod.yaml': istiod('[discovery]'), 'kubelet.yaml': kubelet('example.org') },
      findings: [{ line: 12, column: 11, message: 'no --domain argument', related: ['kubelet.yaml:3:16'] }],
    },
    {
      name: '--domain= form against the assumed default',
      files: { 'istiod.yaml': istiod('["discovery", "--domain=corp.internal"]') },
      findings: [{ line: 12, column: 31, message: 'assumed' }],
    },
    {
      name: 'user-supplied domain wins over manifests',
      files: { 'istiod.yaml': istiod('[discovery, --domain, cluster.local]') },
      facts: { clusterDomain: { value: 'corp.internal', origin: '--cluster-domain' } },
      findings: [{ line: 12, column: 39, message: '"corp.internal"', related: ['null:null:null'] }],
    },
    {
      name: 'single-dash -domain form, against a kubeadm default (no dnsDomain written)',
      files: { 'istiod.yaml': istiod('[discovery, -domain, corp.internal]'), 'kubeadm.yaml': kubeadm() },
      findings: [{ line: 12, column: 38, message: '"cluster.local"', related: ['kubeadm.yaml:3:1'] }],
    },
    {
      name: 'a container without args: points at the container',
      files: { 'istiod.yaml': istiod('[]').replace('          args: []\n', ''), 'kubelet.yaml': kubelet('corp.internal') },
      findings: [{ line: 10, column: 11, message: 'no --domain argument' }],
    },
    {
      name: 'each istiod revision is checked on its own',
      files: {
        'istiod.yaml': istiod('[discovery, --domain, corp.internal]') + '---\n' + istiod('[discovery, --domain, cluster.local]').replace('name: istiod', 'name: istiod-canary\n  labels:\n    istio.io/rev: canary'),
        'kubelet.yaml': kubelet('corp.internal'),
      },
      findings: [{ line: 27, column: 39, message: 'istiod Deployment istio-system/istiod-canary serves domain "cluster.local"' }],
    },
  ],
});
