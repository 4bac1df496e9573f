/**
 * Every rule's fixture folder, test/rules/<id>/{valid,invalid}/: valid cases yield nothing from
 * the rule, invalid cases exactly the findings their markers show (position, messageId,
 * severity, related locations), with every placeholder of the message filled. A rule without
 * its folder, or a folder without valid and invalid cases, fails.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { INTERNAL_ERROR } from '../../src/engine/run.js';
import { caseProblems, describeActual, describeExpected, readFixtures, relatedInCase, RULE_FIXTURES, runCase, type Expected } from '../helpers/fixtures.js';

const folders = readdirSync(RULE_FIXTURES, { withFileTypes: true })
  .filter((d) => d.isDirectory() && !d.name.startsWith('_'))
  .map((d) => d.name);

describe('rule fixture folders', () => {
  it('every folder is a rule', () => {
    const ids = new Set(rules.map((r) => r.meta.id));
    expect(folders.filter((f) => !ids.has(f))).toEqual([]);
  });
});

const byPosition = (a: Expected, b: Expected) => (a.file !== b.file ? (a.file < b.file ? -1 : 1) : a.line - b.line || a.column - b.column);

for (const rule of rules) {
  const id = rule.meta.id;
  describe(`rule ${id}`, () => {
    const dir = path.join(RULE_FIXTURES, id);
    if (!existsSync(dir)) {
      it('has a fixture folder', () => {
        throw new Error(`test/rules/${id}/ with valid/ and invalid/ cases is missing`);
      });
      return;
    }
    const { valid, invalid } = readFixtures(id);
    it('has valid and invalid cases', () => {
      expect(valid.length, `test/rules/${id}/valid/`).toBeGreaterThan(0);
      expect(invalid.length, `test/rules/${id}/invalid/`).toBeGreaterThan(0);
    });
    for (const c of valid) {
      it(`${c.name}: ${c.description}`, () => {
        expect(caseProblems(rule, c, 'valid')).toEqual([]);
        const { findings, all } = runCase(rule, c);
        expect(all.filter((f) => f.ruleId === INTERNAL_ERROR).map((f) => f.message)).toEqual([]);
        expect(findings.map((f) => `${describeActual(f, rule)} ${f.message}`)).toEqual([]);
      });
    }
    for (const c of invalid) {
      it(`${c.name}: ${c.description}`, () => {
        expect(caseProblems(rule, c, 'invalid')).toEqual([]);
        const { findings, all } = runCase(rule, c);
        expect(all.filter((f) => f.ruleId === INTERNAL_ERROR).map((f) => f.message)).toEqual([]);
        const expected = [...c.findings].sort(byPosition);
        expect(findings.map((f) => describeActual(f, rule))).toEqual(expected.map((e) => describeExpected(e, rule)));
        for (const f of findings) expect(f.message, 'every placeholder is filled').not.toMatch(/\{\{\s*\w+\s*\}\}/);
        const related = relatedInCase(c, findings, expected);
        expect(related.actual).toEqual(related.expected);
      });
    }
  });
}
