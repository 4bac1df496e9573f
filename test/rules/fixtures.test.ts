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
import { readFixtures, RULE_FIXTURES, verifyCase } from '../helpers/fixtures.js';

const folders = readdirSync(RULE_FIXTURES, { withFileTypes: true })
  .filter((d) => d.isDirectory() && !d.name.startsWith('_'))
  .map((d) => d.name);

describe('rule fixture folders', () => {
  it('every folder is a rule', () => {
    const ids = new Set(rules.map((r) => r.meta.id));
    expect(folders.filter((f) => !ids.has(f))).toEqual([]);
  });
});

for (const rule of rules) {
  const id = rule.meta.id;
  describe(`rule ${id}`, () => {
    if (!existsSync(path.join(RULE_FIXTURES, id))) {
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
    for (const c of valid) it(`${c.name}: ${c.description}`, () => expect(verifyCase(rule, c, 'valid')).toEqual([]));
    for (const c of invalid) it(`${c.name}: ${c.description}`, () => expect(verifyCase(rule, c, 'invalid')).toEqual([]));
  });
}
