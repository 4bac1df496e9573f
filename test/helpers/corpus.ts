/**
 * The shared corpus of real manifests (../shared/corpus next to the repository, or next to the
 * worktrees folder), when present: tests over it skip cleanly where it is absent.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './built.js';

export function corpusDir(): string | undefined {
  const candidates = [process.env.HEADLESS_LINT_CORPUS, path.resolve(ROOT, '..', 'shared', 'corpus'), path.resolve(ROOT, '..', '..', 'shared', 'corpus')];
  return candidates.find((dir): dir is string => !!dir && existsSync(dir));
}

/** One folder per project of the corpus. */
export function corpusProjects(): string[] {
  const dir = corpusDir();
  if (!dir) return [];
  return readdirSync(dir)
    .map((name) => path.join(dir, name))
    .filter((p) => statSync(p).isDirectory())
    .sort();
}
