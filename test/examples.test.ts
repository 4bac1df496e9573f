/**
 * Every example is executed: the healthy mesh must lint clean, and each broken example must
 * yield exactly the findings listed in its expected.txt (`file:line:column rule-id`).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../src/lint.js';

const examplesDir = path.resolve(__dirname, '../examples');
const examples = readdirSync(examplesDir, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

describe('examples', () => {
  it('include a healthy mesh', () => {
    expect(examples).toContain('healthy-mesh');
  });

  for (const name of examples) {
    it(`${name} yields exactly its expected findings`, () => {
      const dir = path.join(examplesDir, name);
      const expectedFile = path.join(dir, 'expected.txt');
      const expected = existsSync(expectedFile)
        ? readFileSync(expectedFile, 'utf8')
            .split('\n')
            .map((l) => l.trim())
            .filter((l) => l && !l.startsWith('#'))
        : [];
      if (name !== 'healthy-mesh' && !name.endsWith('-healthy') && expected.length === 0) throw new Error(`examples/${name} is a broken example but lists no expected finding`);
      const { result, inputErrors } = lint({ paths: ['.'], cwd: dir });
      expect(inputErrors).toEqual([]);
      const actual = result.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`);
      expect(actual.sort()).toEqual([...expected].sort());
    });
  }
});
