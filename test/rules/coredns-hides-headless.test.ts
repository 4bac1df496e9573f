import rule from '../../rules/coredns-hides-headless.js';
import { corednsConfigMap as coredns } from '../helpers/domain-fixtures.js';
import { testRule } from '../helpers/rule-tester.js';

/** The kubernetes block's options start at line 10, indented by 8. */
const withOptions = (...options: string[]) =>
  coredns(`.:53 {
    kubernetes cluster.local in-addr.arpa ip6.arpa {
${options.map((o) => `       ${o}`).join('\n')}
       pods insecure
    }
    forward . /etc/resolv.conf
}
`);

const service = (extra = '', labels = '    app: db') => `apiVersion: v1
kind: Service
metadata:
  name: db
  namespace: data
  labels:
${labels}
spec:
  clusterIP: None
${extra}  selector:
    app: db
  ports:
    - name: tcp-pg
      port: 5432
`;

testRule(rule, {
  valid: [
    { name: 'the stock kubeadm block', files: { 'coredns.yaml': withOptions('fallthrough in-addr.arpa ip6.arpa'), 'svc.yaml': service() } },
    { name: 'namespaces lists the Service namespace', files: { 'coredns.yaml': withOptions('namespaces kube-system data'), 'svc.yaml': service() } },
    { name: 'labels match the Service', files: { 'coredns.yaml': withOptions('labels app in (db, web),!legacy'), 'svc.yaml': service() } },
    { name: 'ignore empty_service with publishNotReadyAddresses', files: { 'coredns.yaml': withOptions('ignore empty_service'), 'svc.yaml': service('  publishNotReadyAddresses: true\n') } },
    { name: 'a ClusterIP Service is not concerned', files: { 'coredns.yaml': withOptions('noendpoints'), 'svc.yaml': service().replace('clusterIP: None', 'clusterIP: 10.0.0.5') } },
    { name: 'an option from an environment placeholder cannot be judged', files: { 'coredns.yaml': withOptions('namespaces {$DNS_NAMESPACES}'), 'svc.yaml': service() } },
    { name: 'a selector syntax not understood is left alone', files: { 'coredns.yaml': withOptions('labels tier gt 3'), 'svc.yaml': service() } },
    {
      name: 'options of a block that does not receive the cluster domain',
      files: {
        'coredns.yaml': coredns(`.:53 {\n    kubernetes cluster.local\n}\nother.local:53 {\n    kubernetes other.local {\n       noendpoints\n    }\n}\n`),
        'svc.yaml': service(),
      },
    },
  ],
  invalid: [
    {
      name: 'namespaces leaves the Service namespace out',
      files: { 'coredns.yaml': withOptions('namespaces kube-system default'), 'svc.yaml': service() },
      findings: [{ line: 10, column: 12, message: 'serves only namespaces kube-system, default, so headless Service data/db and its per-pod names get NXDOMAIN', related: ['svc.yaml:4:9'] }],
    },
    {
      name: 'labels that the Service does not carry',
      files: { 'coredns.yaml': withOptions('labels environment in (staging, qa),application=nginx'), 'svc.yaml': service() },
      findings: [{ line: 10, column: 12, message: 'whose labels do not' }],
    },
    {
      name: 'noendpoints drops every headless answer',
      files: { 'coredns.yaml': withOptions('noendpoints'), 'svc.yaml': service() },
      findings: [{ line: 10, column: 12, message: 'has `noendpoints`' }],
    },
    {
      name: 'ignore empty_service while the pods are not ready: a warning',
      files: { 'coredns.yaml': withOptions('ignore empty_service'), 'svc.yaml': service() },
      findings: [{ line: 10, column: 12, severity: 'warning', message: 'has `ignore empty_service`' }],
    },
    {
      name: 'ignore empty_service in front of a clustered StatefulSet that must bootstrap unready: an error',
      files: {
        'coredns.yaml': withOptions('ignore empty_service'),
        'svc.yaml': service(),
        'sts.yaml': `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
  namespace: data
spec:
  serviceName: db
  template:
    metadata:
      labels:
        app: db
    spec:
      containers:
        - name: etcd
          image: quay.io/coreos/etcd:v3.5.9
          readinessProbe:
            httpGet:
              path: /readyz
              port: 2379
`,
      },
      findings: [{ line: 10, column: 12, message: 'so they never do' }],
    },
    {
      name: 'several options, one finding each',
      files: { 'coredns.yaml': withOptions('namespaces other', 'noendpoints'), 'svc.yaml': service() },
      findings: [
        { line: 10, column: 12, message: 'serves only namespaces other' },
        { line: 11, column: 12, message: 'noendpoints' },
      ],
    },
  ],
});
