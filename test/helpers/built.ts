/**
 * Tests that run the package as users do (bin, package exports) need dist/ to match the
 * sources. It is rebuilt only when stale, so test files running in parallel do not race to
 * rewrite it after `npm ci` has built it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : statSync(full).mtimeMs);
  }
  return latest;
}

export function ensureBuilt(): void {
  // The bundle is the build's last step: when it is newer than every input, the rest is too.
  const marker = path.join(ROOT, 'dist/cli.mjs');
  const sources = Math.max(...['src', 'rules', 'schemas', 'knowledge'].map((dir) => newest(path.join(ROOT, dir))));
  if (existsSync(marker) && statSync(marker).mtimeMs >= sources) return;
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, stdio: 'pipe' });
}
