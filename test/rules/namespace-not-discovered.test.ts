import rule from '../../rules/namespace-not-discovered.js';
import { caller, database, istiod, meshConfig, namespace } from '../helpers/scoping-fixtures.js';
import { testRule, yaml } from '../helpers/rule-tester.js';

const enabled = { 'istio-injection': 'enabled' };
const meshLabel = { 'istio-injection': 'enabled', mesh: 'on' };
const selectMesh = meshConfig('discoverySelectors:\n  - matchLabels:\n      mesh: "on"');
const byName = meshConfig('discoverySelectors:\n  - matchExpressions:\n      - key: kubernetes.io/metadata.name\n        operator: In\n        values: [data, istio-system]');

testRule(rule, {
  valid: [
    { name: 'no discoverySelectors', files: { 'a.yaml': yaml(namespace('data', enabled), namespace('app', enabled), istiod, meshConfig('rootNamespace: istio-system'), database(), caller()) } },
    { name: 'an empty discoverySelectors list selects everything', files: { 'a.yaml': yaml(namespace('data', enabled), istiod, meshConfig('discoverySelectors: []'), database()) } },
    { name: 'both namespaces carry the selected label', files: { 'a.yaml': yaml(namespace('data', meshLabel), namespace('app', meshLabel), istiod, selectMesh, database(), caller()) } },
    { name: 'the automatic name label is selected for a namespace not in the input', files: { 'a.yaml': yaml(istiod, byName, database()) } },
    {
      name: 'the selectors of another revision do not apply to default-revision proxies',
      files: { 'a.yaml': yaml(namespace('data', enabled), namespace('app', enabled), istiod, meshConfig('rootNamespace: istio-system'), meshConfig('discoverySelectors:\n  - matchLabels: {team: x}', 'istio-canary'), database(), caller()) },
    },
    { name: 'nobody has a sidecar: discovery does not matter', files: { 'a.yaml': yaml(namespace('data'), istiod, selectMesh, database()) } },
  ],
  invalid: [
    {
      name: 'the Service namespace lacks the selected label',
      files: { 'a.yaml': yaml(namespace('data', enabled), namespace('app', meshLabel), istiod, selectMesh, database(), caller()) },
      findings: [{ line: 5, column: 3, message: 'Namespace data holds headless Service data/db', related: ['a.yaml:39:5'] }],
    },
    {
      name: 'a caller namespace not in the input: only a warning',
      files: { 'a.yaml': yaml(namespace('data', meshLabel), istiod, selectMesh, database(), caller()) },
      findings: [{ line: 75, column: 14, severity: 'warning', message: 'may not match it' }],
    },
    {
      name: 'a selector on the name rejects a caller namespace not in the input: certain',
      files: { 'a.yaml': yaml(istiod, byName, database(), caller()) },
      findings: [{ line: 69, column: 14, message: 'Namespace app holds Deployment app/api' }],
    },
  ],
});
