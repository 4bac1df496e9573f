import rule from '../../rules/sidecar-egress-hides-service.js';
import { caller, database, istiod, namespace } from '../helpers/scoping-fixtures.js';
import { testRule, yaml } from '../helpers/rule-tester.js';

const enabled = { 'istio-injection': 'enabled' };
const sidecar = (ns: string, hosts: string[], selector?: string) => `apiVersion: networking.istio.io/v1
kind: Sidecar
metadata:
  name: default
  namespace: ${ns}
spec:${selector ? `\n  workloadSelector:\n    labels:\n      app: ${selector}` : ''}
  egress:
    - hosts:
${hosts.map((h) => `        - "${h}"`).join('\n')}
`;
// The Sidecar comes first so that line numbers in it do not depend on the rest.
const mesh = (side: string, ...docs: string[]) => yaml(side, namespace('data', enabled), namespace('app', enabled), istiod, database(), ...docs);

testRule(rule, {
  valid: [
    { name: 'namespace wildcard', files: { 'a.yaml': mesh(sidecar('app', ['./*', 'data/*']), caller()) } },
    { name: 'the exact FQDN', files: { 'a.yaml': mesh(sidecar('app', ['data/db.data.svc.cluster.local']), caller()) } },
    { name: 'a wildcard suffix', files: { 'a.yaml': mesh(sidecar('app', ['*/*.data.svc.cluster.local']), caller()) } },
    { name: '"." for a caller in the Service namespace', files: { 'a.yaml': mesh(sidecar('data', ['./*']), caller('data', 'db-0.db:5432')) } },
    { name: 'a workloadSelector Sidecar for other pods does not apply', files: { 'a.yaml': mesh(sidecar('app', ['./*'], 'other'), caller()) } },
    { name: 'a caller without a sidecar', files: { 'a.yaml': mesh(sidecar('app', ['./*']), caller('app', 'db.data:5432', { podLabels: { 'sidecar.istio.io/inject': 'false' } })) } },
    { name: 'the custom cluster domain in the host', files: { 'a.yaml': mesh(sidecar('app', ['data/db.data.svc.corp.internal']), caller('app', 'db.data.svc.corp.internal')) }, facts: { clusterDomain: { value: 'corp.internal', origin: '--cluster-domain' } } },
  ],
  invalid: [
    {
      name: 'the namespace Sidecar admits only its own namespace',
      files: { 'a.yaml': mesh(sidecar('app', ['./*', 'istio-system/*']), caller()) },
      findings: [{ line: 9, column: 11, message: 'applies to Deployment app/api (namespace)', related: ['a.yaml:96:22'] }],
    },
    {
      name: 'a caller whose namespace is not in the input may have no sidecar: a warning',
      files: { 'a.yaml': yaml(sidecar('app', ['./*']), namespace('data', enabled), istiod, database(), caller()) },
      findings: [{ line: 9, column: 11, severity: 'warning' }],
    },
    {
      name: 'the workloadSelector Sidecar wins over a permissive namespace one',
      files: { 'a.yaml': mesh(sidecar('app', ['./*'], 'api'), sidecar('app', ['*/*']), caller()) },
      findings: [{ line: 12, column: 11, message: '(workloadSelector)' }],
    },
    {
      name: 'the root namespace default applies where the namespace has none',
      files: { 'a.yaml': mesh(sidecar('istio-system', ['./*']), caller()) },
      findings: [{ line: 9, column: 11, message: '(root namespace)' }],
    },
    {
      name: '~ admits nothing; a wildcard for another domain misses',
      files: { 'a.yaml': mesh(sidecar('app', ['~/*', '*/*.svc.cluster.local']), caller('app', 'db.data.svc.corp.internal')) },
      facts: { clusterDomain: { value: 'corp.internal', origin: '--cluster-domain' } },
      findings: [{ line: 9, column: 11, message: 'do not include data/db.data.svc.corp.internal' }],
    },
    {
      name: 'the StatefulSet pods calling each other are scoped too',
      files: {
        'a.yaml': yaml(sidecar('data', ['istio-system/*']), namespace('data', enabled), istiod, database().replace('          image: postgres:16', '          image: postgres:16\n          env:\n            - name: PRIMARY_HOST\n              value: db-0.db.data.svc.cluster.local')),
      },
      findings: [{ line: 9, column: 11, message: 'applies to StatefulSet data/db (namespace)' }],
    },
  ],
});
