import rule from '../../rules/yaml-syntax.js';
import { findingsOf, testRule } from '../helpers/rule-tester.js';
import { lintSources } from '../../src/lint.js';
import { expect, it } from 'vitest';

testRule(rule, {
  valid: [
    { name: 'well-formed multi-document YAML', files: { 'a.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n---\n# only a comment\n' } },
    { name: 'JSON', files: { 'a.json': '{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "a"}}' } },
    { name: 'an empty file', files: { 'a.yaml': '' } },
  ],
  invalid: [
    {
      name: 'an unclosed flow sequence',
      files: { 'bad.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: [1\n  b: 2\n' },
      findings: [{ line: 7, column: 3 }],
    },
    {
      name: 'a duplicate key',
      files: { 'dup.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: db\nspec:\n  clusterIP: None\n  clusterIP: 10.0.0.1\n' },
      findings: [{ line: 7, column: 3, message: 'only one of the values is kept' }],
    },
    {
      name: 'a tab used for indentation, in the second document only',
      files: { 'tab.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ok\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n\tname: bad\n' },
      findings: [{ line: 9, column: 1 }],
    },
  ],
});

it('keeps the other documents and files of a run with a syntax error', () => {
  const files = {
    'bad.yaml': 'a: [1\n',
    'good.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: fine\n',
  };
  expect(findingsOf(rule, files).map((f) => f.file)).toEqual(['bad.yaml']);
  const { result } = lintSources(Object.entries(files).map(([path, text]) => ({ path, text })), { rules: [rule] });
  expect(result.summary).toMatchObject({ files: 2, documents: 1, resources: 1 });
});
