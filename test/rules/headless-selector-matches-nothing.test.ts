import rule from '../../rules/headless-selector-matches-nothing.js';
import { service as fixtureService, statefulSet as fixtureStatefulSet } from '../helpers/headless-fixtures.js';
import { testRule, yaml } from '../helpers/rule-tester.js';

const service = (selector: string, name = 'db') => fixtureService({ name, spec: '  clusterIP: None', selector });
const statefulSet = (labels: string, serviceName = 'db', namespace = 'data') => fixtureStatefulSet({ labels, namespace, line7: `serviceName: ${serviceName}` });

const endpointSlice = (serviceName: string) => `apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: external-db-1
  namespace: data
  labels:
    kubernetes.io/service-name: ${serviceName}
addressType: IPv4
endpoints:
  - addresses: [10.1.2.3]
ports:
  - name: tcp-postgres
    port: 5432
`;

const endpoints = `apiVersion: v1
kind: Endpoints
metadata:
  name: external-db
  namespace: data
subsets:
  - addresses:
      - ip: 10.1.2.3
`;

testRule(rule, {
  valid: [
    { name: 'the selector matches the template labels', files: { 'svc.yaml': service('  selector:\n    app: db'), 'sts.yaml': statefulSet('        app: db\n        tier: data') } },
    { name: 'a Service with a cluster IP is not this rule\'s business', files: { 'svc.yaml': service('  selector:\n    app: nothing').replace('  clusterIP: None\n', '') } },
    { name: 'selector-less with an EndpointSlice for it', files: { 'svc.yaml': service('', 'external-db'), 'eps.yaml': endpointSlice('external-db') } },
    { name: 'selector-less with Endpoints of the same name', files: { 'svc.yaml': service('', 'external-db'), 'ep.yaml': endpoints } },
  ],
  invalid: [
    {
      name: 'a value typo (same key, different value), pointed at the selector entry',
      files: { 'svc.yaml': service('  selector:\n    app: postgres'), 'sts.yaml': statefulSet('        app: postgress') },
      findings: [{ line: 9, column: 10, message: 'The closest is StatefulSet data/db, whose pods have app=postgress (not postgres)', related: ['sts.yaml:13:7'] }],
    },
    {
      name: 'the governing StatefulSet is not selected: certain even without a near miss',
      files: { 'svc.yaml': service('  selector:\n    app: postgres'), 'sts.yaml': statefulSet('        app: db') },
      findings: [{ line: 8, column: 3, message: 'selector app=postgres matches no pod template in namespace data', related: ['sts.yaml:13:7'] }],
    },
    {
      name: 'a missing key in a two-key selector',
      files: { 'svc.yaml': service('  selector:\n    app: db\n    role: primary', 'db-primary'), 'sts.yaml': statefulSet('        app: db') },
      findings: [{ line: 10, column: 11, message: 'no role label' }],
    },
    {
      name: "a Deployment whose pods take the Service as subdomain is not selected: certain",
      files: {
        'svc.yaml': service('  selector:\n    app: workers', 'workers'),
        'deploy.yaml': statefulSet('        app: batch').replace('kind: StatefulSet', 'kind: Deployment').replace('serviceName: db', 'replicas: 2').replace('    spec:\n', '    spec:\n      subdomain: workers\n'),
      },
      findings: [{ line: 8, column: 3, message: /matches no pod template in namespace data: .*listener for it\.$/, related: ['deploy.yaml:13:7'] }],
    },
    {
      name: 'pods may come from an operator: a warning',
      files: { 'svc.yaml': service('  selector:\n    app: prometheus', 'prometheus-operated'), 'sts.yaml': statefulSet('        app: grafana', 'other') },
      findings: [{ line: 8, column: 3, severity: 'warning', message: 'unless an operator or another bundle creates those pods' }],
    },
    {
      name: 'pods in another namespace do not count',
      files: { 'svc.yaml': service('  selector:\n    app: db', 'cache'), 'sts.yaml': statefulSet('        app: db', 'db', 'other') },
      findings: [{ line: 8, column: 3, severity: 'warning' }],
    },
    {
      name: 'selector-less without endpoints: a warning at spec',
      files: { 'svc.yaml': yaml(service('', 'external-db'), endpointSlice('another-service')) },
      findings: [{ line: 6, column: 1, severity: 'warning', message: 'has no selector, and the input has no Endpoints data/external-db' }],
    },
    {
      name: 'an empty selector map counts as none',
      files: { 'svc.yaml': service('  selector: {}', 'external-db') },
      findings: [{ line: 8, column: 3, severity: 'warning', message: 'has no selector' }],
    },
  ],
});
