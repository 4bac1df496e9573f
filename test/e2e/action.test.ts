/**
 * The composite GitHub Action: its inputs are all wired, and its script, run by bash with
 * `npx` standing in for the registry, lints, annotates, writes SARIF and passes the exit code on.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ensureBuilt, ROOT } from '../helpers/built.js';
import { scratch } from '../helpers/cli.js';
import { BROKEN } from '../helpers/output-fixtures.js';

interface Action {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: { id?: string; run?: string; env?: Record<string, string> }[] };
}

const action = parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as Action;
const step = action.runs.steps.find((s) => s.id === 'lint')!;

function runAction(cwd: string, inputs: Record<string, string>) {
  // a stand-in npx that records the package spec and runs this checkout's CLI
  const bin = scratch({});
  writeFileSync(path.join(bin, 'npx'), `#!/bin/sh\nshift\necho "$1" > "${bin}/spec"\nshift\nexec node "${ROOT}/bin/headless-lint.js" "$@"\n`);
  chmodSync(path.join(bin, 'npx'), 0o755);
  const env: Record<string, string> = { PATH: `${bin}:${process.env.PATH}`, GITHUB_OUTPUT: path.join(cwd, 'gh-output'), GITHUB_STEP_SUMMARY: path.join(cwd, 'gh-summary') };
  for (const [name, expr] of Object.entries(step.env ?? {})) {
    const input = /^\$\{\{ inputs\.([a-z-]+) \}\}$/.exec(expr)?.[1];
    env[name] = input ? (inputs[input] ?? action.inputs[input]?.default ?? '') : expr === '${{ github.action_path }}' ? ROOT : '';
  }
  const run = spawnSync('bash', ['-e', '-c', step.run!], { cwd, env, encoding: 'utf8' });
  return { ...run, spec: readFileSync(path.join(bin, 'spec'), 'utf8').trim(), output: readFileSync(env.GITHUB_OUTPUT!, 'utf8') };
}

describe('action.yml', () => {
  beforeAll(ensureBuilt, 300_000);

  it('is a composite action whose step uses every input', () => {
    expect(action.runs.using).toBe('composite');
    const used = Object.values(step.env ?? {}).join(' ');
    for (const input of Object.keys(action.inputs)) expect(used).toContain(`inputs.${input} `);
    for (const output of Object.values(action.outputs)) expect(output.value).toMatch(/steps\.lint\.outputs\./);
  });

  it('runs the pinned version, annotates, writes SARIF and the summary, and fails on findings', () => {
    const dir = scratch(BROKEN);
    const run = runAction(dir, { args: '--report-unused-disable-directives' });
    expect(run.status, run.stderr).toBe(1);
    expect(run.spec).toBe(`headless-lint@${(JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version}`);
    expect(run.stdout).toMatch(/^::error file=istiod\.yaml,line=15,col=15,/);
    expect(JSON.parse(readFileSync(path.join(dir, 'headless-lint.sarif'), 'utf8')).runs[0].results).toHaveLength(1);
    expect(readFileSync(path.join(dir, 'gh-summary'), 'utf8')).toContain('| error |');
    expect(run.output).toContain('exit-code=1');
  });

  it('passes inputs through: version, fail-on, paths, no SARIF', () => {
    const dir = scratch({ 'a/istiod.yaml': BROKEN['istiod.yaml'], 'a/kubelet.yaml': BROKEN['kubelet.yaml'], 'b/x.yaml': 'kind: Namespace\napiVersion: v1\nmetadata: {name: x}\n' });
    const clean = runAction(dir, { paths: 'b\n', version: '9.9.9', 'sarif-file': '' });
    expect(clean.status, clean.stderr).toBe(0);
    expect(clean.spec).toBe('headless-lint@9.9.9');
    expect(existsSync(path.join(dir, 'headless-lint.sarif'))).toBe(false);
    const warned = runAction(dir, { paths: 'a b', args: '--rule istiod-domain-mismatch=warning', 'fail-on': 'warning' });
    expect(warned.status).toBe(1);
    expect(warned.stdout).toMatch(/^::warning /);
  });
});
