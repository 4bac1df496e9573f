// The cases live in test/rules/yaml-syntax/. These need what a fixture (a UTF-8 text, the rule's
// findings alone) cannot hold: bytes that are not UTF-8, and the run's summary.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import rule from '../../rules/yaml-syntax.js';
import { lint, lintSources } from '../../src/lint.js';

const dir = mkdtempSync(path.join(tmpdir(), 'headless-lint-yaml-syntax-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('reports a file that is not UTF-8 text as unreadableText, at the first offending byte', () => {
  writeFileSync(path.join(dir, 'latin1.yaml'), Buffer.concat([Buffer.from('apiVersion: v1\nkind: ConfigMap\ndata:\n  city: Sa'), Buffer.from([0xef, 0x6e, 0x74, 0x0a])]));
  const { result, inputErrors } = lint({ paths: ['latin1.yaml'], cwd: dir, rules: [rule] });
  expect(inputErrors).toEqual([]);
  expect(result.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}/${f.messageId}`)).toEqual(['latin1.yaml:4:11 yaml-syntax/unreadableText']);
  expect(result.findings[0]?.message).toMatch(/not valid UTF-8.*0xef/);
});

it('keeps the other documents and files of a run with a syntax error', () => {
  const files = {
    'bad.yaml': 'a: [1\n',
    'good.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: fine\n',
  };
  const { result } = lintSources(Object.entries(files).map(([p, text]) => ({ path: p, text })), { rules: [rule] });
  expect(result.findings.map((f) => `${f.file} ${f.messageId}`)).toEqual(['bad.yaml syntaxError']);
  expect(result.summary).toMatchObject({ files: 2, documents: 1, resources: 1 });
});
