/** A run that lints no Kubernetes resource exits 2 with one line on stderr, unless --no-error-on-unmatched-pattern. */
import { describe, expect, it } from 'vitest';
import { runCli, SERVICE, tempTree } from './cli-helpers.js';

const WORKFLOW = 'name: ci\non:\n  push: {}\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps: []\n';

describe('nothing linted', () => {
  it('an empty folder exits 2, naming it', () => {
    const cwd = tempTree({ 'empty/.keep': '' });
    const run = runCli(['empty'], cwd);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toEqual([
      'headless-lint: no Kubernetes resource (a document with apiVersion and kind) in empty: nothing was linted (--no-error-on-unmatched-pattern lets such a run pass)',
    ]);
  });

  it('empty standard input exits 2, in every format, naming standard input', () => {
    const cwd = tempTree({});
    for (const format of ['stylish', 'json', 'sarif', 'github']) {
      const run = runCli(['-', '-f', format], cwd, '');
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^headless-lint: no Kubernetes resource .* in standard input: nothing was linted/);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(runCli(['--stdin-filename', 'rendered.yaml', '-'], cwd, '---\n# nothing rendered\n').stderr).toContain('in standard input (rendered.yaml):');
  });

  it('only non-manifest YAML (a CI workflow) exits 2; the default path is named as the working directory', () => {
    const cwd = tempTree({ '.github/workflows/ci.yml': WORKFLOW, 'values.yaml': 'replicas: 3\n' });
    const run = runCli([], cwd);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(' in the working directory: nothing was linted');
  });

  it('--no-error-on-unmatched-pattern lets such a run pass', () => {
    const cwd = tempTree({ 'empty/.keep': '' });
    const run = runCli(['empty', '--no-error-on-unmatched-pattern'], cwd);
    expect(run).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(runCli(['-', '--no-error-on-unmatched-pattern'], cwd, '').code).toBe(0);
  });

  it('a run that lints real resources and finds nothing still exits 0', () => {
    const cwd = tempTree({ 'svc.yaml': SERVICE });
    expect(runCli(['svc.yaml'], cwd)).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('a file that breaks keeps its own finding and exit 1', () => {
    const cwd = tempTree({ 'bad.yaml': 'a: [\n' });
    const run = runCli(['bad.yaml'], cwd);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
  });
});
