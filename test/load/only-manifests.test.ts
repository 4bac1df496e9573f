/**
 * Only manifests are manifests: in directories, a file counts only when it holds a document with
 * apiVersion and kind; CI workflows, Ansible playbooks, values files and lockfiles are skipped
 * silently (and counted by --stats), big ones without being parsed. A file named on the command
 * line that holds no resource gets one warning.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/lint.js';
import { mayHoldResource } from '../../src/load/loader.js';
import { runCli, SERVICE, tempTree } from '../e2e/cli-helpers.js';

const PLAYBOOK = `- hosts: all
  become: true
  tasks:
    - name: deploy the chart
      kubernetes.core.k8s:
        state: present
        definition:
          apiVersion: v1
          kind: Namespace
          metadata: { name: data }
`;

const WORKFLOW = `name: ci
on: [push]
jobs:
  lint:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: npx headless-lint manifests/
`;

/** A lockfile the size of a real monorepo's: about 12 MB of JSON without any manifest. */
function writeLockfile(file: string): void {
  const packages: Record<string, unknown> = {};
  for (let i = 0; packages && i < 60_000; i++) {
    packages[`node_modules/package-number-${i}`] = { version: `1.${i % 97}.${i % 13}`, resolved: `https://registry.npmjs.org/package-number-${i}/-/package-number-${i}-1.0.0.tgz`, integrity: `sha512-${'x'.repeat(88)}`, license: 'MIT' };
  }
  writeFileSync(file, JSON.stringify({ name: 'app', lockfileVersion: 3, requires: true, packages }, null, 2));
}

describe('only manifests are manifests', () => {
  it('skips an Ansible playbook, a GitHub workflow, values, package.json and a 12 MB lockfile in a tree, and counts them in --stats', () => {
    const dir = tempTree({
      'deploy/playbook.yml': PLAYBOOK,
      '.github/workflows/ci.yaml': WORKFLOW,
      'chart-values/values.yaml': 'replicaCount: 3\nimage:\n  repository: kafka\n',
      'package.json': '{"name": "app", "version": "1.0.0"}\n',
      'manifests/db.yaml': SERVICE,
    });
    writeLockfile(path.join(dir, 'package-lock.json'));
    const { result, skipped, inputErrors } = lint({ paths: ['.'], cwd: dir });
    expect(inputErrors).toEqual([]);
    expect(result.findings.filter((f) => f.file !== 'manifests/db.yaml')).toEqual([]);
    expect(skipped?.sort()).toEqual(['.github/workflows/ci.yaml', 'chart-values/values.yaml', 'deploy/playbook.yml', 'package-lock.json', 'package.json']);
    expect(result.summary.files).toBe(1);
    const run = runCli(['--stats', '.'], dir);
    expect(run.stderr).toMatch(/, skipped \(not manifests\) 5$/m);
  });

  it('recognises a big non-manifest without parsing it', () => {
    const dir = tempTree({});
    writeLockfile(path.join(dir, 'package-lock.json'));
    const started = performance.now();
    const { skipped } = lint({ paths: ['.'], cwd: dir, onPhaseTimed: () => undefined });
    expect(skipped).toEqual(['package-lock.json']);
    // parsing 12 MB of JSON as YAML takes seconds; the look for apiVersion and kind takes milliseconds
    expect(performance.now() - started).toBeLessThan(1500);
    expect(mayHoldResource('{"packages": {"a": {"version": "1"}}}')).toBe(false);
    expect(mayHoldResource('{"apiVersion": "v1", "kind": "Service"}')).toBe(true);
    expect(mayHoldResource('# a manifest\napiVersion: v1\nkind: Service\n')).toBe(true);
    expect(mayHoldResource('steps:\n  - apiVersion: v1\n')).toBe(false);
  });

  it('still reports a broken manifest in a tree', () => {
    const dir = tempTree({ 'svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: db\n   bad: indent\n' });
    const { result } = lint({ paths: ['.'], cwd: dir });
    expect(result.findings.map((f) => f.ruleId)).toContain('yaml-syntax');
  });

  it('warns once about a file named on the command line that holds no resource', () => {
    const dir = tempTree({ 'ci.yaml': WORKFLOW, 'db.yaml': SERVICE });
    const run = runCli(['ci.yaml', 'db.yaml'], dir);
    expect(run.stderr.trim().split('\n')).toEqual(['headless-lint: warning: ci.yaml: holds no Kubernetes resource (no document with apiVersion and kind); nothing in it is linted']);
    expect(run.stdout).not.toContain('ci.yaml');
  });

  it('never walks node_modules or .git, nor folders the ignore patterns name', () => {
    const dir = tempTree({ 'node_modules/x/svc.yaml': SERVICE, '.git/svc.yaml': SERVICE, 'vendor/svc.yaml': SERVICE, 'app/svc.yaml': SERVICE.replace('name: db', 'name: app') });
    mkdirSync(path.join(dir, 'empty'), { recursive: true });
    const { analysis } = lint({ paths: ['.'], cwd: dir, ignorePatterns: ['vendor/'] });
    expect(analysis.model.resources.map((r) => r.file)).toEqual(['app/svc.yaml']);
  });
});
