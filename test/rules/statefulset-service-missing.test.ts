import rule from '../../rules/statefulset-service-missing.js';
import { caller, service as fixtureService, statefulSet as fixtureStatefulSet } from '../helpers/headless-fixtures.js';
import { testRule, yaml } from '../helpers/rule-tester.js';

const statefulSet = (line7: string, namespace = 'data') => fixtureStatefulSet({ line7, namespace });
const service = (name: string, { namespace = 'data', headless = true, app = 'db' } = {}) =>
  fixtureService({ name, namespace, spec: headless ? '  clusterIP: None' : '', selector: `  selector:\n    app: ${app}` });
const perPodCaller = caller('postgres://db-0.db-headless.data.svc.cluster.local:5432/app');

testRule(rule, {
  valid: [
    { name: 'the governing Service exists', files: { 'sts.yaml': statefulSet('serviceName: db'), 'svc.yaml': service('db') } },
    { name: 'serviceName is optional (Kubernetes 1.33)', files: { 'sts.yaml': statefulSet('replicas: 1') } },
    { name: 'an empty serviceName', files: { 'sts.yaml': statefulSet('serviceName: ""') } },
    { name: 'a non-headless governing Service is service-not-headless\'s business', files: { 'sts.yaml': statefulSet('serviceName: db'), 'svc.yaml': service('db', { headless: false }) } },
  ],
  invalid: [
    {
      name: 'a typo, with the headless Service that selects the pods suggested',
      files: { 'sts.yaml': statefulSet('serviceName: db-headles'), 'svc.yaml': service('db-headless') },
      findings: [{ line: 7, column: 16, message: 'Did you mean "db-headless"? It selects these pods', related: ['svc.yaml:4:9'] }],
    },
    {
      name: 'a differently named headless Service selects the pods',
      files: { 'sts.yaml': statefulSet('serviceName: postgres'), 'svc.yaml': service('db') },
      findings: [{ line: 7, column: 16, message: 'Did you mean "db"?' }],
    },
    {
      name: 'a caller uses the per-pod names of the missing Service',
      files: { 'sts.yaml': statefulSet('serviceName: db-headless'), 'api.yaml': perPodCaller },
      findings: [{ line: 7, column: 16, message: 'no Service data/db-headless', related: ['api.yaml:20:33'] }],
    },
    {
      name: 'the Service lives in another namespace and selects the same labels',
      files: { 'sts.yaml': statefulSet('serviceName: db'), 'svc.yaml': service('db', { namespace: 'default' }) },
      findings: [{ line: 7, column: 16, message: 'A Service of that name exists in namespace default, but serviceName only looks', related: ['svc.yaml:4:9'] }],
    },
    {
      name: 'nothing shows the names are needed: a warning',
      files: { 'sts.yaml': statefulSet('serviceName: db') },
      findings: [{ line: 7, column: 16, severity: 'warning', message: 'unless another bundle creates that Service' }],
    },
    {
      name: 'a load-balanced Service selecting the pods under an unrelated name is not a suggestion (argo-cd metrics)',
      files: { 'sts.yaml': statefulSet('serviceName: db'), 'svc.yaml': service('metrics', { headless: false }) },
      findings: [{ line: 7, column: 16, severity: 'warning', message: /^StatefulSet data\/db names serviceName "db" but the input has no Service data\/db: / }],
    },
    {
      name: 'a headless near-namesake that selects other pods is mentioned, still a warning',
      files: { 'sts.yaml': statefulSet('serviceName: db'), 'svc.yaml': yaml(service('dbs', { app: 'cache' })) },
      findings: [{ line: 7, column: 16, severity: 'warning', message: 'The closest headless Service in the namespace is "dbs", but it does not select these pods' }],
    },
  ],
});
