#!/usr/bin/env node
// Thin launcher: the CLI is built into dist/ (`npm run build`, run on `npm ci`): one bundled file,
// or the compiled modules when a build produced only those.
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/cli.mjs', import.meta.url);
const modules = new URL('../dist/src/cli/main.js', import.meta.url);
const entry = existsSync(bundle) ? bundle : modules;
if (!existsSync(entry)) {
  process.stderr.write('headless-lint: not built yet; run `npm run build` in the package folder\n');
  process.exit(2);
}
const { main } = await import(entry.href);
process.exitCode = main(process.argv.slice(2));
