import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatters, InputError, lint } from '../src/index.js';
import { cli, scratch } from './helpers/cli.js';
import { ensureBuilt, ROOT } from './helpers/built.js';
import { BROKEN } from './helpers/output-fixtures.js';

describe('programmatic API', () => {
  it('lint() returns exactly what --format json prints', () => {
    const dir = scratch(BROKEN);
    const result = lint({ paths: ['.'], cwd: dir });
    expect(JSON.parse(formatters.json(result))).toEqual(JSON.parse(cli(['-f', 'json', '.'], dir).stdout));
    expect(result.findings[0]).toMatchObject({ ruleId: 'istiod-domain-mismatch', file: 'istiod.yaml', line: 15, column: 15 });
  });

  it('reads the configuration file like the CLI, unless config: false', () => {
    const dir = scratch({ ...BROKEN, '.headless-lint.yaml': 'rules: {istiod-domain-mismatch: off}\n' });
    expect(lint({ cwd: dir }).findings).toEqual([]);
    expect(lint({ cwd: dir, config: false }).findings).toHaveLength(1);
    expect(lint({ cwd: dir, severities: { 'istiod-domain-mismatch': 'warning' } }).findings[0]?.severity).toBe('warning');
  });

  it('reads the clusters of the configuration file like the CLI', () => {
    const service = (clusterIP: string) => `apiVersion: v1\nkind: Service\nmetadata: {name: db, namespace: data}\nspec:\n${clusterIP}  ports: [{name: tcp-pg, port: 5432}]\n`;
    const dir = scratch({ '.headless-lint.yaml': 'clusters: {east: east, west: west}\n', 'east/db.yaml': service('  clusterIP: None\n'), 'west/db.yaml': service('') });
    const result = lint({ cwd: dir, severities: { 'headless-selector-matches-nothing': 'off' } });
    expect(result.findings.map((f) => [f.ruleId, f.cluster])).toEqual([['multicluster-service-inconsistent', 'west']]);
    expect(JSON.parse(formatters.json(result))).toEqual(JSON.parse(cli(['-f', 'json', '--rule', 'headless-selector-matches-nothing=off'], dir).stdout));
  });

  it('every formatter works without a context', () => {
    const result = lint({ cwd: scratch(BROKEN) });
    for (const [name, format] of Object.entries(formatters)) expect(format(result).length, name).toBeGreaterThan(0);
  });

  it('unreadable paths throw InputError carrying the partial result', () => {
    const dir = scratch(BROKEN);
    const error = (() => {
      try {
        lint({ cwd: dir, paths: ['.', 'missing.yaml'] });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).result.findings).toHaveLength(1);
  });

  describe('as a package', () => {
    beforeAll(ensureBuilt, 300_000);

    it("the built package resolves as 'headless-lint' with type declarations", () => {
      expect(existsSync(path.join(ROOT, 'dist/src/index.d.ts'))).toBe(true);
      const dir = scratch(BROKEN);
      const script = `const { lint, formatters } = await import('headless-lint'); const r = lint({ cwd: ${JSON.stringify(dir)} }); process.stdout.write(formatters.github(r));`;
      const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
      expect(out).toMatch(/^::error file=istiod\.yaml,line=15,col=15,/);
    });
  });
});
