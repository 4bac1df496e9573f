import { defineRule } from '../src/engine/rule.js';
import { PROBLEM } from '../src/load/parser.js';

export default defineRule({
  meta: {
    id: 'unrendered-template',
    cause: 'input',
    severity: 'error',
    description: 'A file is a Helm or Go template that was never rendered (`{{ ... }}` where YAML is expected).',
    why:
      'A chart template is not a manifest: `{{ .Values.x }}` in place of a value or `{{- if ... }}` on its own line is not valid YAML, or parses into nonsense, so kubectl rejects the file and nothing it describes is checked. Linting the template source hides what the rendered Service, workloads and policies really look like. Template actions inside quoted strings, block scalars, plain scalars and comments are data (Istio keeps its sidecar injection template in a ConfigMap that way) and are not flagged.',
    diagnose: ['helm template <release> <chart> -f values.yaml > rendered.yaml', 'kubectl apply --dry-run=client -f rendered.yaml'],
    fix: 'Run `helm template` (or your generator) first and lint its output, e.g. `helm template my-release ./chart | headless-lint -`; or list the chart\'s templates/ folder in .headless-lintignore.',
    sources: [
      'https://helm.sh/docs/helm/helm_template/',
      'https://helm.sh/docs/topics/charts/ (a chart is a folder with Chart.yaml; templates/ holds templates, not manifests)',
      'https://pkg.go.dev/text/template (actions are delimited by {{ and }})',
      'istio/istio manifests/charts/istio-control/istio-discovery/files/injection-template.yaml (a Go template carried as ConfigMap data)',
    ],
    messages: {
      unrendered: '{{problem}}. None of its documents is linted; run `helm template` (or your generator) first and lint its output.',
      chartNotRendered: '{{problem}}.',
    },
    // The file identifies a finding (one per file); the reader's account of the first template
    // action it met (src/load/parser.ts) describes it.
    volatileData: ['problem'],
    trace: { scope: 'input' },
  },
  check({ problems, report }) {
    for (const problem of problems) {
      if (problem.code !== PROBLEM.unrenderedTemplate && problem.code !== PROBLEM.chartNotRendered) continue;
      report({
        file: problem.file.path,
        located: { span: problem.span, exact: true },
        messageId: problem.code === PROBLEM.chartNotRendered ? 'chartNotRendered' : 'unrendered',
        data: { problem: problem.message },
      });
    }
  },
});
