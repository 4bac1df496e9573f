/**
 * Drives the real `pre-commit` tool: installs this package as a hook from a scratch git
 * repository (through .pre-commit-hooks.yaml, as users get it), then commits manifests in
 * another scratch repository. A broken commit is refused with the finding shown; the fixed
 * one goes through. Needs `pre-commit` (Debian package) and the npm registry or cache.
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/built.js';

const hasPreCommit = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' }).status === 0;
if (!hasPreCommit) {
  if (process.env.CI) throw new Error('pre-commit is not installed, but CI must run the pre-commit end-to-end test (.ci/run installs it)');
  console.warn('skipping the pre-commit end-to-end test: `pre-commit` is not installed (apt-get install pre-commit)');
}

const env = {
  ...process.env,
  GIT_AUTHOR_NAME: 'test',
  GIT_AUTHOR_EMAIL: 'test@example.invalid',
  GIT_COMMITTER_NAME: 'test',
  GIT_COMMITTER_EMAIL: 'test@example.invalid',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
};
const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, env, encoding: 'utf8' });

/** What pre-commit clones: the package's sources as a git repository, the working tree as it is now. */
function hookRepository(dir: string): string {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { files: string[] };
  const sources = ['.npmrc', 'package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'scripts/build.mjs', 'src', 'rules', ...pkg.files.filter((f) => f !== 'dist')];
  for (const entry of new Set(sources)) cpSync(path.join(ROOT, entry), path.join(dir, entry), { recursive: true });
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'headless-lint under test');
  return git(dir, 'rev-parse', 'HEAD').trim();
}

describe.skipIf(!hasPreCommit)('pre-commit hook (end to end)', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'headless-lint-pre-commit-'));
  const hook = path.join(work, 'hook');
  const project = path.join(work, 'project');
  const preCommitEnv = { ...env, PRE_COMMIT_HOME: path.join(work, 'cache') };
  const example = path.join(ROOT, 'examples/istiod-domain-mismatch');
  // Asynchronous, so that the test worker stays responsive while the hook runs.
  const commit = async (message: string) => {
    try {
      const { stdout, stderr } = await promisify(execFile)('git', ['commit', '-m', message], { cwd: project, env: preCommitEnv, encoding: 'utf8' });
      return { status: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code?: number; stdout?: string; stderr?: string };
      return { status: e.code ?? 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
    }
  };

  beforeAll(async () => {
    const rev = hookRepository(hook);
    cpSync(path.join(example, 'kubeadm-config.yaml'), path.join(project, 'kubeadm-config.yaml'));
    writeFileSync(path.join(project, '.pre-commit-config.yaml'), `repos:\n  - repo: ${hook}\n    rev: ${rev}\n    hooks:\n      - id: headless-lint\n`);
    git(project, 'init', '-q');
    git(project, 'add', '-A');
    git(project, 'commit', '-q', '--no-verify', '-m', 'cluster settings');
    await promisify(execFile)('pre-commit', ['install', '--install-hooks'], { cwd: project, env: preCommitEnv });
  }, 600_000);

  it('refuses a commit whose manifest breaks the mesh, showing the finding at its line and column', async () => {
    cpSync(path.join(example, 'istiod.yaml'), path.join(project, 'istiod.yaml'));
    git(project, 'add', 'istiod.yaml');
    const refused = await commit('add istiod');
    const output = refused.stdout + refused.stderr;
    expect(refused.status, output).not.toBe(0);
    expect(output).toMatch(/headless-lint\.+Failed/);
    // the cluster domain comes from kubeadm-config.yaml, which is analysed though not in the commit
    expect(output).toMatch(/istiod\.yaml\s+26:15\s+error\s+.*serves domain "cluster\.local" but the cluster domain is "corp\.internal"/);
    expect(git(project, 'log', '--oneline').trim().split('\n')).toHaveLength(1);
  });

  it('lets the fixed manifest through', async () => {
    const file = path.join(project, 'istiod.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('- cluster.local', '- corp.internal'));
    git(project, 'add', 'istiod.yaml');
    const accepted = await commit('add istiod, fixed');
    expect(accepted.status, accepted.stdout + accepted.stderr).toBe(0);
    expect(accepted.stdout + accepted.stderr).toMatch(/headless-lint\.+Passed/);
  });

  it('blames the change that broke it: a commit touching only a related location (the cluster domain) is refused', async () => {
    const file = path.join(project, 'kubeadm-config.yaml');
    const before = readFileSync(file, 'utf8');
    writeFileSync(file, before.replace('dnsDomain: corp.internal', 'dnsDomain: other.internal'));
    git(project, 'add', 'kubeadm-config.yaml');
    const refused = await commit('move the cluster domain');
    const output = refused.stdout + refused.stderr;
    expect(refused.status, output).not.toBe(0);
    // the finding sits on istiod.yaml, which the commit does not touch; its related location is the changed file
    expect(output).toMatch(/istiod\.yaml\s+26:15\s+error\s+.*"other\.internal"/);
    writeFileSync(file, before);
    git(project, 'add', 'kubeadm-config.yaml');
  });

  // A user's own args without the closing `--` must not turn the committed files into the only input:
  // istiod.yaml alone cannot show the cluster domain, which kubeadm-config.yaml holds.
  for (const args of [['--format', 'stylish'], ['--format', 'stylish', '--']]) {
    it(`works with user args ${JSON.stringify(args)}: the whole tree is analysed, the commit's files reported`, async () => {
      const config = path.join(project, '.pre-commit-config.yaml');
      const original = readFileSync(config, 'utf8');
      writeFileSync(config, `${original}        args: ${JSON.stringify(args)}\n`);
      const file = path.join(project, 'istiod.yaml');
      const fixed = readFileSync(file, 'utf8');
      writeFileSync(file, fixed.replace('- corp.internal', '- cluster.local'));
      git(project, 'add', '.pre-commit-config.yaml', 'istiod.yaml');
      const refused = await commit('break istiod with custom args');
      const output = refused.stdout + refused.stderr;
      expect(refused.status, output).not.toBe(0);
      expect(output).toMatch(/istiod\.yaml\s+26:15\s+error\s+.*serves domain "cluster\.local" but the cluster domain is "corp\.internal"/);
      writeFileSync(file, fixed);
      writeFileSync(config, original);
      git(project, 'add', '.pre-commit-config.yaml', 'istiod.yaml');
    });
  }

  it('reports only on the committed files: an untouched broken file elsewhere does not block', async () => {
    cpSync(path.join(example, 'istiod.yaml'), path.join(project, 'legacy-istiod.yaml'));
    git(project, 'add', 'legacy-istiod.yaml');
    git(project, 'commit', '-q', '--no-verify', '-m', 'legacy, committed without the hook');
    writeFileSync(path.join(project, 'notes.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: notes\n');
    git(project, 'add', 'notes.yaml');
    const accepted = await commit('unrelated manifest');
    expect(accepted.status, accepted.stdout + accepted.stderr).toBe(0);
  });
});
