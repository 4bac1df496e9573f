/** --cache on the command line: where the cache goes by default, --cache-location, --stats. */
import { cpSync, existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

const EXAMPLE = path.resolve(__dirname, '../../examples/healthy-mesh');

function cli(argv: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const code = main(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), isTTY: false, env: {}, cwd });
  return { code, stdout, stderr };
}

function project(withNodeModules: boolean): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'headless-lint-cache-cli-'));
  cpSync(EXAMPLE, path.join(dir, 'manifests'), { recursive: true });
  if (withNodeModules) mkdirSync(path.join(dir, 'node_modules'));
  return dir;
}

describe('--cache', () => {
  it('writes .headless-lintcache in the working directory, as ESLint writes .eslintcache', () => {
    const dir = project(false);
    expect(cli(['--cache', 'manifests'], dir).code).toBe(0);
    expect(existsSync(path.join(dir, '.headless-lintcache'))).toBe(true);
  });

  it('goes under node_modules/.cache when the project has node_modules', () => {
    const dir = project(true);
    cli(['--cache', 'manifests'], dir);
    expect(existsSync(path.join(dir, 'node_modules/.cache/headless-lint/parse-cache'))).toBe(true);
    expect(existsSync(path.join(dir, '.headless-lintcache'))).toBe(false);
  });

  it('--cache-location names the file, relative to the working directory; --stats says what was reused', () => {
    const dir = project(false);
    cli(['--cache', '--cache-location', 'tmp/lint.cache', 'manifests'], dir);
    const second = cli(['--cache', '--cache-location', 'tmp/lint.cache', '--stats', 'manifests'], dir);
    expect(second.code).toBe(0);
    expect(second.stderr).toMatch(/cache .*lint\.cache: \d+ files reused, 0 parsed/);
  });

  it('does nothing without --cache', () => {
    const dir = project(true);
    cli(['manifests'], dir);
    expect(existsSync(path.join(dir, '.headless-lintcache'))).toBe(false);
    expect(existsSync(path.join(dir, 'node_modules/.cache'))).toBe(false);
  });

  it('refuses an empty --cache-location', () => {
    const out = cli(['--cache', '--cache-location=', 'manifests'], project(false));
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/--cache-location needs a file name/);
  });
});
