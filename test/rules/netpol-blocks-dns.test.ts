import rule from '../../rules/netpol-blocks-dns.js';
import { testRule, yaml } from '../helpers/rule-tester.js';
import { API_CALLS_DB_0 } from '../helpers/netpol-fixtures.js';

const headless = `
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
`;

const db = (extraSpec = '') => `
apiVersion: apps/v1
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
    spec:${extraSpec}
      containers:
        - name: postgres
          image: postgres:16
`;

const egress = (rules: string, namespace = 'data') => `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: egress
  namespace: ${namespace}
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
${rules}
`;

const dnsPeer = `    - to:
        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}
          podSelector: {matchLabels: {k8s-app: kube-dns}}`;

const caller = API_CALLS_DB_0;

testRule(rule, {
  valid: [
    { name: 'UDP and TCP 53 allowed to kube-dns', files: { 'a.yaml': yaml(headless, db(), egress(`${dnsPeer}\n      ports: [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}]`)) } },
    { name: 'port entries without a port number cover every port of their protocol', files: { 'a.yaml': yaml(headless, db(), egress(`${dnsPeer}\n      ports: [{protocol: UDP}, {protocol: TCP}]`)) } },
    { name: 'named ports resolve on the DNS pods (dns, dns-tcp)', files: { 'a.yaml': yaml(headless, db(), egress(`${dnsPeer}\n      ports: [{port: dns, protocol: UDP}, {port: dns-tcp}]`)) } },
    { name: 'a workload with nothing to do with a headless Service', files: { 'a.yaml': yaml(egress('    - ports: [{port: 443}]'), db().replace('serviceName: db', 'serviceName: other')) } },
    { name: 'NodeLocal DNSCache address allowed by ipBlock', files: { 'a.yaml': yaml(headless, db(), egress('    - to: [{ipBlock: {cidr: 169.254.20.10/32}}]\n      ports: [{port: 53, protocol: UDP}, {port: 53}]')) } },
    { name: 'dnsPolicy Default does not use the cluster DNS', files: { 'a.yaml': yaml(headless, db('\n      dnsPolicy: Default'), egress('    - ports: [{port: 443}]')) } },
  ],
  invalid: [
    {
      name: 'egress isolated without DNS',
      files: { 'a.yaml': yaml(headless, db(), egress('    - ports: [{port: 5432}]')) },
      findings: [{ line: 16, column: 9, message: 'backs the headless Service data/db but cannot send UDP 53 (nor TCP 53)', related: ['a.yaml:35:3'] }],
    },
    {
      name: 'only UDP 53: warning for the TCP fallback',
      files: { 'a.yaml': yaml(headless, db(), egress(`${dnsPeer}\n      ports: [{port: 53, protocol: UDP}]`)) },
      findings: [{ line: 16, column: 9, severity: 'warning', message: 'cannot send TCP 53' }],
    },
    {
      name: 'the AND peer written as two peers still works, but a podSelector-only peer stays in the namespace',
      files: { 'a.yaml': yaml(headless, db(), egress('    - to:\n        - podSelector: {matchLabels: {k8s-app: kube-dns}}\n      ports: [{port: 53, protocol: UDP}, {port: 53}]')) },
      findings: [{ line: 16, column: 9, message: 'cannot send UDP 53' }],
    },
    {
      name: 'a caller in another namespace is egress-isolated without DNS',
      files: { 'a.yaml': yaml(headless, db(), caller, egress('    - ports: [{port: 5432}]', 'app')) },
      findings: [{ line: 32, column: 9, message: 'Deployment app/api calls the headless Service data/db' }],
    },
    {
      name: 'DNS allowed only by an ipBlock: warning',
      files: { 'a.yaml': yaml(headless, db(), egress('    - to: [{ipBlock: {cidr: 10.96.0.0/12}}]\n      ports: [{port: 53, protocol: UDP}, {port: 53}]')) },
      findings: [{ line: 16, column: 9, severity: 'warning', message: 'may not send UDP 53' }],
    },
  ],
});
