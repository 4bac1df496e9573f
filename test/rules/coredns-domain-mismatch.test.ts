import rule from '../../rules/coredns-domain-mismatch.js';
import { corednsConfigMap as coredns, kubeadm, kubelet } from '../helpers/domain-fixtures.js';
import { testRule } from '../helpers/rule-tester.js';

const standard = (zone: string) =>
  coredns(`.:53 {
    errors
    kubernetes ${zone} in-addr.arpa ip6.arpa {
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
    }
    forward . /etc/resolv.conf
}
`);

testRule(rule, {
  valid: [
    { name: 'the kubeadm Corefile serves the kubelet domain', files: { 'coredns.yaml': standard('cluster.local'), 'kubelet.yaml': kubelet('cluster.local') } },
    { name: 'case and trailing dot do not matter', files: { 'coredns.yaml': standard('Corp.Internal.'), 'kubelet.yaml': kubelet('corp.internal') } },
    { name: 'nothing declares a domain: nothing to compare', files: { 'coredns.yaml': standard('corp.internal') } },
    { name: 'the plugin without zones takes the server block zone', files: { 'coredns.yaml': coredns('corp.internal:53 {\n    kubernetes\n}\n'), 'kubelet.yaml': kubelet('corp.internal') } },
    {
      name: 'one of several zones is the cluster domain',
      files: { 'coredns.yaml': standard('cluster.local corp.internal'), 'kubeadm.yaml': kubeadm('corp.internal') },
    },
    {
      name: 'a snippet imported into the server block',
      files: { 'coredns.yaml': coredns('(k8s) {\n    kubernetes corp.internal\n}\n.:53 {\n    import k8s\n}\n'), 'kubelet.yaml': kubelet('corp.internal') },
    },
    { name: 'a zone from an environment placeholder cannot be judged', files: { 'coredns.yaml': standard('{$CLUSTER_DOMAIN}'), 'kubelet.yaml': kubelet('corp.internal') } },
    {
      name: 'a Corefile that imports other files may hold the plugin there',
      files: { 'coredns.yaml': coredns('.:53 {\n    import /etc/coredns/custom/*.server\n    forward . /etc/resolv.conf\n}\n'), 'kubelet.yaml': kubelet('cluster.local') },
    },
    { name: 'a coredns ConfigMap outside kube-system is not cluster DNS', files: { 'coredns.yaml': standard('example.org').replace('kube-system', 'tools'), 'kubelet.yaml': kubelet('cluster.local') } },
    { name: 'Istio values alone do not count as a Kubernetes declaration', files: { 'coredns.yaml': standard('cluster.local'), 'v.yaml': 'global:\n  proxy:\n    clusterDomain: corp.internal\n' } },
  ],
  invalid: [
    {
      name: 'the zone differs from kubelet clusterDomain',
      files: { 'coredns.yaml': standard('cluster.local'), 'kubelet.yaml': kubelet('corp.internal') },
      findings: [{ line: 10, column: 20, message: 'serves zone "cluster.local" but not "corp.internal", the cluster domain declared by KubeletConfiguration clusterDomain;', related: ['kubelet.yaml:3:16'] }],
    },
    {
      name: 'a typo in the zone, against the kubeadm dnsDomain',
      files: { 'coredns.yaml': standard('cluster.locl'), 'kubeadm.yaml': kubeadm('cluster.local') },
      findings: [{ line: 10, column: 20, message: '"cluster.locl"', related: ['kubeadm.yaml:5:14'] }],
    },
    {
      name: "kubeadm's implicit default against a hand-edited zone",
      files: { 'coredns.yaml': standard('corp.internal'), 'kubeadm.yaml': kubeadm() },
      findings: [{ line: 10, column: 20, message: '"cluster.local", kubeadm\'s default cluster domain', related: ['kubeadm.yaml:3:1'] }],
    },
    {
      name: 'the user domain against the Corefile',
      files: { 'coredns.yaml': standard('cluster.local') },
      facts: { clusterDomain: { value: 'corp.internal', origin: '--cluster-domain' } },
      findings: [{ line: 10, column: 20, related: ['null:null:null'] }],
    },
    {
      name: 'the plugin lists no zone and the server block is the root: it points at the directive',
      files: { 'coredns.yaml': coredns('.:53 {\n    kubernetes\n}\n'), 'kubelet.yaml': kubelet('cluster.local') },
      findings: [{ line: 9, column: 9, message: "the server block's zones" }],
    },
    {
      name: 'the plugin lists only reverse zones',
      files: { 'coredns.yaml': coredns('.:53 {\n    kubernetes in-addr.arpa ip6.arpa\n}\n'), 'kubelet.yaml': kubelet('cluster.local') },
      findings: [{ line: 9, column: 9, message: 'only reverse zones' }],
    },
    {
      name: 'a more specific server block without the plugin takes the queries',
      files: { 'coredns.yaml': coredns('.:53 {\n    kubernetes cluster.local\n}\ncluster.local:53 {\n    forward . 10.0.0.1\n}\n'), 'kubelet.yaml': kubelet('cluster.local') },
      findings: [{ line: 11, column: 5, message: 'reach the CoreDNS server block cluster.local:53' }],
    },
    {
      name: 'no server block receives the cluster domain',
      files: { 'coredns.yaml': coredns('example.org:53 {\n    kubernetes cluster.local\n}\n'), 'kubelet.yaml': kubelet('cluster.local') },
      findings: [{ line: 8, column: 5, message: 'No CoreDNS server block' }],
    },
    {
      name: 'a Corefile without the kubernetes plugin',
      files: { 'coredns.yaml': coredns('.:53 {\n    forward . 8.8.8.8\n}\n'), 'kubelet.yaml': kubelet('cluster.local') },
      findings: [{ line: 7, column: 3, message: 'has no kubernetes plugin' }],
    },
  ],
});
