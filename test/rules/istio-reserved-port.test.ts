import rule from '../../rules/istio-reserved-port.js';
import { headlessService, namespaces, statefulSet } from '../helpers/mesh-fixtures.js';
import { testRule } from '../helpers/rule-tester.js';

testRule(rule, {
  valid: [
    { name: 'ordinary ports', files: { 'ns.yaml': namespaces(), 'db.yaml': `${headlessService()}---\n${statefulSet()}` } },
    {
      name: 'a reserved port on a pod without sidecar',
      files: { 'ns.yaml': namespaces(), 'db.yaml': `${headlessService('    - name: tcp-admin\n      port: 15000')}---\n${statefulSet('            - containerPort: 15000').replace('namespace: data', 'namespace: legacy').replace('namespace: data', 'namespace: legacy')}` },
    },
    { name: 'a gateway exposes its status port', files: { 'ns.yaml': namespaces(), 'gw.yaml': statefulSet('            - containerPort: 15021').replace('      labels:\n        app: db', '      labels:\n        app: db\n        istio: ingressgateway') } },
  ],
  invalid: [
    {
      name: 'an injected container and its Service on 15020',
      files: { 'db.yaml': `${headlessService('    - name: tcp-metrics\n      port: 15020')}---\n${statefulSet('            - containerPort: 15020')}`, 'ns.yaml': namespaces() },
      findings: [
        { line: 12, column: 13, message: 'uses port 15020' },
        { line: 34, column: 30, message: 'merged Prometheus telemetry' },
      ],
    },
    {
      name: 'a targetPort on 15006',
      files: { 'db.yaml': `${headlessService('    - name: tcp-pg\n      port: 5432\n      targetPort: 15006')}---\n${statefulSet()}`, 'ns.yaml': namespaces() },
      findings: [{ line: 13, column: 19, message: 'targetPort 15006' }],
    },
  ],
});
