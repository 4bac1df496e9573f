import rule from '../../rules/injection-revision-missing.js';
import { testRule, yaml } from '../helpers/rule-tester.js';

const ns = (labels: string) => `
apiVersion: v1
kind: Namespace
metadata:
  name: data
  labels:
${labels}
`;

const istiod = (rev?: string) => `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: istiod${rev ? `-${rev}` : ''}
  namespace: istio-system
  labels:
    istio.io/rev: ${rev ?? 'default'}
spec:
  template:
    spec:
      containers:
        - name: discovery
          image: docker.io/istio/pilot:1.24.0
          args: [discovery]
`;

const webhook = (name: string, labels: string) => `
apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata:
  name: ${name}
  labels:
${labels}
webhooks: []
`;

const sts = (labels: string, namespace = 'data') => `
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
  namespace: ${namespace}
spec:
  serviceName: db
  template:
    metadata:
      labels:
        app: db
${labels}
    spec:
      containers:
        - name: db
          image: postgres:16
`;

const canaryWebhook = webhook('istio-sidecar-injector-1-24', '    istio.io/rev: 1-24');

testRule(rule, {
  valid: [
    { name: 'a revision served by its istiod and webhook', files: { 'a.yaml': yaml(ns('    istio.io/rev: 1-24'), istiod('1-24'), canaryWebhook) } },
    { name: 'istio-injection=enabled with the default istiod', files: { 'a.yaml': yaml(ns('    istio-injection: enabled'), istiod()) } },
    { name: 'no control plane in the input: nothing to compare', files: { 'a.yaml': yaml(ns('    istio.io/rev: canary')) } },
    {
      name: 'a revision tag serves its name',
      files: { 'a.yaml': yaml(ns('    istio.io/rev: stable'), istiod('1-24'), canaryWebhook, webhook('istio-revision-tag-stable', '    istio.io/tag: stable\n    istio.io/rev: 1-24')) },
    },
    {
      name: 'a webhook read by its selector (no chart labels)',
      files: {
        'a.yaml': yaml(
          ns('    istio.io/rev: blue'),
          `
apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata:
  name: istio-injector-blue
webhooks:
  - name: rev.namespace.sidecar-injector.istio.io
    namespaceSelector:
      matchExpressions:
        - key: istio.io/rev
          operator: In
          values: [blue]
`,
        ),
      },
    },
    { name: 'istio-injection=disabled makes istio.io/rev moot (a deliberate opt-out)', files: { 'a.yaml': yaml(ns('    istio-injection: disabled\n    istio.io/rev: canary'), istiod()) } },
    { name: 'a pod revision is ignored when the namespace decides', files: { 'a.yaml': yaml(ns('    istio-injection: enabled'), istiod(), sts('        istio.io/rev: canary')) } },
    { name: 'a pod that opts out asks for nothing', files: { 'a.yaml': yaml(ns('    team: x'), istiod(), sts('        istio.io/rev: canary\n        sidecar.istio.io/inject: "false"')) } },
  ],
  invalid: [
    {
      name: 'the namespace names a revision nobody serves',
      files: { 'a.yaml': yaml(ns('    istio.io/rev: canary'), istiod('1-24'), canaryWebhook) },
      findings: [{ line: 6, column: 19, message: 'asks for Istio revision "canary" (label istio.io/rev), but no istiod, injector webhook or revision tag in the input serves it; served: "1-24"', related: ['a.yaml:14:19', 'a.yaml:28:19'] }],
    },
    {
      name: 'without the webhooks in the input, a tag outside it might serve the revision',
      files: { 'a.yaml': yaml(ns('    istio.io/rev: canary'), istiod('1-24')) },
      findings: [{ line: 6, column: 19, severity: 'warning', message: 'a revision tag there might' }],
    },
    {
      name: 'istio-injection=enabled with only a revisioned control plane (no "default" tag)',
      files: { 'a.yaml': yaml(ns('    istio-injection: enabled'), istiod('1-24'), canaryWebhook) },
      findings: [{ line: 6, column: 22, message: 'only the default revision or the tag "default" serves' }],
    },
    {
      name: 'both labels: the legacy one wins',
      files: { 'a.yaml': yaml(ns('    istio-injection: enabled\n    istio.io/rev: 1-24'), istiod(), istiod('1-24')) },
      findings: [{ line: 7, column: 19, severity: 'warning', message: 'both istio-injection=enabled and istio.io/rev=1-24' }],
    },
    {
      name: 'ambient and sidecar injection compete',
      files: { 'a.yaml': yaml(ns('    istio-injection: enabled\n    istio.io/dataplane-mode: ambient'), istiod()) },
      findings: [{ line: 7, column: 30, severity: 'warning', message: 'ztunnel does not capture pods that have one' }],
    },
    {
      name: 'a pod label names a revision nobody serves',
      files: { 'a.yaml': yaml(ns('    team: x'), istiod(), sts('        istio.io/rev: canary')) },
      findings: [{ line: 34, column: 23, severity: 'warning', message: 'StatefulSet data/db asks for Istio revision "canary" (pod label istio.io/rev)' }],
    },
    {
      name: 'a pod label sidecar.istio.io/inject=true needs the default revision',
      files: { 'a.yaml': yaml(ns('    team: x'), istiod('1-24'), canaryWebhook, sts('        sidecar.istio.io/inject: "true"')) },
      findings: [{ line: 42, column: 34, message: 'pod label sidecar.istio.io/inject="true", which only the default revision or the tag "default" serves' }],
    },
    {
      name: 'a pod in a namespace missing from the input: a warning',
      files: { 'a.yaml': yaml(istiod('1-24'), canaryWebhook, sts('        istio.io/rev: canary')) },
      findings: [{ line: 35, column: 23, severity: 'warning' }],
    },
    {
      name: 'a revision tag whose revision has no istiod',
      files: { 'a.yaml': yaml(ns('    istio.io/rev: prod'), istiod('1-24'), canaryWebhook, webhook('istio-revision-tag-prod', '    istio.io/tag: prod\n    istio.io/rev: 1-22')) },
      findings: [{ line: 6, column: 19, severity: 'warning', message: 'points at revision "1-22", but no istiod in the input runs that revision' }],
    },
  ],
});
