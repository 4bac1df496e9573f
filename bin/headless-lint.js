#!/usr/bin/env node
// Thin launcher: the CLI is built into dist/ (`npm run build`, run on `npm ci`): one bundled file,
// or the compiled modules when a build produced only those.
import { existsSync, readdirSync, statSync } from 'node:fs';

const bundle = new URL('../dist/cli.mjs', import.meta.url);
const modules = new URL('../dist/src/cli/main.js', import.meta.url);
const entry = existsSync(bundle) ? bundle : modules;
if (!existsSync(entry)) {
  process.stderr.write('headless-lint: not built yet; run `npm run build` in the package folder\n');
  process.exit(2);
}
warnIfStale(entry);
const { main } = await import(entry.href);
process.exitCode = main(process.argv.slice(2));

/**
 * In a checkout (the published package has no sources), a build older than an edited source runs
 * the old code without a word; say so. A few hundred stat calls: about 2 ms.
 */
function warnIfStale(built) {
  const root = new URL('../', import.meta.url);
  if (!existsSync(new URL('tsconfig.build.json', root))) return;
  const builtAt = statSync(built).mtimeMs;
  for (const folder of ['src', 'rules', 'knowledge']) {
    const dir = new URL(`${folder}/`, root);
    if (!existsSync(dir)) continue;
    for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (e.isFile() && statSync(`${e.parentPath ?? e.path}/${e.name}`).mtimeMs > builtAt) {
        process.stderr.write(`headless-lint: dist/ is older than ${folder}/${e.name}; run \`npm run build\` to run the current sources\n`);
        return;
      }
    }
  }
}
