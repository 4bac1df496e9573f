// Runs the NetworkPolicy truth tables of ../shared/conformance/netpol/ through the evaluator and
// prints a table of agreements. Run after `npm run build` (npm run conformance does both).
// The folder can be given as an argument or NETPOL_CONFORMANCE_DIR; it is skipped when absent.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { lint } from '../dist/src/lint.js';
import { parseCidr } from '../dist/src/netpol/cidr.js';
import { facts } from '../dist/src/facts/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** ../shared from the repository root; in a git worktree, also from the main checkout's root. */
function conformanceDir() {
  const given = process.argv[2] ?? process.env.NETPOL_CONFORMANCE_DIR;
  if (given) return existsSync(given) ? path.resolve(given) : undefined;
  const candidates = [path.join(root, '../shared/conformance/netpol')];
  const gitFile = path.join(root, '.git');
  if (existsSync(gitFile) && statSync(gitFile).isFile()) {
    const m = /^gitdir:\s*(.+)$/m.exec(readFileSync(gitFile, 'utf8'));
    if (m) candidates.push(path.join(path.resolve(root, m[1].trim()), '../../..', '../shared/conformance/netpol'));
  }
  return candidates.find((c) => existsSync(c));
}

function endpoint(spec, evaluator) {
  if (spec.ipBlock) return { kind: 'cidr', range: parseCidr(spec.ipBlock), text: spec.ipBlock };
  const found = evaluator.find(String(spec.namespace), String(spec.pod));
  if (found.length !== 1) {
    const elsewhere = evaluator.groups.filter((g) => g.name === String(spec.pod)).map((g) => g.namespace);
    throw new Error(`no single pod group ${spec.namespace}/${spec.pod}${elsewhere.length ? ` (the manifests put ${spec.pod} in ${elsewhere.join(', ')})` : ''}`);
  }
  return { kind: 'pods', group: found[0] };
}

const show = (e) => (e.ipBlock ? e.ipBlock : `${e.namespace}/${e.pod}`);

const dir = conformanceDir();
if (!dir) {
  console.log('conformance: no ../shared/conformance/netpol next to the repository (or the folder given); skipped.');
  process.exit(0);
}
const cases = readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
const rows = [];
const disagreements = [];
let total = 0;
let agreed = 0;
for (const name of cases) {
  const caseDir = path.join(dir, name);
  const expected = parse(readFileSync(path.join(caseDir, 'expected.yaml'), 'utf8'));
  const { analysis, inputErrors } = lint({ paths: ['manifests'], cwd: caseDir, rules: [], useIgnoreFile: false });
  if (inputErrors.length > 0) throw new Error(`${name}: ${inputErrors.map((e) => e.message).join('; ')}`);
  const evaluator = analysis.use(facts.netpol);
  let ok = 0;
  for (const conn of expected.connections) {
    total++;
    let got;
    try {
      const verdict = evaluator.evaluate(endpoint(conn.from, evaluator), endpoint(conn.to, evaluator), conn.protocol, conn.port);
      got = verdict.allowed;
    } catch (error) {
      got = `error: ${error.message}`;
    }
    if (got === conn.allowed) {
      ok++;
      agreed++;
    } else {
      disagreements.push(`${name}: ${show(conn.from)} -> ${show(conn.to)} ${conn.protocol}${conn.port ? ` ${conn.port}` : ''}: expected ${conn.allowed}, got ${got}`);
    }
  }
  rows.push([name, String(expected.connections.length), String(ok), ok === expected.connections.length ? 'yes' : 'NO']);
}
const header = ['case', 'verdicts', 'agree', 'all'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const r of rows) console.log(line(r));
console.log(`\n${agreed}/${total} verdicts agree (${cases.length} cases from ${dir})`);
if (disagreements.length > 0) console.log(`\nDisagreements:\n${disagreements.map((d) => `  ${d}`).join('\n')}`);
