import rule from '../../rules/headless-port-undeclared.js';
import { client, DB_URL, headlessService, namespaces, peerAuthentication, statefulSet, STRICT } from '../helpers/mesh-fixtures.js';
import { testRule } from '../helpers/rule-tester.js';

const db = (ports?: string, containerPorts?: string) => `${headlessService(ports)}---\n${statefulSet(containerPorts)}`;
const REPLICATION = '            - containerPort: 5432\n            - name: replication\n              containerPort: 5433\n            - name: metrics\n              containerPort: 9187';

testRule(rule, {
  valid: [
    { name: 'every used port declared', files: { 'db.yaml': db(), 'ns.yaml': namespaces(), 'api.yaml': client('app', DB_URL) } },
    { name: 'a metrics port is not replication', files: { 'db.yaml': db(undefined, '            - containerPort: 5432\n            - name: http-metrics\n              containerPort: 9187'), 'ns.yaml': namespaces() } },
    {
      name: 'a client port another Service of the same pods declares',
      files: {
        'db.yaml': db(undefined, '            - containerPort: 5432\n            - name: http-api\n              containerPort: 8008\n            - name: jmx\n              containerPort: 7199'),
        'client.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: db-api\n  namespace: data\nspec:\n  selector:\n    app: db\n  ports:\n    - name: http\n      port: 80\n      targetPort: 8008\n',
      },
    },
    { name: 'a Service that is not headless', files: { 'svc.yaml': headlessService('    - port: 80').replace('clusterIP: None', 'type: ClusterIP') } },
  ],
  invalid: [
    {
      name: 'a caller port the Service does not declare, PERMISSIVE',
      files: { 'api.yaml': client('app', 'postgres://db-0.db.data.svc.cluster.local:6432/app'), 'db.yaml': db(), 'ns.yaml': namespaces() },
      findings: [{ line: 18, column: 33, severity: 'warning', message: 'does not declare (it declares 5432)', related: ['db.yaml:10:3'] }],
    },
    {
      name: 'a replication port undeclared under STRICT',
      files: { 'db.yaml': db(undefined, REPLICATION), 'ns.yaml': namespaces(), 'pa.yaml': peerAuthentication('data', STRICT) },
      findings: [{ line: 36, column: 30, message: 'replicas of StatefulSet data/db listen on container port 5433', related: ['db.yaml:10:3', 'pa.yaml:8:11'] }],
    },
    {
      name: 'a headless Service without ports',
      files: { 'db.yaml': `apiVersion: v1\nkind: Service\nmetadata:\n  name: db\n  namespace: data\nspec:\n  clusterIP: None\n  selector:\n    app: db\n---\n${statefulSet()}`, 'ns.yaml': namespaces(), 'pa.yaml': peerAuthentication('istio-system', STRICT) },
      findings: [{ line: 6, column: 1, message: 'declares no ports' }],
    },
  ],
});
