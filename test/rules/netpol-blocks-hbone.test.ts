import rule from '../../rules/netpol-blocks-hbone.js';
import { client, DB_URL, headlessService, statefulSet } from '../helpers/mesh-fixtures.js';
import { testRule } from '../helpers/rule-tester.js';

const ambientNamespaces = (label = 'istio.io/dataplane-mode: ambient') => `apiVersion: v1
kind: Namespace
metadata:
  name: data
  labels:
    ${label}
---
apiVersion: v1
kind: Namespace
metadata:
  name: app
  labels:
    ${label}
`;
const policy = (ingress: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: db
  namespace: data
spec:
  podSelector:
    matchLabels:
      app: db
  policyTypes:
    - Ingress
${ingress}`;
const fromApp = (ports: string) => `  ingress:
    - from:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: app
      ports:
${ports}`;
const APP_PORT = '        - protocol: TCP\n          port: 5432\n';
const HBONE = `${APP_PORT}        - protocol: TCP\n          port: 15008\n`;
const files = (netpol: string, ns = ambientNamespaces(), sts = statefulSet()) => ({
  'netpol.yaml': netpol,
  'ns.yaml': ns,
  'db.yaml': `${headlessService()}---\n${sts}`,
  'api.yaml': client('app', DB_URL),
});

testRule(rule, {
  valid: [
    { name: 'HBONE is admitted next to the application port', files: files(policy(fromApp(HBONE))) },
    { name: 'a rule without ports admits every port', files: files(policy('  ingress:\n    - from:\n        - namespaceSelector: {}\n')) },
    { name: 'sidecar namespaces do not use HBONE', files: files(policy(fromApp(APP_PORT)), ambientNamespaces('istio-injection: enabled')) },
    {
      name: 'a caller with a sidecar outside the ambient mesh is not assumed to use HBONE',
      files: { ...files(policy(fromApp(APP_PORT))), 'ns.yaml': ambientNamespaces().replace('name: app\n  labels:\n    istio.io/dataplane-mode: ambient', 'name: app\n  labels:\n    istio-injection: enabled') },
    },
    { name: 'ingress is not isolated', files: files(policy(fromApp(APP_PORT)).replace('    - Ingress', '    - Egress').replace(fromApp(APP_PORT), '')) },
  ],
  invalid: [
    {
      name: 'only the application port is admitted',
      files: files(policy(fromApp(APP_PORT))),
      findings: [{ line: 12, column: 3, message: 'no rule admits TCP 15008 (HBONE) from Deployment app/api' }],
    },
    {
      name: 'an ingress-isolating policy without rules, seen by the replicas',
      files: { ...files(policy(''), ambientNamespaces(), statefulSet().replace('serviceName: db', 'serviceName: db\n  replicas: 3')), 'api.yaml': client('app', 'postgres://example.com:5432/app') },
      findings: [{ line: 7, column: 3, message: 'from the other replicas of StatefulSet data/db' }],
    },
  ],
});
