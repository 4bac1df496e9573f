import { defineRule } from '../src/engine/rule.js';

export default defineRule({
  meta: {
    id: 'yaml-syntax',
    cause: 'input',
    severity: 'error',
    description: 'A file is not valid YAML (or JSON), or a mapping repeats a key.',
    why:
      'kubectl and the API server reject a manifest that does not parse, so nothing in that document is applied; a repeated key silently keeps only one of the values (strict decoding rejects it).',
    diagnose: ['kubectl apply --dry-run=server -f <file>', 'kubectl apply --validate=strict --dry-run=server -f <file>'],
    fix: 'Correct the syntax at the reported line and column (indentation, an unclosed quote or bracket, a tab); remove or merge the repeated key.',
    sources: ['https://yaml.org/spec/1.2.2/', 'https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation'],
    reads: [],
  },
  check({ problems, report }) {
    for (const problem of problems) {
      report({
        file: problem.file.path,
        located: { span: problem.span, exact: true },
        message: problem.code === 'DUPLICATE_KEY' ? `${problem.message}: only one of the values is kept` : problem.message,
      });
    }
  },
});
