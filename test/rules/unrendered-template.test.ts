import { expect, it } from 'vitest';
import rule from '../../rules/unrendered-template.js';
import { lintSources } from '../../src/lint.js';
import { testRule } from '../helpers/rule-tester.js';

const injectorConfigMap = `apiVersion: v1
kind: ConfigMap
metadata:
  name: istio-sidecar-injector
  namespace: istio-system
data:
  config: |-
    policy: enabled
    template: |
      {{- if not .Values.pilot.cni.enabled }}
      initContainers:
      - name: istio-init
        image: "{{ .Values.global.hub }}/proxyv2:{{ .Values.global.tag }}"
      {{- end }}
  values: '{"global": {"hub": "{{ not rendered here }}"}}'
`;

testRule(rule, {
  valid: [
    { name: 'templates inside a block scalar (Istio injector ConfigMap)', files: { 'injector.yaml': injectorConfigMap } },
    {
      name: 'templates inside quoted strings, plain scalars and comments',
      files: {
        'wf.yaml': `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: hello # rendered from {{ .Values.name }}
spec:
  arguments:
    parameters:
    - name: tag
      value: "{{ workflow.name }}"
  templates:
  - name: main
    container:
      image: docker/whalesay:{{inputs.parameters.tag}}
      args: ['{{ inputs.parameters.message }}']
`,
      },
    },
    { name: 'a flow mapping that is not a template', files: { 'a.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, labels: {a: b}}\n' } },
  ],
  invalid: [
    {
      name: 'a value that is a template action',
      files: { 'svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}-db\nspec:\n  clusterIP: None\n' },
      findings: [{ line: 4, column: 9, message: '"{{ .Release.Name }}"' }],
    },
    {
      name: 'a control action on its own line, reported once per file',
      files: {
        'deploy.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  labels:\n    {{- include "chart.labels" . | nindent 4 }}\nspec:\n  replicas: {{ .Values.replicas }}\n',
      },
      findings: [{ line: 6, column: 5, message: 'helm template' }],
    },
    {
      name: 'a template in the second document of a JSON-ish flow file, beside a clean file',
      files: {
        'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n---\n{{ if .Values.enabled }}\napiVersion: v1\n{{ end }}\n',
        'clean.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: fine\n',
      },
      findings: [{ line: 6, column: 1 }],
    },
  ],
});

it('replaces the cascade of syntax errors of a template with one finding, and keeps the other files', () => {
  const chart = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  template:\n    spec:\n      containers:\n      {{- range .Values.containers }}\n      - name: {{ .name }}\n      {{- end }}\n';
  const { result } = lintSources([
    { path: 'chart.yaml', text: chart },
    { path: 'broken.yaml', text: 'a: [1\n' },
  ]);
  expect(result.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`)).toEqual(['broken.yaml:2:1 yaml-syntax', 'chart.yaml:4:9 unrendered-template']);
  expect(result.summary.documents).toBe(0);
});
