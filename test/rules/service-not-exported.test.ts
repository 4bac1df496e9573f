import rule from '../../rules/service-not-exported.js';
import { caller, database, istiod, meshConfig, namespace } from '../helpers/scoping-fixtures.js';
import { testRule, yaml } from '../helpers/rule-tester.js';

const enabled = { 'istio-injection': 'enabled' };
const exportTo = (value: string) => ({ 'networking.istio.io/exportTo': value });
const mesh = (...docs: string[]) => yaml(namespace('data', enabled), namespace('app', enabled), istiod, ...docs);

testRule(rule, {
  valid: [
    { name: 'no annotation, default export everywhere', files: { 'a.yaml': mesh(database(), caller()) } },
    { name: 'exported to *', files: { 'a.yaml': mesh(database('data', { annotations: exportTo('*') }), caller()) } },
    { name: 'exported to the caller namespace among others', files: { 'a.yaml': mesh(database('data', { annotations: exportTo('ops, app') }), caller()) } },
    { name: '"." and a caller in the same namespace', files: { 'a.yaml': mesh(database('data', { annotations: exportTo('.') }), caller('data', 'db-0.db:5432')) } },
    { name: 'a caller without a sidecar is not affected', files: { 'a.yaml': mesh(database('data', { annotations: exportTo('.') }), caller('app', 'db.data:5432', { podLabels: { 'sidecar.istio.io/inject': 'false' } })) } },
    { name: 'the annotation wins over the mesh default', files: { 'a.yaml': mesh(meshConfig('defaultServiceExportTo: ["."]'), database('data', { annotations: exportTo('*') }), caller()) } },
  ],
  invalid: [
    {
      name: 'exported to its own namespace only',
      files: { 'a.yaml': mesh(database('data', { annotations: exportTo('.') }), caller()) },
      findings: [{ line: 37, column: 35, message: 'exported only to [.]', related: ['a.yaml:86:22'] }],
    },
    {
      name: 'a caller whose namespace is not in the input may have no sidecar: a warning',
      files: { 'a.yaml': yaml(namespace('data', enabled), istiod, database('data', { annotations: exportTo('.') }), caller()) },
      findings: [{ line: 30, column: 35, severity: 'warning', message: 'leaves out namespace app' }],
    },
    {
      name: '~ hides it from everyone',
      files: { 'a.yaml': mesh(database('data', { annotations: exportTo('~') }), caller('data', 'db-0.db:5432')) },
      findings: [{ line: 37, column: 35, message: 'leaves out namespace data' }],
    },
    {
      name: 'the mesh default exports to the own namespace only',
      files: { 'a.yaml': mesh(meshConfig('defaultServiceExportTo: ["."]'), database(), caller()) },
      findings: [{ line: 38, column: 5, message: 'defaultServiceExportTo in ConfigMap istio-system/istio' }],
    },
    {
      name: '~ also hides it from the StatefulSet pods that find their peers through it',
      files: {
        'a.yaml': mesh(database('data', { annotations: exportTo('~') }).replace('          image: postgres:16', '          image: postgres:16\n          env:\n            - name: PRIMARY_HOST\n              value: db-0.db.data.svc.cluster.local')),
      },
      findings: [{ line: 37, column: 35, message: 'leaves out namespace data, where StatefulSet data/db calls it' }],
    },
  ],
});
