// The build: compile TypeScript to dist/, generate the schema validators as code (so a run never
// compiles a schema), convert knowledge/ data to JSON (read faster than YAML), and bundle the CLI into one file (so starting it resolves one module instead
// of about 300; that is most of a small run's start-up). `npm run build` and `npm ci` run it.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const require = createRequire(import.meta.url);

execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });

const { writeStandaloneValidators } = await import(new URL('../dist/src/schema/standalone.js', import.meta.url).href);
writeStandaloneValidators(`${root}dist`);
const { writeKnowledgeJson } = await import(new URL('../dist/src/knowledge/build-data.js', import.meta.url).href);
writeKnowledgeJson(`${root}dist`);

const { build } = require('esbuild');
await build({
  entryPoints: [`${root}dist/src/cli/main.js`],
  outfile: `${root}dist/cli.mjs`,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
  // The bundled CommonJS dependencies (yaml, ajv, js-yaml) call require for Node's built-ins.
  banner: { js: "import { createRequire as __headlessLintRequire } from 'node:module'; const require = __headlessLintRequire(import.meta.url);" },
});
