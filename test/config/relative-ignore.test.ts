/**
 * The configuration file's ignorePatterns and .headless-lintignore are relative to the folder of
 * the file that declares them (ESLint's flat config semantics): a run from any subfolder skips
 * what a run from the repository root skips.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempTree } from '../e2e/cli-helpers.js';

const BROKEN = (name: string) => `apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: ${name}\nspec:\n  serviceName: ${name}-missing\n  selector: { matchLabels: { app: ${name} } }\n  template:\n    metadata: { labels: { app: ${name} } }\n    spec: { containers: [{ name: c, image: x }] }\n`;

function repository(): string {
  return tempTree({
    '.headless-lint.yaml': 'ignorePatterns: [apps/legacy/, "**/generated/**"]\n',
    '.headless-lintignore': '# relative to the repository root\n/apps/vendored.yaml\n',
    'apps/api.yaml': BROKEN('api'),
    'apps/vendored.yaml': BROKEN('vendored'),
    'apps/legacy/old.yaml': BROKEN('old'),
    'apps/team/generated/out.yaml': BROKEN('generated'),
    'apps/team/svc.yaml': BROKEN('team'),
  });
}

/** The files with findings, as paths from the repository root, whatever folder the run started in. */
function filesSeen(root: string, cwd: string, args: string[]): string[] {
  const run = runCli(['-f', 'json', ...args], path.join(root, cwd));
  const { findings } = JSON.parse(run.stdout) as { findings: { file: string }[] };
  return [...new Set(findings.map((f) => path.relative(root, path.resolve(root, cwd, f.file))))].sort();
}

describe('ignore patterns are relative to the file that declares them', () => {
  it('a run from the root and from subfolders skip the same files', () => {
    const root = repository();
    const fromRoot = filesSeen(root, '.', ['apps']);
    expect(fromRoot).toEqual(['apps/api.yaml', 'apps/team/svc.yaml']);
    expect(filesSeen(root, 'apps', ['.'])).toEqual(fromRoot);
    expect(filesSeen(root, 'apps/team', ['..'])).toEqual(fromRoot);
    expect(filesSeen(root, 'apps/team', ['.'])).toEqual(['apps/team/svc.yaml']);
  });

  it('--ignore-pattern stays relative to the working directory', () => {
    const root = repository();
    expect(filesSeen(root, 'apps', ['--ignore-pattern', 'team/', '.'])).toEqual(['apps/api.yaml']);
  });
});
