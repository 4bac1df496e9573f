import rule from '../../rules/headless-port-mismatch.js';
import { service as fixtureService, statefulSet as fixtureStatefulSet } from '../helpers/headless-fixtures.js';
import { testRule } from '../helpers/rule-tester.js';

const service = (ports: string, clusterIP = 'None') => fixtureService({ spec: `  clusterIP: ${clusterIP}`, ports });
const statefulSet = (container: string) => fixtureStatefulSet({ container });

const declares = (port: number, name = 'postgres') => `          ports:
            - name: ${name}
              containerPort: ${port}`;

testRule(rule, {
  valid: [
    { name: 'port only', files: { 'svc.yaml': service('    - name: tcp-postgres\n      port: 5432'), 'sts.yaml': statefulSet(declares(5432)) } },
    { name: 'targetPort equal to port', files: { 'svc.yaml': service('    - name: tcp-postgres\n      port: 5432\n      targetPort: 5432'), 'sts.yaml': statefulSet(declares(5432)) } },
    { name: 'a named targetPort resolving to the same number', files: { 'svc.yaml': service('    - name: tcp-postgres\n      port: 5432\n      targetPort: postgres'), 'sts.yaml': statefulSet(declares(5432)) } },
    { name: 'pods that declare no ports at all', files: { 'svc.yaml': service('    - name: tcp-postgres\n      port: 5432'), 'sts.yaml': statefulSet('') } },
    { name: 'a Service with a cluster IP maps targetPort', files: { 'svc.yaml': service('    - name: http\n      port: 80\n      targetPort: 8080', '10.96.3.4'), 'sts.yaml': statefulSet(declares(8080)) } },
    { name: 'a headless Service that selects no pods (another rule)', files: { 'svc.yaml': service('    - name: http\n      port: 80\n      targetPort: 8080') } },
    { name: 'a port entry without a number is not guessed at', files: { 'svc.yaml': service('    - name: http\n      targetPort: 8080'), 'sts.yaml': statefulSet(declares(5432)) } },
  ],
  invalid: [
    {
      name: 'numeric targetPort differs; the pods listen on targetPort',
      files: { 'svc.yaml': service('    - name: tcp-postgres\n      port: 5432\n      targetPort: 6432'), 'sts.yaml': statefulSet(declares(6432)) },
      findings: [{ line: 13, column: 19, message: 'nothing maps port 5432 to targetPort 6432', related: ['sts.yaml:21:30'] }],
    },
    {
      name: 'a targetPort written as a quoted number',
      files: { 'svc.yaml': service('    - name: http\n      port: 80\n      targetPort: "8080"'), 'sts.yaml': statefulSet('') },
      findings: [{ line: 13, column: 19, message: 'targetPort 8080' }],
    },
    {
      name: 'a named targetPort resolving to another number',
      files: { 'svc.yaml': service('    - name: http\n      port: 80\n      targetPort: web'), 'sts.yaml': statefulSet(declares(8080, 'web')) },
      findings: [{ line: 13, column: 19, message: 'targetPort "web" (containerPort 8080 in StatefulSet data/db)', related: ['sts.yaml:21:30'] }],
    },
    {
      name: 'a named targetPort that no selected pod declares: a warning',
      files: { 'svc.yaml': service('    - name: http\n      port: 80\n      targetPort: web'), 'sts.yaml': statefulSet(declares(80, 'http')) },
      findings: [{ line: 13, column: 19, severity: 'warning', message: 'names no container port' }],
    },
    {
      name: 'the port is not among the declared container ports: a warning at port',
      files: { 'svc.yaml': service('    - name: tcp-postgres\n      port: 5432\n    - name: http-metrics\n      port: 9187'), 'sts.yaml': statefulSet(declares(5432)) },
      findings: [{ line: 14, column: 13, severity: 'warning', message: 'port 9187/TCP is not among the container ports its pods declare (5432)', related: ['sts.yaml:21:30'] }],
    },
    {
      name: 'a UDP port is compared with UDP container ports only',
      files: { 'svc.yaml': service('    - name: udp-gossip\n      port: 7946\n      protocol: UDP'), 'sts.yaml': statefulSet(`${declares(7946)}\n              protocol: TCP\n            - name: gossip\n              containerPort: 7000\n              protocol: UDP`) },
      findings: [{ line: 12, column: 13, severity: 'warning', message: '7946/UDP' }],
    },
  ],
});
