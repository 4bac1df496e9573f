// npm run bench [-- --sizes 100,1000,4000 --runs 5]
// Times headless-lint against its floors in the same run, alternating runs so the machine's noise
// falls on every side evenly, and reports medians, ratios, documents per second, peak memory and
// growth, then the targets (issue 16) met or missed.
//   small run: one example folder, against `node -e 0` (process start)
//   per size:  reading the bytes only, js-yaml loadAll, the `yaml` parse, headless-lint cold, and
//              headless-lint warm (--cache, after one file changed) when the CLI has --cache
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
if (!existsSync(path.join(root, 'dist/src/bench/generate-mesh.js')) || !existsSync(path.join(root, 'dist/cli.mjs'))) {
  spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
}
const { generateMesh } = await import(path.join(root, 'dist/src/bench/generate-mesh.js'));

const { values } = parseArgs({
  options: { sizes: { type: 'string', default: '100,1000,4000' }, runs: { type: 'string', default: '5' }, out: { type: 'string', default: 'bench/results.json' } },
});
const sizes = values.sizes.split(',').map(Number);
const runs = Number(values.runs);
const rssHook = path.join(root, 'scripts/bench-rss.mjs');
const cli = path.join(root, 'bin/headless-lint.js');
const floors = path.join(root, 'scripts/bench-floors.mjs');
const help = spawnSync(process.execPath, [cli, '--help'], { encoding: 'utf8' }).stdout;
const hasCache = /--cache\b/.test(help);

function measure(args, cwd = root) {
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, ['--import', rssHook, ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rss = Number(/BENCH_MAXRSS_KB=(\d+)/.exec(child.stderr)?.[1] ?? NaN) / 1024;
  if (child.status !== 0 && child.status !== 1) throw new Error(`${args.join(' ')} exited ${child.status}: ${child.stderr}`);
  return { seconds, rss };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const round = (x, digits = 3) => +x.toFixed(digits);

/** Runs each named command `runs` times, interleaved, and returns the median seconds and RSS of each. */
function alternate(commands) {
  const samples = Object.fromEntries(Object.keys(commands).map((name) => [name, []]));
  for (let i = 0; i < runs; i++) {
    for (const [name, command] of Object.entries(commands)) {
      command.before?.();
      samples[name].push(measure(command.args));
    }
  }
  return Object.fromEntries(
    Object.entries(samples).map(([name, xs]) => [name, { seconds: round(median(xs.map((r) => r.seconds))), rssMB: round(median(xs.map((r) => r.rss)), 1) }]),
  );
}

function firstYamlFile(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.yaml')) return path.join(entry.parentPath, entry.name);
  }
  throw new Error(`no YAML file under ${dir}`);
}

const smallExample = path.join(root, 'examples/istiod-domain-mismatch');
const small = alternate({
  node: { args: ['-e', '0'] },
  lint: { args: [cli, '--format', 'json', smallExample] },
});
small.ratio = round(small.lint.seconds / small.node.seconds);
console.error('measured the small run');

const rows = [];
for (const size of sizes) {
  const dir = path.join(os.tmpdir(), `headless-lint-bench-${size}`);
  const cacheFile = path.join(os.tmpdir(), `headless-lint-bench-${size}.cache`);
  rmSync(dir, { recursive: true, force: true });
  rmSync(cacheFile, { force: true });
  const mesh = generateMesh(dir, size);
  const changed = firstYamlFile(dir);
  let edits = 0;
  const commands = {
    bytes: { args: [floors, 'bytes', dir] },
    jsYaml: { args: [floors, 'js-yaml', dir] },
    yaml: { args: [floors, 'yaml', dir] },
    cold: { args: [cli, '--format', 'json', dir] },
  };
  if (hasCache) {
    // Fill the cache once, then each warm run follows a change to one file (a comment appended).
    measure([cli, '--format', 'json', '--cache', '--cache-location', cacheFile, dir]);
    commands.warm = {
      args: [cli, '--format', 'json', '--cache', '--cache-location', cacheFile, dir],
      before: () => appendFileSync(changed, `# bench edit ${++edits}\n`),
    };
  }
  const m = alternate(commands);
  const row = {
    namespaces: size,
    files: mesh.files,
    documents: mesh.resources,
    megabytes: round(mesh.bytes / 1e6, 2),
    ...Object.fromEntries(Object.entries(m).map(([name, r]) => [`${name}Seconds`, r.seconds])),
    ...Object.fromEntries(Object.entries(m).map(([name, r]) => [`${name}RssMB`, r.rssMB])),
  };
  row.coldToJsYaml = round(m.cold.seconds / m.jsYaml.seconds);
  row.coldToYaml = round(m.cold.seconds / m.yaml.seconds);
  row.warmToCold = m.warm ? round(m.warm.seconds / m.cold.seconds) : null;
  row.rssToJsYaml = round(m.cold.rssMB / m.jsYaml.rssMB);
  row.documentsPerSecond = Math.round(mesh.resources / m.cold.seconds);
  row.jsYamlDocumentsPerSecond = Math.round(mesh.resources / m.jsYaml.seconds);
  rows.push(row);
  rmSync(dir, { recursive: true, force: true });
  rmSync(cacheFile, { force: true });
  console.error(`measured ${size} namespaces`);
}

const growth = (() => {
  const a = rows.find((r) => r.namespaces === 1000);
  const b = rows.find((r) => r.namespaces === 4000);
  return a && b ? round(b.coldSeconds / a.coldSeconds) : null;
})();

function printTable(header, body) {
  const table = [header, ...body.map((row) => row.map((c) => (c === null || c === undefined ? 'n/a' : String(c))))];
  const widths = header.map((_, i) => Math.max(...table.map((row) => row[i].length)));
  for (const row of table) console.log(row.map((c, i) => c.padStart(widths[i])).join('  '));
}

console.log(`small run (examples/istiod-domain-mismatch): node -e 0 ${small.node.seconds} s, headless-lint ${small.lint.seconds} s, ${small.ratio}x`);
printTable(
  ['namespaces', 'docs', 'MB', 'bytes s', 'js-yaml s', 'yaml s', 'cold s', 'warm s', 'cold/js-yaml', 'warm/cold', 'docs/s', 'js-yaml MB', 'cold MB', 'mem ratio'],
  rows.map((r) => [r.namespaces, r.documents, r.megabytes, r.bytesSeconds, r.jsYamlSeconds, r.yamlSeconds, r.coldSeconds, r.warmSeconds, r.coldToJsYaml, r.warmToCold, r.documentsPerSecond, r.jsYamlRssMB, r.coldRssMB, r.rssToJsYaml]),
);

const at1000 = rows.find((r) => r.namespaces === 1000);
const targets = [
  { target: 'small run <= 2.5x node -e 0', value: small.ratio, limit: 2.5 },
  { target: '1,000 namespaces cold <= 1.5x js-yaml', value: at1000?.coldToJsYaml, limit: 1.5 },
  { target: 'warm --cache run after one change <= 0.35x cold', value: at1000?.warmToCold, limit: 0.35 },
  { target: 'peak RSS <= 2.0x js-yaml', value: at1000?.rssToJsYaml, limit: 2.0 },
  { target: '4x the namespaces <= 4.4x the time', value: growth, limit: 4.4 },
];
console.log('targets:');
for (const t of targets) {
  const verdict = t.value === null || t.value === undefined ? 'not measured' : t.value <= t.limit ? 'met' : 'missed';
  console.log(`  ${verdict.padEnd(12)} ${t.target}: ${t.value ?? 'n/a'}`);
}

const result = {
  date: new Date().toISOString(),
  machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', memoryGB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
  runs,
  small,
  rows,
  growth1000to4000: growth,
  targets: targets.map((t) => ({ ...t, met: t.value === null || t.value === undefined ? null : t.value <= t.limit })),
};
const out = path.resolve(root, values.out);
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
console.log(`wrote ${path.relative(root, out)}`);
