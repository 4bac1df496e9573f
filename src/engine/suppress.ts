/**
 * Suppressions, applied after the rules ran: a resource annotation, and YAML comments for the
 * next line or the whole file. Every suppression must give a reason after `--`, so that a
 * silenced finding stays explained in review; a directive without one is itself a finding.
 */
import { Parser } from 'yaml';
import type { SourceFile } from '../load/source.js';
import type { Resource, ResourceRef } from '../load/resource.js';
import { suggestion } from '../util/did-you-mean.js';
import { fingerprintOf } from './fingerprint.js';
import type { Finding, Severity, SuppressedFinding, SuppressionKind } from './types.js';

export const IGNORE_ANNOTATION = 'headless-lint.io/ignore';
export const INVALID_DIRECTIVE = 'invalid-disable-directive';
export const UNUSED_DIRECTIVE = 'unused-disable-directive';

/** Findings about the directives themselves; they describe the engine, not a mesh problem. */
export const DIRECTIVE_RULES: { id: string; severity: Severity; description: string }[] = [
  { id: INVALID_DIRECTIVE, severity: 'error', description: 'A suppression (annotation or comment) names no rule, an unknown rule, or gives no reason after "--"; it suppresses nothing.' },
  { id: UNUSED_DIRECTIVE, severity: 'warning', description: 'A suppression matched no finding (reported with --report-unused-disable-directives).' },
];

interface Directive {
  kind: SuppressionKind;
  rules: string[];
  reason: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** next-line: the line it covers */
  target?: number;
  /** annotation: the resource it covers */
  resource?: ResourceRef;
  used: Set<string>;
}

export interface SuppressOptions {
  knownRules: readonly string[];
  reportUnused?: boolean;
}

export interface SuppressResult {
  findings: Finding[];
  suppressed: SuppressedFinding[];
}

const DIRECTIVE = /^#\s*headless-lint-disable-(next-line|file)(?=\s|$)(.*)$/;

export function applySuppressions(findings: Finding[], files: readonly SourceFile[], resources: readonly Resource[], options: SuppressOptions): SuppressResult {
  const problems: Finding[] = [];
  const directives: Directive[] = [];
  const accept = (d: Omit<Directive, 'rules' | 'reason' | 'used'>, body: string) => {
    const parsed = parseBody(body, options.knownRules);
    if ('error' in parsed) problems.push(directiveFinding(INVALID_DIRECTIVE, 'error', d, `${describe(d.kind)} ${parsed.error}; it suppresses nothing.`));
    else directives.push({ ...d, ...parsed, used: new Set() });
  };
  for (const file of files) {
    for (const c of comments(file)) accept({ kind: c.kind, file: file.path, line: c.line, column: c.column, endLine: c.line, endColumn: c.endColumn, target: c.target }, c.body);
  }
  for (const resource of resources) {
    const value = resource.annotations[IGNORE_ANNOTATION];
    if (value === undefined) continue;
    const at = resource.locate(['metadata', 'annotations', IGNORE_ANNOTATION]).span;
    accept({ kind: 'annotation', file: resource.file, line: at.start.line, column: at.start.column, endLine: at.end.line, endColumn: at.end.column, resource: resource.ref }, value);
  }

  const kept: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const finding of findings) {
    const by = directives.find((d) => d.rules.includes(finding.ruleId) && covers(d, finding));
    if (!by) {
      kept.push(finding);
      continue;
    }
    by.used.add(finding.ruleId);
    suppressed.push({ ...finding, suppression: { kind: by.kind, reason: by.reason, file: by.file, line: by.line } });
  }
  if (options.reportUnused) {
    for (const d of directives) {
      const unused = d.rules.filter((r) => !d.used.has(r));
      if (unused.length === 0) continue;
      problems.push(directiveFinding(UNUSED_DIRECTIVE, 'warning', d, `${describe(d.kind)} for ${unused.join(', ')} suppresses no finding; remove ${unused.length === d.rules.length ? 'it' : 'those rule ids'} so it cannot hide a future problem.`));
    }
  }
  return { findings: [...kept, ...problems], suppressed };
}

function covers(d: Directive, f: Finding): boolean {
  if (d.file !== f.file) return false;
  if (d.kind === 'file') return true;
  if (d.kind === 'next-line') return f.line === d.target;
  return f.resource !== null && d.resource !== undefined && sameRef(f.resource, d.resource);
}

function sameRef(a: ResourceRef, b: ResourceRef): boolean {
  return a.kind === b.kind && a.name === b.name && a.namespace === b.namespace && a.apiVersion === b.apiVersion;
}

/** `rule-a, rule-b -- reason` */
export function parseBody(body: string, knownRules: readonly string[]): { rules: string[]; reason: string } | { error: string } {
  const sep = body.indexOf('--');
  const list = (sep === -1 ? body : body.slice(0, sep)).trim();
  const reason = sep === -1 ? '' : body.slice(sep + 2).trim();
  const rules = list.split(/[\s,]+/).filter(Boolean);
  if (rules.length === 0) return { error: 'names no rule (write "rule-id -- reason")' };
  for (const id of rules) {
    if (!knownRules.includes(id)) return { error: `names an unknown rule "${id}"${suggestion(id, [...knownRules])}` };
  }
  if (!reason) return { error: `gives no reason (write "${rules.join(',')} -- why this is safe")` };
  return { rules, reason };
}

interface DirectiveComment {
  kind: 'next-line' | 'file';
  body: string;
  line: number;
  column: number;
  endColumn: number;
  target?: number;
}

/**
 * Directive comments of a file, found with yaml's CST parser so that a `#` inside a quoted
 * value or a block scalar is never taken for a comment. A next-line directive covers the next
 * line that holds YAML, skipping blank and comment lines, so it can sit above a longer comment.
 */
function comments(file: SourceFile): DirectiveComment[] {
  if (!file.text.includes('headless-lint-disable-')) return [];
  const found: { offset: number; source: string }[] = [];
  const seen = new Set<object>();
  const visit = (token: unknown): void => {
    if (!token || typeof token !== 'object' || seen.has(token)) return;
    seen.add(token);
    const t = token as { type?: unknown; offset?: unknown; source?: unknown };
    if (t.type === 'comment' && typeof t.offset === 'number' && typeof t.source === 'string') found.push({ offset: t.offset, source: t.source });
    for (const value of Object.values(token)) visit(value);
  };
  for (const token of new Parser().parse(file.text)) visit(token);

  const lines = file.text.split(/\r?\n/);
  const out: DirectiveComment[] = [];
  for (const c of found) {
    const m = DIRECTIVE.exec(c.source);
    if (!m) continue;
    const at = file.position(c.offset);
    const entry: DirectiveComment = { kind: m[1] as 'next-line' | 'file', body: m[2] ?? '', line: at.line, column: at.column, endColumn: at.column + c.source.length };
    if (entry.kind === 'next-line') {
      let j = at.line;
      while (j < lines.length && /^\s*(#.*)?$/.test(lines[j] as string)) j++;
      entry.target = j + 1;
    }
    out.push(entry);
  }
  return out;
}

function describe(kind: SuppressionKind): string {
  return kind === 'annotation' ? `The ${IGNORE_ANNOTATION} annotation` : `The headless-lint-disable-${kind} comment`;
}

function directiveFinding(ruleId: string, severity: Severity, d: Omit<Directive, 'rules' | 'reason' | 'used'>, message: string): Finding {
  const resource = d.resource ? { ...d.resource } : null;
  // The directive's own kind and text identify it: the same directive stays the same alert.
  const messageId = ruleId === INVALID_DIRECTIVE ? 'invalid' : 'unused';
  return {
    ruleId,
    messageId,
    severity,
    message,
    file: d.file,
    line: d.line,
    column: d.column,
    endLine: d.endLine,
    endColumn: d.endColumn,
    resource,
    fix: null,
    related: [],
    autofix: null,
    suggestions: [],
    movedFingerprint: null,
    fingerprint: fingerprintOf({ ruleId, messageId, file: d.file, resource, data: { kind: d.kind, message } }),
  };
}
