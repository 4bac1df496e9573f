/** --stdin-filename names standard input in every format; Helm's # Source: names win per document. */
import { describe, expect, it } from 'vitest';
import type { LintResult } from '../../src/engine/types.js';
import { runCli, tempTree } from './cli-helpers.js';

// A headless Service whose selector matches no pod: one finding at the selector.
const MANIFEST = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: db\n  namespace: data\nspec:\n  clusterIP: None\n  selector:\n    app: nobody\n  ports:\n    - name: tcp-db\n      port: 5432\n';

describe('--stdin-filename', () => {
  const cwd = tempTree({});

  it('names standard input in json, stylish, sarif and github', () => {
    const json = runCli(['--stdin-filename', 'k8s/db.yaml', '-', '-f', 'json'], cwd, MANIFEST);
    expect((JSON.parse(json.stdout) as LintResult).findings.map((f) => [f.file, f.line])).toEqual([['k8s/db.yaml', 8]]);
    const stylish = runCli(['--stdin-filename', 'k8s/db.yaml', '-'], cwd, MANIFEST);
    expect(stylish.stdout).toMatch(/^k8s\/db\.yaml$/m);
    const sarif = runCli(['--stdin-filename', 'k8s/db.yaml', '-', '-f', 'sarif'], cwd, MANIFEST);
    expect(sarif.stdout).toContain('"uri": "k8s/db.yaml"');
    const github = runCli(['--stdin-filename', 'k8s/db.yaml', '-', '-f', 'github'], cwd, MANIFEST);
    expect(github.stdout).toContain('file=k8s/db.yaml,line=8,');
    for (const run of [json, stylish, sarif, github]) expect(run.stdout).not.toContain('stdin');
  });

  it('is a path like any other: relative to the working directory, usable with --report-only', () => {
    const run = runCli(['--stdin-filename', './k8s/../k8s/db.yaml', '-', '-f', 'json', '--report-only', 'k8s/db.yaml'], cwd, MANIFEST);
    expect((JSON.parse(run.stdout) as LintResult).findings.map((f) => f.file)).toEqual(['k8s/db.yaml']);
  });

  it('yields to Helm # Source: comments, and names the text before the first one', () => {
    const rendered = `${MANIFEST.replace('name: db', 'name: cache')}---\n# Source: app/templates/db.yaml\n${MANIFEST}`;
    const run = runCli(['--stdin-filename', 'rendered.yaml', '-', '-f', 'json'], cwd, rendered);
    expect((JSON.parse(run.stdout) as LintResult).findings.map((f) => [f.file, f.line])).toEqual([
      ['app/templates/db.yaml', 10],
      ['rendered.yaml', 8],
    ]);
  });

  it('without - among the paths, or empty, is a usage error', () => {
    const missing = runCli(['--stdin-filename', 'x.yaml', '.'], cwd, MANIFEST);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^headless-lint: --stdin-filename names standard input: add - to the paths/);
    expect(runCli(['--stdin-filename=', '-'], cwd, MANIFEST).code).toBe(2);
  });

  it('leaves <stdin> when nothing better is known', () => {
    const run = runCli(['-', '-f', 'json'], cwd, MANIFEST);
    expect((JSON.parse(run.stdout) as LintResult).findings.map((f) => f.file)).toEqual(['<stdin>']);
  });
});
