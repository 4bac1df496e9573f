import rule from '../../rules/istio-injection-label-on-pod.js';
import { caller, database, namespace } from '../helpers/scoping-fixtures.js';
import { testRule, yaml } from '../helpers/rule-tester.js';

const pod = `apiVersion: v1
kind: Pod
metadata:
  name: debug
  namespace: app
  labels:
    istio-injection: disabled
spec:
  containers:
    - name: sh
      image: busybox
`;

testRule(rule, {
  valid: [
    { name: 'istio-injection on the namespace, sidecar.istio.io/inject on the pod', files: { 'a.yaml': yaml(namespace('data', { 'istio-injection': 'enabled' }), database('data', { podLabels: { 'sidecar.istio.io/inject': 'true' } })) } },
    { name: 'no injection labels at all', files: { 'a.yaml': caller() } },
  ],
  invalid: [
    {
      name: 'on a StatefulSet pod template',
      files: { 'db.yaml': database('data', { podLabels: { 'istio-injection': 'enabled' } }) },
      findings: [{ line: 30, column: 9, message: 'use sidecar.istio.io/inject: "true" here instead' }],
    },
    { name: 'on a bare Pod', files: { 'pod.yaml': pod }, findings: [{ line: 7, column: 5, message: 'Pod app/debug has the label istio-injection=disabled on its pod' }] },
  ],
});
