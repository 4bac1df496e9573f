import { defineRule } from '../src/engine/rule.js';
import { PROBLEM } from '../src/load/parser.js';

/** The kind of problem, from the reader's code: its own (PROBLEM), else yaml's (duplicate key, or any syntax error). */
const KIND = new Map<string, string>([
  [PROBLEM.unreadableText, 'unreadableText'],
  [PROBLEM.notAMapping, 'notAMapping'],
  [PROBLEM.nestingTooDeep, 'nestingTooDeep'],
  [PROBLEM.aliasExpansion, 'aliasNotExpanded'],
  [PROBLEM.parserFailure, 'parserFailure'],
  ['DUPLICATE_KEY', 'duplicateKey'],
]);

export default defineRule({
  meta: {
    id: 'yaml-syntax',
    cause: 'input',
    severity: 'error',
    description: 'A file is not valid YAML (or JSON) text, a document is not an object, or a mapping repeats a key.',
    why:
      'kubectl and the API server reject a manifest that does not parse, so nothing in that document is applied; a repeated key silently keeps only one of the values (strict decoding rejects it). Files that are not UTF-8 or UTF-16 text (binary, encrypted, another encoding), documents that are a bare string or list, and documents nested hundreds of levels deep (a sign of a generated or hostile file) cannot be applied either; they are reported at the first offending byte or node and skipped, and the other files are still linted.',
    diagnose: ['kubectl apply --dry-run=client -f <file>', 'kubectl apply --dry-run=server --validate=strict -f <file>'],
    fix: 'Correct the syntax at the reported line and column (indentation, an unclosed quote or bracket, a tab); remove or merge the repeated key; save the file as UTF-8; or list a file that is not a manifest in .headless-lintignore.',
    sources: ['https://yaml.org/spec/1.2.2/', 'https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation'],
    // The wording is the reader's (src/load) or the yaml library's account of the problem: data.
    messages: {
      syntaxError: '{{problem}}',
      duplicateKey: '{{problem}}: only one of the values is kept',
      unreadableText: '{{problem}}',
      notAMapping: '{{problem}}',
      nestingTooDeep: '{{problem}}',
      aliasNotExpanded: '{{problem}}',
      parserFailure: '{{problem}}',
    },
    // The file and the kind of problem identify a finding; the wording may change with the yaml library.
    volatileData: ['problem'],
    trace: { scope: 'input' },
  },
  check({ problems, report }) {
    // Two problems of one kind in one file are told apart by their order: the message is volatile,
    // and the line is not identity (baselines must survive edits above a problem).
    const seen = new Map<string, number>();
    for (const problem of problems) {
      if (problem.code === PROBLEM.unrenderedTemplate || problem.code === PROBLEM.chartNotRendered) continue; // rule unrendered-template
      const messageId = KIND.get(problem.code) ?? 'syntaxError';
      const key = `${problem.file.path}\u0000${messageId}`;
      const ordinal = seen.get(key) ?? 0;
      seen.set(key, ordinal + 1);
      report({
        file: problem.file.path,
        located: { span: problem.span, exact: true },
        path: ordinal === 0 ? undefined : [ordinal],
        messageId,
        data: { problem: problem.message },
      });
    }
  },
});
