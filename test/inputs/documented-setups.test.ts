/**
 * The officially documented setups of clustered systems (their charts, operators or tutorials,
 * rendered as they are deployed in a namespace with sidecar injection) work in an Istio mesh, so
 * the linter must raise no error and no warning on them. An info is allowed only when the folder
 * lists it in expected-info.txt (`file:line:column rule-id/messageId`) and its README says why it
 * is right.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/lint.js';

const root = path.resolve(__dirname, 'documented-setups');
const setups = readdirSync(root, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

function listed(file: string): string[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
}

describe('documented setups', () => {
  it('cover at least ten systems', () => {
    expect(setups.length).toBeGreaterThanOrEqual(10);
  });

  for (const name of setups) {
    const dir = path.join(root, name);

    it(`${name} names its source in every input file`, () => {
      for (const file of readdirSync(dir).filter((f) => /\.ya?ml$/.test(f))) {
        expect(readFileSync(path.join(dir, file), 'utf8'), file).toMatch(/^# From: /);
      }
    });

    it(`${name} lints with no error or warning, and only the infos it justifies`, () => {
      const { result, inputErrors } = lint({ paths: ['.'], cwd: dir });
      expect(inputErrors).toEqual([]);
      const loud = result.findings.filter((f) => f.severity !== 'info').map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}/${f.messageId} ${f.message}`);
      expect(loud).toEqual([]);
      const infos = result.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}/${f.messageId}`);
      expect(infos.sort()).toEqual(listed(path.join(dir, 'expected-info.txt')).sort());
    });
  }
});
