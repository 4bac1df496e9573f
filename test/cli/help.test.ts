/** --help lists every option and subcommand; explain prints every rule's metadata. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { main } from '../../src/cli/main.js';
import { OPTIONS } from '../../src/cli/options.js';

function run(argv: string[]): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const code = main(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), isTTY: false, env: {}, cwd: process.cwd() });
  return { code, stdout, stderr };
}

/** The subcommands main() dispatches on, read from its source so a new one cannot go unlisted. */
function subcommands(): string[] {
  const source = readFileSync(path.resolve(__dirname, '../../src/cli/main.ts'), 'utf8');
  return [...source.matchAll(/(?:argv|positionals)\[0\] === '([a-z-]+)'/g)].map((m) => m[1] as string);
}

describe('--help', () => {
  const help = run(['--help']);

  it('exits 0', () => {
    expect(help.code).toBe(0);
    expect(help.stderr).toBe('');
  });

  it('lists every option', () => {
    const missing = Object.entries(OPTIONS)
      .filter(([name, spec]) => !help.stdout.includes(`--${name}`) || ('short' in spec && !help.stdout.includes(`-${spec.short}, --${name}`)))
      .map(([name]) => name);
    expect(missing).toEqual([]);
  });

  it('lists every subcommand', () => {
    const commands = subcommands();
    expect(commands).toEqual(expect.arrayContaining(['explain', 'graph', 'reach']));
    expect(commands.filter((c) => !help.stdout.includes(`headless-lint ${c} `))).toEqual([]);
  });
});

describe('explain', () => {
  for (const rule of rules) {
    it(`prints ${rule.meta.id}`, () => {
      const { code, stdout, stderr } = run(['explain', rule.meta.id]);
      expect(stderr).toBe('');
      expect(code).toBe(0);
      for (const text of [rule.meta.description, rule.meta.why, rule.meta.fix, ...rule.meta.diagnose, ...rule.meta.sources]) expect(stdout).toContain(text);
    });
  }

  it('refuses an unknown rule with a suggestion', () => {
    const { code, stderr } = run(['explain', 'service-not-headles']);
    expect(code).toBe(2);
    expect(stderr).toContain('service-not-headless');
  });
});
