import rule from '../../rules/dns-name-unresolvable.js';
import { testRule, yaml } from '../helpers/rule-tester.js';

const headless = (clusterIP = 'None') => `apiVersion: v1
kind: Service
metadata:
  name: db
  namespace: data
spec:
  clusterIP: ${clusterIP}
  selector: {app: db}
  ports: [{port: 5432}]
`;

const statefulSet = (replicas: number) => `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
  namespace: data
spec:
  serviceName: db
  replicas: ${replicas}
  template:
    metadata:
      labels: {app: db}
    spec:
      containers: [{name: pg, image: postgres}]
`;

// The name sits on line 14, starting at column 22.
const caller = (value: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: app
spec:
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
        - name: api
          env:
            - {name: DB, value: "${value}"}
`;

const db = yaml(headless(), statefulSet(3));

testRule(rule, {
  valid: [
    { name: 'per-pod FQDN of an existing replica', files: { 'api.yaml': caller('db-2.db.data.svc.cluster.local:5432'), 'db.yaml': db } },
    { name: 'Service name ending in .svc', files: { 'api.yaml': caller('db.data.svc:5432'), 'db.yaml': db } },
    { name: 'the cluster domain given by the user', files: { 'api.yaml': caller('db.data.svc.corp.internal'), 'db.yaml': db }, facts: { clusterDomain: { value: 'corp.internal', origin: '--cluster-domain' } } },
    { name: 'a per-pod name on a Service with a cluster IP is left to service-not-headless', files: { 'api.yaml': caller('db-0.db.data.svc.cluster.local'), 'db.yaml': yaml(headless('10.0.0.5'), statefulSet(3)) } },
    { name: 'the API server Service every cluster has', files: { 'api.yaml': caller('https://kubernetes.default.svc.cluster.local:443') } },
    {
      name: 'a pod with hostname and subdomain',
      files: {
        'api.yaml': caller('node-a.db.data.svc.cluster.local'),
        'db.yaml': yaml(headless(), `apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  namespace: data\n  labels: {app: db}\nspec:\n  hostname: node-a\n  subdomain: db\n  containers: [{name: x, image: x}]\n`),
      },
    },
  ],
  invalid: [
    {
      name: 'an ordinal beyond the replicas, with the closest valid name suggested',
      files: { 'api.yaml': caller('db-3.db.data.svc.cluster.local:5432'), 'db.yaml': db },
      findings: [{ line: 14, column: 34, message: 'did you mean "db-2.db.data.svc.cluster.local"?', related: ['db.yaml:18:13'] }],
    },
    {
      name: 'the wrong cluster domain',
      files: { 'api.yaml': caller('db.data.svc.cluster.local'), 'db.yaml': db }, 
      facts: { clusterDomain: { value: 'corp.internal', origin: '--cluster-domain' } },
      findings: [{ line: 14, column: 34, message: 'did you mean "db.data.svc.corp.internal"?' }],
    },
    {
      name: 'a misspelled Service in a namespace of the input',
      files: { 'api.yaml': caller('dbb.data.svc.cluster.local'), 'db.yaml': db },
      findings: [{ line: 14, column: 34, message: 'did you mean "db.data.svc.cluster.local"?', related: ['db.yaml:4:9'] }],
    },
    {
      name: 'an unknown namespace is only a warning: the input may not cover it',
      files: { 'api.yaml': caller('cache.infra.svc.cluster.local:6379') },
      findings: [{ line: 14, column: 34, severity: 'warning', message: 'not in the input' }],
    },
    {
      name: 'a per-pod name for Deployment pods without hostname',
      files: {
        'api.yaml': caller('db-0.db.data.svc.cluster.local'),
        'db.yaml': yaml(headless(), statefulSet(1).replace('kind: StatefulSet', 'kind: Deployment').replace('  serviceName: db\n', '')),
      },
      findings: [{ line: 14, column: 34, message: 'only StatefulSets do that by themselves' }],
    },
  ],
});
