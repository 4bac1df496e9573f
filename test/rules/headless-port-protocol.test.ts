import rule from '../../rules/headless-port-protocol.js';
import { headlessService, statefulSet } from '../helpers/mesh-fixtures.js';
import { testRule } from '../helpers/rule-tester.js';

const nats = (portName: string) => `${headlessService(`    - ${portName}port: 4222`)}---\n${statefulSet('            - containerPort: 4222').replace('postgres:16', 'nats:2.10-alpine')}`;
const PODIP = '          env:\n            - name: POD_IP\n              valueFrom:\n                fieldRef:\n                  fieldPath: status.podIP\n';
const es = (portName: string, env: string) => `${headlessService(`    - name: ${portName}\n      port: 9300`)}---\n${statefulSet('            - containerPort: 9300').replace('postgres:16', 'elasticsearch:8.13.0').replace('          ports:\n', `${env}          ports:\n`)}`;

testRule(rule, {
  valid: [
    { name: 'NATS on a tcp- port', files: { 'nats.yaml': nats('name: tcp-client\n      ') } },
    { name: 'an auto-detected client-first protocol', files: { 'db.yaml': `${headlessService('    - name: postgres\n      port: 5432')}---\n${statefulSet()}` } },
    { name: 'MySQL on 3306 defaults to TCP', files: { 'db.yaml': `${headlessService('    - port: 3306')}---\n${statefulSet('            - containerPort: 3306').replace('postgres:16', 'mysql:8.4')}` } },
    { name: 'an HTTP port without pod-IP peers', files: { 'es.yaml': es('http-transport', '') } },
    { name: 'a TCP port with pod-IP peers', files: { 'es.yaml': es('tcp-transport', PODIP) } },
  ],
  invalid: [
    {
      name: 'NATS on an unnamed port',
      files: { 'nats.yaml': nats('') },
      findings: [{ line: 11, column: 13, message: 'serves NATS there' }],
    },
    {
      name: 'NATS behind an unknown appProtocol',
      files: { 'nats.yaml': nats('name: tcp-client\n      appProtocol: nats\n      ') },
      findings: [{ line: 12, column: 20, message: 'auto-detected' }],
    },
    {
      name: 'an HTTP port with peers advertising pod IPs',
      files: { 'es.yaml': es('http-transport', PODIP) },
      findings: [{ line: 11, column: 13, message: 'declared HTTP (name)' }],
    },
  ],
});
