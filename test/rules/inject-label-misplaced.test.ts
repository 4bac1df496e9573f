import rule from '../../rules/inject-label-misplaced.js';
import workloadNotInjected from '../../rules/workload-not-injected.js';
import { describe, expect, it } from 'vitest';
import { lintSources } from '../../src/lint.js';
import { testRule, yaml } from '../helpers/rule-tester.js';

const ns = (labels = '    team: x') => `
apiVersion: v1
kind: Namespace
metadata:
  name: data
  labels:
${labels}
`;

/** A StatefulSet with the given blocks under its own metadata and its template metadata. */
const sts = (own: string, template: string) => `
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
  namespace: data
${own}
spec:
  serviceName: db
  template:
    metadata:
      labels:
        app: db
${template}
    spec:
      containers:
        - name: db
          image: postgres:16
`;

testRule(rule, {
  valid: [
    { name: 'the label on the pod template', files: { 'a.yaml': yaml(ns(), sts('', '        sidecar.istio.io/inject: "true"')) } },
    { name: 'on both the workload and the template', files: { 'a.yaml': yaml(ns(), sts('  labels:\n    sidecar.istio.io/inject: "true"', '        sidecar.istio.io/inject: "true"')) } },
    {
      name: 'an annotation opt-in in an injected namespace is read by the injector',
      files: { 'a.yaml': yaml(ns('    istio-injection: enabled'), sts('', '      annotations:\n        sidecar.istio.io/inject: "true"')) },
    },
    { name: 'an annotation opt-out is read when the webhook is called', files: { 'a.yaml': yaml(ns(), sts('', '      annotations:\n        sidecar.istio.io/inject: "false"')) } },
    { name: 'a namespace not in the input may carry labels', files: { 'a.yaml': sts('', '      annotations:\n        sidecar.istio.io/inject: "true"') } },
    {
      name: "Istio's own Deployments carry istio.io/rev as an ownership label",
      files: { 'a.yaml': sts('  labels:\n    istio.io/rev: 1-24', '').replace(/namespace: data/, 'namespace: istio-system') },
    },
    {
      name: 'OpenShift Service Mesh opts pods in by the annotation',
      files: { 'a.yaml': yaml(ns('    maistra.io/member-of: istio-system'), sts('', '      annotations:\n        sidecar.istio.io/inject: "true"')) },
    },
    {
      name: 'an Istio component recognised by its labels, in another namespace',
      files: { 'a.yaml': yaml(ns(), sts('  labels:\n    app.kubernetes.io/part-of: istio\n    istio.io/rev: default', '')) },
    },
  ],
  invalid: [
    {
      name: 'the inject label on the StatefulSet itself',
      files: { 'a.yaml': yaml(ns('    istio-injection: enabled'), sts('  labels:\n    sidecar.istio.io/inject: "false"', '')) },
      findings: [{ line: 14, column: 5, message: 'StatefulSet data/db has sidecar.istio.io/inject: "false" in its own metadata.labels, which Istio never reads' }],
    },
    {
      name: 'istio.io/rev as an annotation of the workload',
      files: { 'a.yaml': yaml(ns(), sts('  annotations:\n    istio.io/rev: canary', '')) },
      findings: [{ line: 14, column: 5, message: 'metadata.annotations' }],
    },
    {
      name: 'istio-injection on the workload belongs on the namespace',
      files: { 'a.yaml': yaml(ns(), sts('  labels:\n    istio-injection: enabled', '')) },
      findings: [{ line: 14, column: 5, message: 'kubectl label namespace data istio-injection=enabled' }],
    },
    {
      name: 'an annotation-only opt-in in a namespace without injection labels',
      files: { 'a.yaml': yaml(ns(), sts('', '      annotations:\n        sidecar.istio.io/inject: "true"')) },
      findings: [{ line: 21, column: 34, message: 'the webhook selects pods by label only' }],
    },
    {
      name: 'istio.io/rev as a pod annotation',
      files: { 'a.yaml': yaml(ns(), sts('', '      annotations:\n        istio.io/rev: canary')) },
      findings: [{ line: 21, column: 23, message: 'names revision "canary" with the annotation istio.io/rev' }],
    },
    {
      name: 'sidecar.istio.io/inject on a namespace',
      files: { 'a.yaml': ns('    sidecar.istio.io/inject: "true"') },
      findings: [{ line: 7, column: 5, message: 'use the label istio-injection=enabled' }],
    },
  ],
});

describe('inject-label-misplaced and workload-not-injected', () => {
  it('keep one finding for an annotation-only opt-in between injected peers', () => {
    const files = yaml(
      ns(),
      `
apiVersion: v1
kind: Namespace
metadata:
  name: app
  labels:
    istio-injection: enabled
`,
      `
apiVersion: v1
kind: Service
metadata:
  name: db
  namespace: data
spec:
  clusterIP: None
  selector:
    app: db
  ports:
    - name: tcp-pg
      port: 5432
`,
      sts('', '      annotations:\n        sidecar.istio.io/inject: "true"'),
      `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: app
spec:
  template:
    metadata:
      labels:
        app: api
    spec:
      containers:
        - name: api
          image: example/api:1
          env:
            - name: DB
              value: db-0.db.data.svc.cluster.local:5432
`,
    );
    const run = (rules: (typeof rule)[]) => lintSources([{ path: 'a.yaml', text: files }], { rules }).result.findings.filter((f) => f.line === 41).map((f) => `${f.column} ${f.ruleId}`);
    expect(run([rule])).toEqual(['34 inject-label-misplaced']);
    expect(run([rule, workloadNotInjected])).toEqual(['34 workload-not-injected']);
  });
});
