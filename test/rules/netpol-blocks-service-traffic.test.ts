import rule from '../../rules/netpol-blocks-service-traffic.js';
import { testRule, yaml } from '../helpers/rule-tester.js';
import { API_CALLS_DB_0 } from '../helpers/netpol-fixtures.js';

const service = (extra = '') => `
apiVersion: v1
kind: Service
metadata:
  name: db
  namespace: data
spec:
  clusterIP: None
  selector:
    app: db
  ports:
    - port: 5432
      targetPort: pg${extra}
`;

const db = (replicas: number) => `
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
  namespace: data
spec:
  serviceName: db
  replicas: ${replicas}
  template:
    metadata:
      labels:
        app: db
    spec:
      containers:
        - name: postgres
          image: postgres:16
          ports:
            - name: pg
              containerPort: 5433
`;

const api = API_CALLS_DB_0;

const dbIngress = (from: string, ports = '[{port: 5433}]') => `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: db
  namespace: data
spec:
  podSelector: {matchLabels: {app: db}}
  ingress:
    - from:
${from}
      ports: ${ports}
`;

const fromApi = '        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: app}}\n          podSelector: {matchLabels: {app: api}}';
const fromDb = '        - podSelector: {matchLabels: {app: db}}';

testRule(rule, {
  valid: [
    { name: 'no policy isolates either side', files: { 'a.yaml': yaml(service(), db(3), api) } },
    { name: 'caller and replicas admitted on the target port', files: { 'a.yaml': yaml(service(), db(3), api, dbIngress(`${fromApi}\n${fromDb}`)) } },
    { name: 'a single replica needs no peer traffic', files: { 'a.yaml': yaml(service(), db(1), api, dbIngress(fromApi)) } },
    { name: 'ports by name, resolved on the destination pod', files: { 'a.yaml': yaml(service(), db(3), api, dbIngress(`${fromApi}\n${fromDb}`, '[{port: pg}]')) } },
    { name: 'a Service with a cluster IP is not this rule', files: { 'a.yaml': yaml(service().replace('clusterIP: None', 'clusterIP: 10.96.0.20'), db(3), api, dbIngress('        - podSelector: {matchLabels: {none: none}}')) } },
  ],
  invalid: [
    {
      name: 'the Service port instead of the target port',
      files: { 'a.yaml': yaml(service(), db(3), api, dbIngress(`${fromApi}\n${fromDb}`, '[{port: 5432}]')) },
      findings: [
        { line: 20, column: 16, message: 'The 3 replicas of StatefulSet data/db cannot connect to each other behind the headless Service data/db on TCP 5433', related: ['a.yaml:58:3'] },
        { line: 50, column: 22, message: 'Deployment app/api calls db-0.db.data.svc.cluster.local but cannot connect to StatefulSet data/db' },
      ],
    },
    {
      name: 'the caller admitted, the replicas forgotten',
      files: { 'a.yaml': yaml(service(), db(3), api, dbIngress(fromApi)) },
      findings: [{ line: 20, column: 16, message: 'each other' }],
    },
    {
      name: 'a namespace selected by a label it does not have',
      files: { 'a.yaml': yaml(service(), db(3), api, dbIngress(`        - namespaceSelector: {matchLabels: {name: app}}\n${fromDb}`)) },
      findings: [{ line: 50, column: 22, message: 'ingress of StatefulSet data/db is isolated by NetworkPolicy data/db' }],
    },
    {
      name: 'only an ipBlock admits the caller: warning',
      files: { 'a.yaml': yaml(service(), db(3), api, dbIngress(`        - ipBlock: {cidr: 10.0.0.0/8}\n${fromDb}`)) },
      findings: [{ line: 50, column: 22, severity: 'warning', message: 'may not connect' }],
    },
  ],
});
