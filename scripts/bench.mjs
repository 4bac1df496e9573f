// npm run bench [-- --sizes 100,1000,4000 --runs 5]
// Times headless-lint against the parse-only floor on generated meshes, alternating runs,
// and reports medians, their ratio, resources per second, peak memory and growth.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
if (!existsSync(path.join(root, 'dist/src/bench/generate-mesh.js'))) {
  spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
}
const { generateMesh } = await import(path.join(root, 'dist/src/bench/generate-mesh.js'));

const { values } = parseArgs({
  options: { sizes: { type: 'string', default: '100,1000,4000' }, runs: { type: 'string', default: '5' }, out: { type: 'string', default: 'bench/results.json' } },
});
const sizes = values.sizes.split(',').map(Number);
const runs = Number(values.runs);
const rssHook = path.join(root, 'scripts/bench-rss.mjs');

function measure(args) {
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, ['--import', rssHook, ...args], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rss = Number(/BENCH_MAXRSS_KB=(\d+)/.exec(child.stderr)?.[1] ?? NaN) / 1024;
  if (child.status !== 0 && child.status !== 1) throw new Error(`${args.join(' ')} exited ${child.status}: ${child.stderr}`);
  return { seconds, rss };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const rows = [];
for (const size of sizes) {
  const dir = path.join(os.tmpdir(), `headless-lint-bench-${size}`);
  rmSync(dir, { recursive: true, force: true });
  const mesh = generateMesh(dir, size);
  const floor = [];
  const lint = [];
  // Alternating runs spread the machine's noise over both sides evenly.
  for (let i = 0; i < runs; i++) {
    floor.push(measure([path.join(root, 'scripts/bench-floor.mjs'), dir]));
    lint.push(measure([path.join(root, 'bin/headless-lint.js'), '--format', 'json', dir]));
  }
  const row = {
    namespaces: size,
    files: mesh.files,
    resources: mesh.resources,
    megabytes: +(mesh.bytes / 1e6).toFixed(2),
    floorSeconds: +median(floor.map((r) => r.seconds)).toFixed(3),
    lintSeconds: +median(lint.map((r) => r.seconds)).toFixed(3),
    floorRssMB: +median(floor.map((r) => r.rss)).toFixed(1),
    lintRssMB: +median(lint.map((r) => r.rss)).toFixed(1),
  };
  row.ratio = +(row.lintSeconds / row.floorSeconds).toFixed(3);
  row.rssRatio = +(row.lintRssMB / row.floorRssMB).toFixed(3);
  row.resourcesPerSecond = Math.round(row.resources / row.lintSeconds);
  rows.push(row);
  rmSync(dir, { recursive: true, force: true });
  console.error(`measured ${size} namespaces`);
}

const growth = (() => {
  const a = rows.find((r) => r.namespaces === 1000);
  const b = rows.find((r) => r.namespaces === 4000);
  return a && b ? +(b.lintSeconds / a.lintSeconds).toFixed(3) : null;
})();

const header = ['namespaces', 'files', 'resources', 'floor s', 'lint s', 'ratio', 'res/s', 'floor MB', 'lint MB', 'mem ratio'];
const table = [header, ...rows.map((r) => [r.namespaces, r.files, r.resources, r.floorSeconds, r.lintSeconds, r.ratio, r.resourcesPerSecond, r.floorRssMB, r.lintRssMB, r.rssRatio].map(String))];
const widths = header.map((_, i) => Math.max(...table.map((row) => row[i].length)));
for (const row of table) console.log(row.map((c, i) => c.padStart(widths[i])).join('  '));
if (growth !== null) console.log(`time growth 1,000 -> 4,000 namespaces: ${growth}x (target <= 4.4x)`);

const result = {
  date: new Date().toISOString(),
  machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', memoryGB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
  runs,
  rows,
  growth1000to4000: growth,
};
const out = path.resolve(root, values.out);
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
console.log(`wrote ${path.relative(root, out)}`);
