/**
 * The cases of inject-label-misplaced are fixture files (test/rules/inject-label-misplaced/); what
 * stays here is how it shares a spot with workload-not-injected, which a fixture (one rule at a
 * time) cannot show.
 */
import rule from '../../rules/inject-label-misplaced.js';
import workloadNotInjected from '../../rules/workload-not-injected.js';
import { describe, expect, it } from 'vitest';
import { lintSources } from '../../src/lint.js';
import { yaml } from '../helpers/rule-tester.js';

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
    const run = (rules: (typeof rule)[]) => lintSources([{ path: 'a.yaml', text: files }], { rules }).result.findings.filter((f) => f.line === 41).map((f) => `${f.column} ${f.ruleId}/${f.messageId}`);
    expect(run([rule])).toEqual(['34 inject-label-misplaced/injectAnnotationUnseen']);
    expect(run([rule, workloadNotInjected])).toEqual(['34 workload-not-injected/backingNotInjected']);
  });
});
