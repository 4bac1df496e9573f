/**
 * The command line on bad input: exit code, one-line messages naming the path, every other
 * file's findings still printed, never a stack trace.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LintResult } from '../../src/engine/types.js';
import { runCli, SERVICE, STACK_FRAME, tempTree } from './cli-helpers.js';

const root = path.resolve(__dirname, '../..');

const badTree = () =>
  tempTree({
    'a.yaml': SERVICE,
    'b.yaml': SERVICE,
    'binary.yaml': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x00, 0x00]),
    'chart/templates/svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}\n',
    // broken manifests (a top-level kind): YAML without apiVersion or kind in a folder is skipped, not reported
    'syntax.yaml': 'kind: Service\na: [1\n',
    'scalar.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: scalar\n---\nhello\n',
  });

describe('headless-lint on bad input (in-process)', () => {
  it('reports every bad file as a located finding and exits 1', () => {
    const run = runCli(['--no-color', '.'], badTree());
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/b\.yaml\n\s+4:9\s+error\s+Service data\/db is defined 2 times/);
    expect(run.stdout).toMatch(/binary\.yaml\n\s+1:6\s+error\s+binary file/);
    expect(run.stdout).toMatch(/chart\/templates\/svc\.yaml\n\s+4:9\s+error\s+template action/);
    expect(run.stdout).toMatch(/syntax\.yaml\n\s+3:1\s+error/);
    expect(run.stdout).toMatch(/scalar\.yaml\n\s+6:1\s+error\s+this document is a string/);
    expect(run.stdout).not.toMatch(STACK_FRAME);
  });

  it('names a missing path and a path through a file on stderr, exits 2, and still prints the findings', () => {
    const dir = badTree();
    const run = runCli(['--no-color', 'a.yaml', 'b.yaml', 'missing.yaml', 'a.yaml/inside.yaml', 'nothing/*.yaml'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n').filter(Boolean)).toEqual([
      'headless-lint: missing.yaml: no such file or directory',
      'headless-lint: a.yaml/inside.yaml: not a directory',
      'headless-lint: nothing/*.yaml: no manifest file matches this pattern',
    ]);
    expect(run.stdout).toContain('Service data/db is defined 2 times');
    expect(run.stdout + run.stderr).not.toMatch(STACK_FRAME);
  });

  it('prints valid JSON with every finding, even when paths are missing', () => {
    const run = runCli(['-f', 'json', '.', 'missing'], badTree());
    expect(run.code).toBe(2);
    const result = JSON.parse(run.stdout) as LintResult;
    expect(result.version).toBe(1);
    expect(result.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`)).toEqual([
      'b.yaml:4:9 duplicate-resource',
      'binary.yaml:1:6 yaml-syntax',
      'chart/templates/svc.yaml:4:9 unrendered-template',
      'scalar.yaml:6:1 yaml-syntax',
      'syntax.yaml:3:1 yaml-syntax',
    ]);
    expect(run.stderr).toBe('headless-lint: missing: no such file or directory\n');
  });

  it('finishes on a directory symlinked into itself', () => {
    const dir = tempTree({ 'sub/svc.yaml': SERVICE });
    symlinkSync(dir, path.join(dir, 'sub', 'up'), 'dir');
    const run = runCli(['--no-color', '.'], dir);
    expect(run).toEqual({ code: 0, stdout: expect.any(String), stderr: '' });
  });

  it('reads a template from standard input and reports it as <stdin>', () => {
    const run = runCli(['--no-color', '-'], tempTree({}), 'kind: Service\nmetadata:\n  name: {{ .Values.name }}\n');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/<stdin>\n\s+3:9\s+error\s+template action "\{\{ \.Values\.name \}\}"/);
  });
});

describe('the installed command (spawned)', () => {
  const bin = path.join(root, 'bin/headless-lint.js');
  beforeAll(() => {
    // npm ci builds dist/; build here only when a checkout skipped that.
    if (!existsSync(path.join(root, 'dist/src/cli/main.js'))) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'ignore' });
  }, 120_000);

  it('exits 2 naming the missing path, prints the other findings, no stack trace', () => {
    const dir = badTree();
    const run = spawnSync(process.execPath, [bin, '--no-color', '.', 'missing.yaml'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('headless-lint: missing.yaml: no such file or directory\n');
    expect(run.stdout).toContain('Service data/db is defined 2 times');
    expect(run.stdout).toContain('unrendered Helm or Go template');
    expect(run.stdout + run.stderr).not.toMatch(STACK_FRAME);
  });

  it('survives hostile nesting without a crash', () => {
    const dir = tempTree({ 'deep.yaml': `kind: List\nitems: ${'['.repeat(100_000)}`, 'deeper.yaml': `kind: List\nitems: ${'{a: ['.repeat(50_000)}`, 'ok.yaml': SERVICE });
    const run = spawnSync(process.execPath, [bin, '--no-color', '-f', 'json', '.'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(1);
    const result = JSON.parse(run.stdout) as LintResult;
    expect(result.findings.map((f) => `${f.file} ${f.ruleId}`)).toEqual(['deep.yaml yaml-syntax', 'deeper.yaml yaml-syntax']);
    expect(run.stderr).toBe('');
  });
});
