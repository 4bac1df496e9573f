/** The README's hand-written parts stay true: the JSON sample and the option table. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OPTIONS } from '../src/cli/options.js';
import { lint } from '../src/lint.js';

const root = path.resolve(__dirname, '..');
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');

function section(title: string): string {
  const start = readme.indexOf(`\n${title}\n`);
  if (start === -1) throw new Error(`README has no "${title}" section`);
  const next = readme.slice(start + title.length + 2).search(/\n#{2,3} /);
  return readme.slice(start, next === -1 ? undefined : start + title.length + 2 + next);
}

describe('README', () => {
  it('the JSON sample matches the real output for examples/istiod-domain-mismatch', () => {
    const block = /```json\n([\s\S]*?)```/.exec(section('### JSON output'))?.[1];
    const sample = JSON.parse(block ?? '');
    const { result } = lint({ paths: ['examples/istiod-domain-mismatch'], cwd: root });
    const real = result.findings[0];
    const shown = sample.findings[0];
    for (const key of ['ruleId', 'messageId', 'severity', 'file', 'line', 'column', 'endLine', 'endColumn', 'resource']) expect(shown[key], key).toEqual(real?.[key as keyof typeof real]);
    expect([shown.related[0].line, shown.related[0].column]).toEqual([real?.related[0]?.line, real?.related[0]?.column]);
    expect(sample.summary).toEqual(result.summary);
    expect(Object.keys(shown).sort()).toEqual(Object.keys(real ?? {}).sort());
  });

  it('the option table lists every option', () => {
    const usage = section('## Usage');
    const missing = Object.keys(OPTIONS).filter((name) => !usage.includes(`--${name}`) && !['help', 'version'].includes(name));
    expect(missing).toEqual([]);
  });
});
