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
    { name: 'an unclosed double quote, at the opening quote', files: { 'q.yaml': 'a: 1\nb: "abc\nc: 2\n' }, findings: [{ line: 2, column: 4, message: 'Missing closing "quote' }] },
    { name: 'an unclosed single quote', files: { 'q.yaml': "a: 1\nb: 'abc\n" }, findings: [{ line: 2, column: 4 }] },
    { name: 'a mapping item out of line', files: { 'i.yaml': 'a:\n  b: 1\n c: 2\n' }, findings: [{ line: 3, column: 1, message: 'same column' }] },
    { name: 'an alias without its anchor, at the alias', files: { 'al.yaml': 'a: 1\nb: *nope\n' }, findings: [{ line: 2, column: 4, message: 'nope' }] },
    { name: 'an invalid escape in a double-quoted string', files: { 'e.yaml': 'a: 1\nb: "x\\qy"\n' }, findings: [{ line: 2, column: 6, message: 'escape' }] },
    { name: 'a stray closing bracket', files: { 's.yaml': 'a: 1\nb: ]\n' }, findings: [{ line: 2, column: 4 }] },
    { name: 'a key without a colon', files: { 'k.yaml': 'a: 1\nb c\nd: 2\n' }, findings: [{ line: 2, column: 1 }] },
    { name: 'a duplicate key in a nested mapping', files: { 'd.yaml': 'a:\n  b:\n    c: 1\n    c: 2\n' }, findings: [{ line: 4, column: 5 }] },
    { name: 'an unclosed flow mapping', files: { 'f.yaml': 'a: {b: 1\nc: 2\n' }, findings: [{ line: 2, column: 1 }] },
    { name: 'content on the line of a document marker', files: { 'm.yaml': 'a: 1\n--- b: 2\n' }, findings: [{ line: 2, column: 5 }] },
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
