/**
 * The fixture tester keeps cases honest: it reads markers as written, and refuses cases whose
 * markers disagree with the findings, name unknown messages, or leave placeholders unfilled.
 * The cases are in test/fixtures/tester/, against probe rules defined here.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defineRule } from '../../src/engine/rule.js';
import { readCase, verifyCase } from '../helpers/fixtures.js';

const dir = path.resolve(__dirname, '../fixtures/tester');
const meta = {
  id: 'probe',
  cause: 'input' as const,
  severity: 'error' as const,
  description: 'A probe rule for the tester.',
  why: 'It reports every Service at its name.',
  diagnose: ['kubectl get svc'],
  fix: 'None needed.',
  sources: ['test/rules/fixture-format.test.ts'],
  messages: { named: 'Service {{name}} is here.' },
  requires: ['Service'],
};
const atName = defineRule({ meta, check: ({ model, report }) => model.services.forEach((s) => report({ resource: s, path: ['metadata', 'name'], messageId: 'named', data: { name: s.name } })) });
const atApiVersion = defineRule({
  meta,
  check: ({ model, report }) => model.services.forEach((s) => report({ resource: s, path: ['apiVersion'], key: true, messageId: 'named', data: { name: s.name }, related: [{ resource: s, path: ['metadata', 'namespace'], message: 'its namespace' }] })),
});
const unfilled = defineRule({ meta, check: ({ model, report }) => model.services.forEach((s) => report({ resource: s, path: ['metadata', 'name'], messageId: 'named' })) });
const unknownId = defineRule({ meta, check: ({ model, report }) => model.services.forEach((s) => report({ resource: s, path: ['metadata', 'name'], messageId: 'nosuch' })) });
const read = (name: string) => readCase(dir, name);

describe('the fixture tester', () => {
  it('accepts a case whose marker shows the finding', () => {
    expect(verifyCase(atName, read('invalid/marked.yaml'), 'invalid')).toEqual([]);
  });

  it('reads a marker as the column under its caret, on the fixture line above it', () => {
    expect(read('invalid/marked.yaml').findings).toEqual([{ file: 'marked.yaml', line: 5, column: 9, ruleId: 'probe', messageId: 'named', severity: undefined, label: undefined }]);
  });

  it('reads trailing and related markers', () => {
    const c = read('invalid/trailing.yaml');
    expect(c.findings.map((f) => `${f.line}:${f.column}`)).toEqual(['2:1']);
    expect(c.related.map((r) => `${r.line}:${r.column}`)).toEqual(['6:14']);
    expect(verifyCase(atApiVersion, c, 'invalid')).toEqual([]);
  });

  it('refuses an invalid case without markers, a marker one column off, an unknown messageId', () => {
    expect(verifyCase(atName, read('invalid/unmarked.yaml'), 'invalid').join('\n')).toContain('an invalid case marks at least one finding');
    expect(verifyCase(atName, read('invalid/wrong-column.yaml'), 'invalid').join('\n')).toMatch(/found {4}wrong-column\.yaml:5:9[\s\S]*marked {3}wrong-column\.yaml:5:10/);
    expect(verifyCase(atName, read('invalid/unknown-message.yaml'), 'invalid').join('\n')).toContain('probe has no message "nosuch"');
  });

  it('refuses a report of an unknown messageId and an unfilled placeholder', () => {
    expect(verifyCase(unknownId, read('invalid/marked.yaml'), 'invalid').join('\n')).toContain('internal error: rule probe failed');
    expect(verifyCase(unfilled, read('invalid/marked.yaml'), 'invalid').join('\n')).toContain('unfilled placeholder in "Service {{name}} is here."');
  });

  it('refuses markers in a valid case, and findings a valid case does not expect', () => {
    expect(verifyCase(atName, read('valid/with-marker.yaml'), 'valid').join('\n')).toContain('a valid case has no markers');
    expect(verifyCase(atName, read('invalid/unmarked.yaml'), 'valid').join('\n')).toContain('Service db is here.');
  });

  it('strips markers before linting, so they never reach the linted text', () => {
    expect(read('invalid/trailing.yaml').sources[0]?.text).not.toMatch(/\^|<-/);
  });
});
