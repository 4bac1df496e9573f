/** Rule metadata is the single source of truth: registry, rule files, tests, docs and README agree with it. */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { ruleDoc, ruleTable } from '../src/docs/rule-docs.js';
import { commandSample, COMMAND_SAMPLES, sampleOutput, SAMPLE_COMMAND } from '../src/docs/sample-output.js';

const root = path.resolve(__dirname, '..');
const ruleFiles = readdirSync(path.join(root, 'rules'))
  .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
  .map((f) => f.replace(/\.ts$/, ''))
  .sort();

describe('rule registry', () => {
  it('lists every rule file exactly once, each named by its id', () => {
    expect(rules.map((r) => r.meta.id).sort()).toEqual(ruleFiles);
  });

  it('has unique ids', () => {
    expect(new Set(rules.map((r) => r.meta.id)).size).toBe(rules.length);
  });

  for (const rule of rules) {
    it(`${rule.meta.id} has a fixture folder, an example with its expected findings and trace, sources and diagnosis commands`, () => {
      for (const kind of ['valid', 'invalid']) expect(existsSync(path.join(root, 'test/rules', rule.meta.id, kind)), `test/rules/${rule.meta.id}/${kind}/`).toBe(true);
      for (const file of ['expected.txt', 'trace.txt']) expect(existsSync(path.join(root, 'examples', rule.meta.id, file)), `examples/${rule.meta.id}/${file}`).toBe(true);
      expect(rule.meta.sources.length).toBeGreaterThan(0);
      expect(rule.meta.diagnose.length).toBeGreaterThan(0);
    });
  }
});

describe('generated documentation (npm run docs)', () => {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');

  it('README rule table matches the metadata', () => {
    expect(readme).toContain(ruleTable(rules));
  });

  it('README sample output is what the CLI prints', () => {
    expect(readme).toContain('```console\n$ ' + SAMPLE_COMMAND + '\n' + sampleOutput(root) + '```');
  });

  for (const sample of COMMAND_SAMPLES) {
    it(`README ${sample.section} is what \`${sample.args[0]}\` prints`, () => {
      expect(readme).toContain(`<!-- ${sample.section}:start -->\n${commandSample(sample, root)}\n<!-- ${sample.section}:end -->`);
    });
  }

  for (const rule of rules) {
    it(`docs/rules/${rule.meta.id}.md matches the metadata`, () => {
      const file = path.join(root, 'docs/rules', `${rule.meta.id}.md`);
      expect(existsSync(file) ? readFileSync(file, 'utf8') : '(missing)').toBe(ruleDoc(rule));
    });
  }
});
