/** This package's own files and metadata, found from this module in src/ or in dist/src/. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/** The folder holding headless-lint's package.json. */
export function packageRoot(): string {
  if (root) return root;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'package.json');
    if (existsSync(candidate) && (JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string }).name === 'headless-lint') return (root = dir);
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find the headless-lint package.json');
    dir = parent;
  }
}

interface PackageJson {
  version: string;
  homepage?: string;
  repository?: string | { url?: string };
}

export function packageJson(): PackageJson {
  return JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as PackageJson;
}

/** The repository's web address (no `git+` prefix, no `.git` suffix), for rule documentation links. */
export function repositoryUrl(): string {
  const repo = packageJson().repository;
  const url = typeof repo === 'string' ? repo : (repo?.url ?? '');
  return url.replace(/^git\+/, '').replace(/\.git$/, '');
}

export function readSchema(name: string): unknown {
  return JSON.parse(readFileSync(path.join(packageRoot(), 'schemas', name), 'utf8'));
}
