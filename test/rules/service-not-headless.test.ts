import rule from '../../rules/service-not-headless.js';
import { caller, service as fixtureService, statefulSet as fixtureStatefulSet } from '../helpers/headless-fixtures.js';
import { testRule, yaml } from '../helpers/rule-tester.js';

const service = (spec: string) => fixtureService({ spec });
const statefulSet = fixtureStatefulSet();

const podWithSubdomain = `apiVersion: v1
kind: Pod
metadata:
  name: worker
  namespace: data
spec:
  hostname: worker
  subdomain: db
  containers:
    - name: worker
      image: example/worker:1.0
`;

testRule(rule, {
  valid: [
    { name: 'governing Service is headless', files: { 'svc.yaml': service('  clusterIP: None'), 'sts.yaml': statefulSet } },
    { name: 'a cluster-IP Service nobody uses as headless', files: { 'svc.yaml': service('  type: ClusterIP'), 'api.yaml': caller('postgres://db.data.svc.cluster.local:5432/app') } },
    { name: 'a near-None value is left to invalid-headless-cluster-ip', files: { 'svc.yaml': service('  clusterIP: none'), 'sts.yaml': statefulSet } },
    { name: 'a misspelled key is left to invalid-headless-cluster-ip', files: { 'svc.yaml': service('  clusterIp: None'), 'sts.yaml': statefulSet } },
    {
      name: "a StatefulSet's template subdomain is overwritten by serviceName",
      files: { 'svc.yaml': yaml(service('  clusterIP: None'), service('  type: ClusterIP').replace('name: db\n', 'name: other\n')), 'sts.yaml': statefulSet.replace('      containers:', '      subdomain: other\n      containers:') },
    },
  ],
  invalid: [
    {
      name: 'StatefulSet serviceName names a Service without clusterIP (points at spec)',
      files: { 'svc.yaml': service('  type: ClusterIP'), 'sts.yaml': statefulSet },
      findings: [{ line: 6, column: 1, message: /Service data\/db is used as headless \(StatefulSet data\/db names it as spec.serviceName\) but it has no clusterIP/, related: ['sts.yaml:7:16'] }],
    },
    {
      name: 'an explicit cluster IP',
      files: { 'svc.yaml': service('  clusterIP: 10.96.12.7'), 'sts.yaml': statefulSet },
      findings: [{ line: 7, column: 14, message: 'it has clusterIP "10.96.12.7"' }],
    },
    {
      name: 'an empty clusterIP means "allocate one"',
      files: { 'svc.yaml': service('  clusterIP: ""'), 'sts.yaml': statefulSet },
      findings: [{ line: 7, column: 14, message: 'its clusterIP is empty' }],
    },
    {
      name: 'a per-pod name in a caller, located inside the env value',
      files: { 'svc.yaml': service('  type: ClusterIP'), 'api.yaml': caller('postgres://db-0.db.data.svc.cluster.local:5432/app') },
      findings: [{ line: 6, column: 1, message: 'Deployment data/api calls the per-pod name db-0.db.data.svc.cluster.local', related: ['api.yaml:20:33'] }],
    },
    {
      name: "a pod's subdomain names it too",
      files: { 'svc.yaml': service('  type: ClusterIP'), 'sts.yaml': statefulSet, 'pod.yaml': podWithSubdomain },
      findings: [{ line: 6, column: 1, message: 'and 1 more', related: ['sts.yaml:7:16', 'pod.yaml:8:14'] }],
    },
    {
      name: 'a NodePort Service points at its type, and the fix asks for a second Service',
      files: { 'svc.yaml': service('  type: NodePort'), 'sts.yaml': statefulSet },
      findings: [{ line: 7, column: 9, message: 'it is of type NodePort, which always has a cluster IP' }],
    },
    {
      name: 'an ExternalName Service points at its type',
      files: { 'svc.yaml': service('  type: ExternalName\n  externalName: db.example.com'), 'sts.yaml': statefulSet },
      findings: [{ line: 7, column: 9, message: 'type ExternalName' }],
    },
  ],
});
