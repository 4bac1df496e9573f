import rule from '../../rules/authorization-policy-denies-caller.js';
import { client, DB_URL, headlessService, namespaces, statefulSet } from '../helpers/mesh-fixtures.js';
import { testRule } from '../helpers/rule-tester.js';

const ap = (spec: string, namespace = 'data') => `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: db
  namespace: ${namespace}
spec:
${spec}`;
const SELECT = '  selector:\n    matchLabels:\n      app: db\n';
const base = { 'ns.yaml': namespaces(), 'db.yaml': `${headlessService()}---\n${statefulSet()}`, 'api.yaml': client('app', DB_URL) };
const allowPrincipals = (...sas: string[]) => `${SELECT}  rules:\n    - from:\n        - source:\n            principals: [${sas.map((s) => `"cluster.local/ns/${s}"`).join(', ')}]\n`;

testRule(rule, {
  valid: [
    { name: 'callers and replicas admitted by principal', files: { 'ap.yaml': ap(allowPrincipals('app/sa/api', 'data/sa/db')), ...base } },
    { name: 'callers and replicas admitted by namespace and port', files: { 'ap.yaml': ap(`${SELECT}  rules:\n    - from:\n        - source:\n            namespaces: [app, data]\n      to:\n        - operation:\n            ports: ["5432"]\n`), ...base } },
    { name: 'a policy for other pods', files: { 'ap.yaml': ap('  selector:\n    matchLabels:\n      app: other\n'), ...base } },
    { name: 'a DENY policy for another namespace', files: { 'ap.yaml': ap(`  action: DENY\n  rules:\n    - from:\n        - source:\n            namespaces: [legacy]\n`), ...base } },
    { name: 'an ipBlocks rule cannot be judged offline', files: { 'ap.yaml': ap(`  rules:\n    - from:\n        - source:\n            ipBlocks: ["10.0.0.0/8"]\n`), ...base } },
  ],
  invalid: [
    {
      name: 'an empty ALLOW policy denies the caller and the replicas',
      files: { 'ap.yaml': ap(SELECT), ...base },
      findings: [
        { line: 6, column: 1, message: /denies Deployment app\/api .*no rules/ },
        { line: 6, column: 1, message: 'the replicas of StatefulSet data/db calling each other' },
      ],
    },
    {
      name: 'replicas forgotten by an ALLOW policy',
      files: { 'ap.yaml': ap(allowPrincipals('app/sa/api')), ...base },
      findings: [{ line: 10, column: 3, message: 'principals do not include cluster.local/ns/data/sa/db', related: ['db.yaml:34:30'] }],
    },
    {
      name: 'HTTP-only fields on a TCP port drop the ALLOW rule',
      files: { 'ap.yaml': ap(`${SELECT}  rules:\n    - from:\n        - source:\n            namespaces: [app, data]\n      to:\n        - operation:\n            methods: [GET]\n`), ...base },
      findings: [
        { line: 10, column: 3, message: 'HTTP-only methods on TCP port 5432' },
        { line: 10, column: 3, message: 'replicas' },
      ],
    },
    {
      name: 'a caller without sidecar never matches namespaces',
      files: { 'ap.yaml': ap(`${SELECT}  rules:\n    - from:\n        - source:\n            namespaces: [legacy, data]\n`), ...base, 'api.yaml': client('legacy', DB_URL) },
      findings: [{ line: 10, column: 3, message: 'plaintext' }],
    },
    {
      name: 'a DENY rule with paths widens on TCP',
      files: { 'ap.yaml': ap(`  action: DENY\n  rules:\n    - from:\n        - source:\n            namespaces: [app]\n      to:\n        - operation:\n            paths: ["/admin"]\n`), ...base },
      findings: [{ line: 9, column: 7, message: 'DENY AuthorizationPolicy data/db matches' }],
    },
  ],
});
