import rule from '../../rules/istiod-domain-mismatch.js';
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

const corefile = (zone: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: coredns
  namespace: kube-system
data:
  Corefile: |
    .:53 {
        kubernetes ${zone} in-addr.arpa ip6.arpa {
           pods insecure
        }
    }
`;

const kubelet = (domain: string) => `apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
clusterDomain: ${domain}
`;

testRule(rule, {
  valid: [
    { name: 'istiod and CoreDNS agree', files: { 'istiod.yaml': istiod('[discovery, --domain, example.org]'), 'coredns.yaml': corefile('example.org') } },
    { name: 'no --domain and the default cluster domain', files: { 'istiod.yaml': istiod('[discovery]') } },
    { name: '--domain=value form, trailing dot and case ignored', files: { 'istiod.yaml': istiod('["discovery", "--domain=Example.ORG."]'), 'k.yaml': kubelet('example.org') } },
    { name: 'the seed article form, istiod --domain', files: { 'istiod.yaml': istiod('[istiod, --domain, cluster.local]') } },
    { name: 'a Deployment that is not istiod', files: { 'x.yaml': istiod('[serve, --domain, other.org]').replace('docker.io/istio/pilot:1.24.0', 'nginx') } },
    { name: 'user-supplied domain agrees', files: { 'istiod.yaml': istiod('[discovery, --domain, corp.internal]') }, facts: { clusterDomain: { value: 'corp.internal', origin: '--cluster-domain' } } },
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
  ],
});
