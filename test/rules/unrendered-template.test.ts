import { expect, it } from 'vitest';
import { lintSources } from '../../src/lint.js';

// The cases live in test/rules/unrendered-template/. This one needs yaml-syntax beside the rule and
// the run's summary, which a fixture (the rule alone, its findings) does not show.
it('replaces the cascade of syntax errors of a template with one finding, and keeps the other files', () => {
  const chart = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  template:\n    spec:\n      containers:\n      {{- range .Values.containers }}\n      - name: {{ .name }}\n      {{- end }}\n';
  const { result } = lintSources([
    { path: 'chart.yaml', text: chart },
    { path: 'broken.yaml', text: 'a: [1\n' },
  ]);
  expect(result.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`)).toEqual(['broken.yaml:2:1 yaml-syntax', 'chart.yaml:4:9 unrendered-template']);
  expect(result.summary.documents).toBe(0);
});
