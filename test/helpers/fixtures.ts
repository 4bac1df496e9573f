/**
 * Rule fixtures a reviewer can read: `test/rules/<rule-id>/{valid,invalid}/` hold one case per
 * YAML file (or per folder, when a case needs several files), headed by a comment that says what
 * it shows. The expected findings are marked in the fixture itself:
 *
 *     metadata:
 *       name: db
 *     #       ^ netpol-blocks-dns/blocked
 *
 * A marker line is a YAML comment whose `^` sits under the reported column of the line above
 * (the nearest line that is not a marker). After the rule id comes `/messageId`, then optionally
 * the severity when it is not the rule's default, and a label `(a)` to tie related markers to it.
 * `# <- rule/messageId` at the end of a line marks that line at its first non-blank character,
 * for findings at column 1. `#   ^ related (a)` marks a related location of the finding labelled
 * (a) (without a label: of every finding). Marker lines and trailing markers are removed before
 * linting, so they never change what is linted; positions are those of the fixture as written.
 *
 * Header directives (comment lines before the first document):
 *   # include: istiod, coredns    shared pieces from test/rules/_shared/<name>.yaml, linted as
 *                                 files of their own (_shared/<name>.yaml); never marked
 *   # settings: {clusterDomain: {value: corp.example, origin: --cluster-domain}}
 *   # expect: file.json:3:5 rule/messageId [severity]   a spot no marker can show (JSON, column 1
 *                                 of an empty line)
 *   # clusters: east, west        a multi-cluster case (--cluster): the case folder's subfolders
 *                                 east/ and west/ are the clusters, in this order; files beside
 *                                 them are read by every cluster
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { INTERNAL_ERROR } from '../../src/engine/run.js';
import type { Finding, Rule, Severity } from '../../src/engine/types.js';
import { lintSourceClusters, lintSources } from '../../src/lint.js';
import type { ClusterSettings } from '../../src/model/settings.js';

export const RULE_FIXTURES = path.resolve(__dirname, '../rules');
export const SHARED = path.join(RULE_FIXTURES, '_shared');

const MARKER_LINE = /^(\s*#\s*)\^+\s*(.*)$/;
const TRAILING_MARKER = /\s+#\s*<-\s*(.*)$/;
const SEVERITIES = new Set(['error', 'warning', 'info']);

export interface Expected {
  file: string;
  line: number;
  column: number;
  ruleId: string;
  messageId?: string;
  severity?: Severity;
  label?: string;
}

export interface ExpectedRelated {
  file: string;
  line: number;
  column: number;
  label?: string;
}

export interface FixtureCase {
  /** path relative to the rule folder: invalid/egress-without-dns.yaml */
  name: string;
  description: string;
  /** what is linted: marker-free texts by file name (case files, then shared pieces) */
  sources: { path: string; text: string }[];
  /** case files, as written (for messages) */
  caseFiles: string[];
  settings?: Partial<ClusterSettings>;
  /** a multi-cluster case: the clusters, each the subfolder of that name */
  clusters?: string[];
  findings: Expected[];
  related: ExpectedRelated[];
  /** per case file: line in the linted text -> line in the fixture as written */
  lineMaps: Map<string, number[]>;
}

function parseSpec(spec: string, where: string): Omit<Expected, 'file' | 'line' | 'column'> | { related: true; label?: string } {
  const words = spec.trim().split(/\s+/).filter(Boolean);
  const label = words.find((w) => /^\(\w+\)$/.test(w))?.slice(1, -1);
  const rest = words.filter((w) => !/^\(\w+\)$/.test(w));
  if (rest[0] === 'related') {
    if (rest.length > 1) throw new Error(`${where}: a related marker takes only a label, not "${rest.slice(1).join(' ')}"`);
    return { related: true, label };
  }
  const [id, severity, ...extra] = rest;
  if (!id) throw new Error(`${where}: a marker needs a rule id (rule/messageId)`);
  if (extra.length > 0) throw new Error(`${where}: unexpected "${extra.join(' ')}" in the marker`);
  if (severity !== undefined && !SEVERITIES.has(severity)) throw new Error(`${where}: "${severity}" is not a severity (error, warning, info)`);
  const [ruleId, messageId] = id.split('/') as [string, string | undefined];
  return { ruleId, messageId: messageId || undefined, severity: severity as Severity | undefined, label };
}

/** Reads one case file: strips its markers and records what they expect. */
function readCaseFile(file: string, text: string, into: Pick<FixtureCase, 'findings' | 'related' | 'lineMaps'>): string {
  const lines = text.split('\n');
  const kept: string[] = [];
  const map: number[] = [];
  let lastContent = 0;
  lines.forEach((raw, i) => {
    const lineNo = i + 1;
    const where = `${file}:${lineNo}`;
    const marker = MARKER_LINE.exec(raw);
    if (marker) {
      if (lastContent === 0) throw new Error(`${where}: a marker needs a line above it to point at`);
      const column = raw.indexOf('^') + 1;
      const spec = parseSpec(marker[2] ?? '', where);
      if ('related' in spec) into.related.push({ file, line: lastContent, column, label: spec.label });
      else into.findings.push({ file, line: lastContent, column, ...spec });
      return;
    }
    const trailing = TRAILING_MARKER.exec(raw);
    let line = raw;
    if (trailing) {
      line = raw.slice(0, trailing.index);
      const column = line.search(/\S/) + 1;
      const spec = parseSpec(trailing[1] ?? '', where);
      if ('related' in spec) into.related.push({ file, line: lineNo, column, label: spec.label });
      else into.findings.push({ file, line: lineNo, column, ...spec });
    }
    kept.push(line);
    map.push(lineNo);
    lastContent = lineNo;
  });
  into.lineMaps.set(file, map);
  return kept.join('\n');
}

/** The header: leading comment lines, their description and directives. */
function readHeader(text: string, where: string): { description: string; includes: string[]; settings?: Partial<ClusterSettings>; expects: Expected[]; clusters?: string[] } {
  const description: string[] = [];
  let clusters: string[] | undefined;
  const includes: string[] = [];
  const expects: Expected[] = [];
  let settings: Partial<ClusterSettings> | undefined;
  for (const line of text.split('\n')) {
    if (!line.startsWith('#')) break;
    if (MARKER_LINE.test(line)) break;
    const body = line.replace(/^#\s?/, '');
    const directive = /^(include|settings|expect|clusters):\s*(.*)$/.exec(body);
    if (!directive) {
      if (body.trim()) description.push(body.trim());
      continue;
    }
    const [, name, value = ''] = directive;
    if (name === 'include') includes.push(...value.split(',').map((s) => s.trim()).filter(Boolean));
    else if (name === 'settings') settings = parseYaml(value) as Partial<ClusterSettings>;
    else if (name === 'clusters') clusters = value.split(',').map((s) => s.trim()).filter(Boolean);
    else {
      const m = /^(\S+):(\d+):(\d+)\s+(.*)$/.exec(value.trim());
      if (!m) throw new Error(`${where}: expect needs FILE:LINE:COLUMN rule/messageId [severity]`);
      const spec = parseSpec(m[4] as string, where);
      if ('related' in spec) throw new Error(`${where}: expect takes findings, not related locations`);
      expects.push({ file: m[1] as string, line: Number(m[2]), column: Number(m[3]), ...spec });
    }
  }
  return { description: description.join(' '), includes, settings, expects, clusters };
}

/** The YAML and JSON files of a case folder, subfolders included (a Kustomize base, say), as relative paths. */
function filesIn(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesIn(path.join(dir, e.name), `${prefix}${e.name}/`) : /\.(ya?ml|json)$/.test(e.name) ? [`${prefix}${e.name}`] : []))
    .sort();
}

export function readCase(ruleDir: string, name: string): FixtureCase {
  const full = path.join(ruleDir, name);
  const files = statSync(full).isDirectory()
    ? filesIn(full).map((f) => ({ file: f, text: readFileSync(path.join(full, f), 'utf8') }))
    : [{ file: path.basename(name), text: readFileSync(full, 'utf8') }];
  if (files.length === 0) throw new Error(`${name}: a case folder needs at least one YAML or JSON file`);
  const c: FixtureCase = { name, description: '', sources: [], caseFiles: files.map((f) => f.file), findings: [], related: [], lineMaps: new Map() };
  const includes: string[] = [];
  for (const { file, text } of files) {
    if (file.endsWith('.json')) {
      c.sources.push({ path: file, text });
      continue;
    }
    const header = readHeader(text, `${name}/${file}`);
    if (header.description && !c.description) c.description = header.description;
    includes.push(...header.includes);
    if (header.settings) c.settings = { ...c.settings, ...header.settings };
    if (header.clusters) c.clusters = header.clusters;
    c.findings.push(...header.expects);
    c.sources.push({ path: file, text: readCaseFile(file, text, c) });
  }
  if (!c.description) throw new Error(`${name}: start the case with a comment saying what it shows`);
  for (const cluster of c.clusters ?? []) {
    if (!c.caseFiles.some((f) => f.startsWith(`${cluster}/`))) throw new Error(`${name}: cluster ${cluster} has no folder ${cluster}/ with YAML files`);
  }
  for (const include of new Set(includes)) {
    const shared = path.join(SHARED, `${include}.yaml`);
    if (!existsSync(shared)) throw new Error(`${name}: include "${include}" is not a file of test/rules/_shared`);
    const text = readFileSync(shared, 'utf8').split('\n').filter((l) => !MARKER_LINE.test(l)).join('\n');
    c.sources.push({ path: `_shared/${include}.yaml`, text });
  }
  return c;
}

/** Every case of a rule's fixture folder. */
export function readFixtures(ruleId: string): { valid: FixtureCase[]; invalid: FixtureCase[] } {
  const dir = path.join(RULE_FIXTURES, ruleId);
  const list = (kind: 'valid' | 'invalid') => {
    const sub = path.join(dir, kind);
    if (!existsSync(sub)) return [];
    return readdirSync(sub)
      .filter((f) => !f.startsWith('.') && (statSync(path.join(sub, f)).isDirectory() || /\.(ya?ml|json)$/.test(f)))
      .sort()
      .map((f) => readCase(dir, `${kind}/${f}`));
  };
  return { valid: list('valid'), invalid: list('invalid') };
}

/** Lints a case with the rule alone; findings' lines are mapped back to the fixture as written. */
export function runCase(rule: Rule, c: FixtureCase): { findings: Finding[]; all: Finding[] } {
  const clusters = c.clusters;
  const inCluster = (path: string, name: string) => path.startsWith(`${name}/`) || !clusters?.some((n) => path.startsWith(`${n}/`));
  const outcome = clusters
    ? lintSourceClusters(
        clusters.map((name) => ({ name, sources: c.sources.filter((s) => inCluster(s.path, name)) })),
        { rules: [rule], settings: c.settings },
      )
    : lintSources(c.sources, { rules: [rule], settings: c.settings });
  const toFixture = (file: string | null, line: number | null) => {
    const map = file ? c.lineMaps.get(file) : undefined;
    return map && line !== null ? (map[line - 1] ?? line) : line;
  };
  const all = outcome.result.findings.map((f) => ({
    ...f,
    line: toFixture(f.file, f.line) as number,
    related: f.related.map((r) => ({ ...r, line: toFixture(r.file, r.line) })),
  }));
  return { findings: all.filter((f) => f.ruleId === rule.meta.id), all };
}

const spot = (f: { file: string | null; line: number | null; column: number | null }) => `${f.file}:${f.line}:${f.column}`;

/** A finding as a marker would state it: the severity only where it differs from the rule's default. */
export function describeActual(f: Finding, rule: Rule): string {
  return `${spot(f)} ${f.ruleId}${f.messageId ? `/${f.messageId}` : ''}${f.severity === rule.meta.severity ? '' : ` ${f.severity}`}`;
}

export function describeExpected(e: Expected, rule: Rule): string {
  return `${spot(e)} ${e.ruleId}${e.messageId ? `/${e.messageId}` : ''}${!e.severity || e.severity === rule.meta.severity ? '' : ` ${e.severity}`}`;
}

/** Problems of the case itself, independent of what the rule found. */
export function caseProblems(rule: Rule, c: FixtureCase, kind: 'valid' | 'invalid'): string[] {
  const problems: string[] = [];
  if (kind === 'valid' && (c.findings.length > 0 || c.related.length > 0)) problems.push('a valid case has no markers');
  if (kind === 'invalid' && c.findings.length === 0) problems.push('an invalid case marks at least one finding');
  for (const e of c.findings) {
    if (e.ruleId !== rule.meta.id) problems.push(`${spot(e)}: the marker names ${e.ruleId}, but this folder tests ${rule.meta.id}`);
    if (!e.messageId) problems.push(`${spot(e)}: the marker needs a messageId (${rule.meta.id}/<id>)`);
    else if (!Object.hasOwn(rule.meta.messages, e.messageId)) problems.push(`${spot(e)}: ${rule.meta.id} has no message "${e.messageId}" (${Object.keys(rule.meta.messages).join(', ')})`);
  }
  const labels = new Set(c.findings.map((f) => f.label).filter(Boolean));
  for (const r of c.related) if (r.label && !labels.has(r.label)) problems.push(`${spot(r)}: no finding is labelled (${r.label})`);
  return problems;
}

/**
 * The related locations of the findings that point into the case's own files, against the related
 * markers. With labels, each is compared with the label of the finding it belongs to.
 */
export function relatedInCase(c: FixtureCase, findings: readonly Finding[], expected: readonly Expected[]): { actual: string[]; expected: string[] } {
  const own = new Set(c.caseFiles);
  const labelled = c.related.some((r) => r.label);
  const actual = new Set<string>();
  findings.forEach((f, i) => {
    const label = labelled && expected[i]?.label ? ` (${expected[i]?.label})` : '';
    for (const r of f.related) if (r.file && own.has(r.file) && r.line !== null) actual.add(`${spot(r)}${label}`);
  });
  const wanted = new Set(c.related.map((r) => `${spot(r)}${labelled && r.label ? ` (${r.label})` : ''}`));
  return { actual: [...actual].sort(), expected: [...wanted].sort() };
}

const byPosition = (a: Expected, b: Expected) => (a.file !== b.file ? (a.file < b.file ? -1 : 1) : a.line - b.line || a.column - b.column);

/**
 * Everything wrong with a case, run against its rule: problems of the markers, an internal error
 * (an unknown messageId throws in the engine), findings other than the marked ones, unfilled
 * placeholders, related locations other than the marked ones. Empty when the case holds.
 */
export function verifyCase(rule: Rule, c: FixtureCase, kind: 'valid' | 'invalid'): string[] {
  const problems = caseProblems(rule, c, kind);
  const { findings, all } = runCase(rule, c);
  for (const f of all) if (f.ruleId === INTERNAL_ERROR) problems.push(`internal error: ${f.message}`);
  const expected = kind === 'valid' ? [] : [...c.findings].sort(byPosition);
  const actual = findings.map((f) => describeActual(f, rule));
  const wanted = expected.map((e) => describeExpected(e, rule));
  if (actual.join('\n') !== wanted.join('\n')) problems.push(`findings:\n  found    ${actual.join('\n           ') || '(none)'}\n  marked   ${wanted.join('\n           ') || '(none)'}${kind === 'valid' ? `\n  messages ${findings.map((f) => f.message).join('\n           ')}` : ''}`);
  for (const f of findings) if (/\{\{\s*\w+\s*\}\}/.test(f.message)) problems.push(`${spot(f)}: unfilled placeholder in "${f.message}"`);
  if (kind === 'invalid') {
    const related = relatedInCase(c, findings, expected);
    if (related.actual.join(' ') !== related.expected.join(' ')) problems.push(`related:\n  found  ${related.actual.join(' ') || '(none)'}\n  marked ${related.expected.join(' ') || '(none)'}`);
  }
  return problems;
}
