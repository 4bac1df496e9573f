import rule from '../../rules/runs-as-proxy-uid.js';
import { namespaces, statefulSet } from '../helpers/mesh-fixtures.js';
import { testRule } from '../helpers/rule-tester.js';

const containerUid = (uid: number) => statefulSet().replace('          image: postgres:16\n', `          image: postgres:16\n          securityContext:\n            runAsUser: ${uid}\n`);
const podUid = (uid: number) => statefulSet(undefined, `      securityContext:\n        runAsUser: ${uid}\n`);

testRule(rule, {
  valid: [
    { name: 'another UID', files: { 'db.yaml': containerUid(999), 'ns.yaml': namespaces() } },
    { name: 'UID 1337 without a sidecar', files: { 'db.yaml': containerUid(1337).replace(/namespace: data/, 'namespace: legacy'), 'ns.yaml': namespaces() } },
    { name: 'pod UID 1337 overridden by the container', files: { 'db.yaml': podUid(1337).replace('          image: postgres:16\n', '          image: postgres:16\n          securityContext:\n            runAsUser: 999\n'), 'ns.yaml': namespaces() } },
  ],
  invalid: [
    { name: 'a container runs as 1337', files: { 'db.yaml': containerUid(1337), 'ns.yaml': namespaces() }, findings: [{ line: 21, column: 24, message: 'Container postgres of StatefulSet data/db runs as UID 1337' }] },
    {
      name: 'injection unknown: a warning',
      files: { 'db.yaml': containerUid(1337).replace(/namespace: data/, 'namespace: elsewhere') },
      findings: [{ line: 21, column: 24, severity: 'warning', message: 'if the pod gets a sidecar' }],
    },
    { name: 'the pod runs as 1337', files: { 'db.yaml': podUid(1337), 'ns.yaml': namespaces() }, findings: [{ line: 18, column: 20, message: '(postgres) as UID 1337' }] },
  ],
});
