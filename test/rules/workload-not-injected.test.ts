import rule from '../../rules/workload-not-injected.js';
import { caller, database, istiod, namespace } from '../helpers/scoping-fixtures.js';
import { testRule, yaml } from '../helpers/rule-tester.js';

const enabled = { 'istio-injection': 'enabled' };

testRule(rule, {
  valid: [
    { name: 'both sides injected', files: { 'a.yaml': yaml(namespace('data', enabled), namespace('app', enabled), istiod, database(), caller()) } },
    {
      name: 'nobody injected while Istio is in use: plain Kubernetes traffic, out of the mesh on both sides',
      files: { 'a.yaml': yaml(namespace('data'), namespace('app'), istiod, database(), caller()) },
    },
    { name: 'caller namespace not in the input: injection unknown, no error', files: { 'a.yaml': yaml(namespace('data'), istiod, database(), caller()) } },
    {
      name: 'ambient namespace counts as in the mesh without a sidecar',
      files: { 'a.yaml': yaml(namespace('data', { 'istio.io/dataplane-mode': 'ambient' }), namespace('app', enabled), istiod, database(), caller()) },
    },
    { name: 'no headless Service', files: { 'a.yaml': yaml(namespace('app'), caller()) } },
  ],
  invalid: [
    {
      name: 'the database namespace disables injection while its caller is injected',
      files: { 'a.yaml': yaml(namespace('data', { 'istio-injection': 'disabled' }), namespace('app', enabled), istiod, database(), caller()) },
      findings: [{ line: 6, column: 22, message: 'StatefulSet data/db backs Service data/db but gets no sidecar', related: ['a.yaml:13:22'] }],
    },
    {
      name: 'the caller opts out by pod label while the database is injected: deliberate, a warning',
      files: { 'a.yaml': yaml(istiod, namespace('data', enabled), namespace('app', enabled), database(), caller('app', 'db.data:5432', { podLabels: { 'sidecar.istio.io/inject': 'false' } })) },
      findings: [{ line: 79, column: 34, severity: 'warning', message: 'Deployment app/api calls Service data/db but gets no sidecar' }],
    },
    {
      name: 'the caller writes inject: "enabled", which the injector reads as a refusal',
      files: { 'a.yaml': yaml(istiod, namespace('data', enabled), namespace('app', enabled), database(), caller('app', 'db.data:5432', { podLabels: { 'sidecar.istio.io/inject': 'enabled' } })) },
      findings: [{ line: 79, column: 34, message: 'refuses injection (only y, yes, true or on inject)' }],
    },
    {
      name: 'a hostNetwork database behind an injected caller',
      files: { 'a.yaml': yaml(namespace('data', enabled), namespace('app', enabled), istiod, database('data', { hostNetwork: true }), caller()) },
      findings: [{ line: 61, column: 20, message: 'hostNetwork' }],
    },
    {
      name: 'a caller in an unlabelled namespace, pointing at the namespace labels',
      files: { 'a.yaml': yaml(namespace('data', enabled), namespace('app'), istiod, database(), caller()) },
      findings: [{ line: 12, column: 3, message: 'neither istio-injection=enabled nor istio.io/rev' }],
    },
    {
      name: 'uncertain: a pod istio.io/rev naming a revision no istiod in the input serves',
      files: { 'a.yaml': yaml(namespace('data', enabled), namespace('app'), istiod, database(), caller('app', 'db-0.db.data.svc.cluster.local', { podLabels: { 'istio.io/rev': 'canary' } })) },
      findings: [{ line: 78, column: 23, severity: 'warning', message: 'revision "canary"' }],
    },
    {
      name: 'no sign of Istio: one info finding on the first headless Service',
      files: { 'a.yaml': yaml(namespace('data'), namespace('app'), database(), caller()) },
      findings: [{ line: 20, column: 14, severity: 'info', message: 'no sign of Istio' }],
    },
  ],
});
