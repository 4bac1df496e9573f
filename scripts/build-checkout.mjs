// Builds dist/ after `npm install` / `npm ci` in a checkout of this repository (which has the
// TypeScript sources, the compiler and the bundler), and does nothing in an installed package
// (which ships dist/). This is a postinstall step rather than `prepare` because `npm pack` prints
// the banner of a `prepare` script on stdout, and pre-commit reads the tarball name from that stdout.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const root = new URL('../', import.meta.url);
if (existsSync(new URL('tsconfig.build.json', root))) {
  for (const tool of ['typescript/bin/tsc', 'esbuild']) {
    try {
      createRequire(root).resolve(tool);
    } catch {
      console.error(`headless-lint: ${tool.split('/')[0]} is not installed; run \`npm install\` with dev dependencies, then \`npm run build\``);
      process.exit(1);
    }
  }
  execFileSync(process.execPath, [new URL('scripts/build.mjs', root).pathname], { cwd: root, stdio: 'inherit' });
}
