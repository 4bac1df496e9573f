import rule from '../../rules/port-protocol-conflict.js';
import { headlessService, statefulSet } from '../helpers/mesh-fixtures.js';
import { testRule } from '../helpers/rule-tester.js';

const clusterIp = (ports: string) => `apiVersion: v1
kind: Service
metadata:
  name: db-read
  namespace: data
spec:
  selector:
    app: db
  ports:
${ports}
`;
const db = `${headlessService()}---\n${statefulSet()}`;

testRule(rule, {
  valid: [
    { name: 'same port, same protocol', files: { 'db.yaml': db, 'read.yaml': clusterIp('    - name: tcp-read\n      port: 5432') } },
    { name: 'a Service of other pods', files: { 'db.yaml': db, 'read.yaml': clusterIp('    - name: http\n      port: 5432').replace('app: db', 'app: other') } },
    { name: 'one Service written in two files', files: { 'db.yaml': db, 'again.yaml': headlessService('    - name: postgres\n      port: 5432') } },
    { name: 'TCP and UDP on one number', files: { 'db.yaml': db, 'read.yaml': clusterIp('    - name: dns\n      port: 5432\n      protocol: UDP') } },
  ],
  invalid: [
    {
      name: 'same port number, auto-detected in one Service',
      files: { 'db.yaml': db, 'read.yaml': clusterIp('    - name: postgres\n      port: 5432') },
      findings: [{ file: 'read.yaml', line: 10, column: 13, message: 'port 5432 is auto-detected here but TCP in Service data/db', related: ['db.yaml:11:7'] }],
    },
    {
      name: 'same targetPort under another port number',
      files: { 'db.yaml': db, 'read.yaml': clusterIp('    - name: tcp-read\n      port: 6432\n      targetPort: 5432') },
      findings: [{ file: 'read.yaml', line: 11, column: 13, message: 'container port 5432 is exposed as port 6432 here but as port 5432' }],
    },
  ],
});
