import rule from '../../rules/publish-not-ready-addresses.js';
import { testRule } from '../helpers/rule-tester.js';

const service = (extra = '') => `apiVersion: v1
kind: Service
metadata:
  name: zk
  namespace: data
spec:
  clusterIP: None
${extra}  selector:
    app: zk
  ports:
    - name: tcp-peer
      port: 2888
`;

const sts = (opts: { image?: string; probe?: boolean; ports?: number[]; args?: string; extra?: string } = {}) => `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: zk
  namespace: data
spec:
  serviceName: zk
  replicas: 3
${opts.extra ?? ''}  selector:
    matchLabels:
      app: zk
  template:
    metadata:
      labels:
        app: zk
    spec:
      containers:
        - name: main
          image: ${opts.image ?? 'docker.io/library/zookeeper:3.9'}
${opts.args ? `          args: ${opts.args}\n` : ''}          ports:
${(opts.ports ?? [2181]).map((p) => `            - containerPort: ${p}`).join('\n')}
${opts.probe === false ? '' : '          readinessProbe:\n            tcpSocket:\n              port: 2181\n'}`;

testRule(rule, {
  valid: [
    { name: 'publishNotReadyAddresses: true', files: { 'svc.yaml': service('  publishNotReadyAddresses: true\n'), 'sts.yaml': sts() } },
    { name: 'no readiness probe', files: { 'svc.yaml': service(), 'sts.yaml': sts({ probe: false }) } },
    { name: 'not a clustered system', files: { 'svc.yaml': service(), 'sts.yaml': sts({ image: 'postgres:16', ports: [5432] }) } },
    { name: 'plain redis without cluster mode', files: { 'svc.yaml': service(), 'sts.yaml': sts({ image: 'redis:7', ports: [6379] }) } },
    { name: 'a ClusterIP governing Service is another rule', files: { 'svc.yaml': service().replace('clusterIP: None', 'clusterIP: 10.0.0.9'), 'sts.yaml': sts() } },
  ],
  invalid: [
    {
      name: 'ZooKeeper by image',
      files: { 'svc.yaml': service(), 'sts.yaml': sts() },
      findings: [{ line: 7, column: 14, message: 'which runs ZooKeeper (image docker.io/library/zookeeper:3.9)', related: ['sts.yaml:22:11', 'sts.yaml:19:18'] }],
    },
    {
      name: 'publishNotReadyAddresses: false, pointed at',
      files: { 'svc.yaml': service('  publishNotReadyAddresses: false\n'), 'sts.yaml': sts() },
      findings: [{ line: 8, column: 29 }],
    },
    {
      name: 'etcd by its peer port under another image, Parallel pods',
      files: { 'svc.yaml': service(), 'sts.yaml': sts({ image: 'example/kv:1', ports: [2379, 2380], extra: '  podManagementPolicy: Parallel\n' }) },
      findings: [{ line: 7, column: 14, message: /runs etcd \(peer port 2380\)[^]*cannot find each other\.$/ }],
    },
    {
      name: 'a Redis cluster by its setting',
      files: { 'svc.yaml': service(), 'sts.yaml': sts({ image: 'redis:7', ports: [6379], args: '["--cluster-enabled", "yes"]' }) },
      findings: [{ line: 7, column: 14, message: 'Redis cluster' }],
    },
  ],
});
