import rule from '../../rules/trust-domain-principal-mismatch.js';
import { testRule } from '../helpers/rule-tester.js';

const ap = (principal: string) => `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: db
  namespace: data
spec:
  rules:
    - from:
        - source:
            principals: ["${principal}"]
`;
const mesh = (body: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: istio
  namespace: istio-system
data:
  mesh: |-
${body}
`;

testRule(rule, {
  valid: [
    { name: 'the default trust domain', files: { 'ap.yaml': ap('cluster.local/ns/app/sa/api') } },
    { name: 'cluster.local stands for a custom trust domain', files: { 'ap.yaml': ap('cluster.local/ns/app/sa/api'), 'mesh.yaml': mesh('    trustDomain: corp.example') } },
    { name: 'the custom trust domain', files: { 'ap.yaml': ap('corp.example/ns/app/sa/api'), 'mesh.yaml': mesh('    trustDomain: corp.example') } },
    { name: 'an alias', files: { 'ap.yaml': ap('old.example/ns/app/sa/api'), 'mesh.yaml': mesh('    trustDomain: corp.example\n    trustDomainAliases: [old.example]') } },
    { name: 'wildcards', files: { 'ap.yaml': ap('*/ns/app/sa/api') } },
  ],
  invalid: [
    {
      name: 'the service DNS suffix written as trust domain',
      files: { 'ap.yaml': ap('svc.cluster.local/ns/app/sa/api') },
      findings: [{ line: 10, column: 26, message: 'looks like a DNS domain' }],
    },
    {
      name: 'the old trust domain without an alias',
      files: { 'ap.yaml': ap('old.example/ns/app/sa/api'), 'mesh.yaml': mesh('    rootNamespace: istio-system\n    trustDomain: corp.example') },
      findings: [{ line: 10, column: 26, message: 'the mesh trust domain is "corp.example"', related: ['mesh.yaml:9:18'] }],
    },
    {
      name: 'a source.principal condition',
      files: {
        'ap.yaml': `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: db
  namespace: data
spec:
  action: DENY
  rules:
    - when:
        - key: source.principal
          notValues: ["corp.internal/ns/app/sa/api"]
`,
      },
      facts: { clusterDomain: { value: 'corp.internal', origin: '--cluster-domain' } },
      findings: [{ line: 11, column: 23, message: 'looks like a DNS domain' }],
    },
  ],
});
