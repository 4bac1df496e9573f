// Lints every project folder of ../shared/corpus (real manifests written by others) with the
// built API, one run per folder, and prints counts per rule and severity plus every error, so
// that each error can be reviewed as a true or false positive. Run `npm run build` first.
//
// A corpus folder collects alternatives from one project (argo-cd's HA and plain installs, a
// test suite's fixtures), not one cluster's objects, so duplicate-resource runs per file here:
// across a folder it would only report that alternatives share names.
// Usage: npm run corpus [-- <corpus dir>]
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Next to the repository by default; a path argument overrides it (a git worktree sits elsewhere).
const corpus = process.argv[2] ? path.resolve(process.argv[2]) : path.resolve(repoRoot, '..', 'shared', 'corpus');

if (!existsSync(corpus)) {
  console.log(`corpus: ${corpus} not found, nothing to lint`);
  process.exit(0);
}

const api = new URL('../dist/src/lint.js', import.meta.url);
if (!existsSync(fileURLToPath(api))) {
  console.log('corpus: dist/ is missing; run `npm run build` first');
  process.exit(0);
}
const { lint } = await import(api.href);

const projects = readdirSync(corpus)
  .filter((name) => statSync(path.join(corpus, name)).isDirectory())
  .sort();

const byRule = new Map();
const bySeverity = { error: 0, warning: 0, info: 0 };
const errors = [];
const inputErrors = [];

const { rules } = await import(new URL('../dist/rules/index.js', import.meta.url).href);
const duplicateRule = rules.filter((r) => r.meta.id === 'duplicate-resource');

function* manifestFiles(dir, prefix = '') {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) yield* manifestFiles(path.join(dir, entry.name), rel);
    else if (/\.(ya?ml|json)$/i.test(entry.name)) yield rel;
  }
}

function runs(dir) {
  const out = [lint({ paths: ['.'], cwd: dir, useIgnoreFile: false, severities: { 'duplicate-resource': 'off' } })];
  for (const file of manifestFiles(dir)) out.push(lint({ paths: [file], cwd: dir, useIgnoreFile: false, rules: duplicateRule }));
  return out;
}

for (const project of projects) {
  const dir = path.join(corpus, project);
  let outcomes;
  try {
    outcomes = runs(dir);
  } catch (error) {
    inputErrors.push(`${project}: the run failed: ${error instanceof Error ? error.message : String(error)}`);
    continue;
  }
  for (const outcome of outcomes) for (const e of outcome.inputErrors) inputErrors.push(`${project}/${e.path}: ${e.message}`);
  for (const f of outcomes.flatMap((o) => o.result.findings)) {
    const counts = byRule.get(f.ruleId) ?? { error: 0, warning: 0, info: 0 };
    counts[f.severity]++;
    byRule.set(f.ruleId, counts);
    bySeverity[f.severity]++;
    if (f.severity === 'error') errors.push(`${project}/${f.file}:${f.line}:${f.column} ${f.ruleId} ${f.message}`);
  }
}

console.log(`corpus: ${projects.length} projects in ${path.relative(process.cwd(), corpus) || corpus}`);
console.log('\nfindings per rule (error / warning / info):');
for (const [rule, c] of [...byRule.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
  console.log(`  ${rule.padEnd(36)} ${String(c.error).padStart(4)} ${String(c.warning).padStart(4)} ${String(c.info).padStart(4)}`);
}
console.log(`\ntotal: ${bySeverity.error} errors, ${bySeverity.warning} warnings, ${bySeverity.info} infos`);
if (errors.length > 0) {
  console.log('\nerrors:');
  for (const line of errors) console.log(`  ${line}`);
}
if (inputErrors.length > 0) {
  console.log('\nunreadable inputs:');
  for (const line of inputErrors) console.log(`  ${line}`);
}
