/**
 * A baseline: the findings a repository accepted when it adopted the gate, so that only new
 * ones fail it (PHPStan's and detekt's baselines). An entry is the finding's fingerprint (rule,
 * messageId, file, resource, path and identifying data; src/engine/fingerprint.ts), never its
 * line, so edits above a finding do not bring it back. When a file is renamed, or a resource
 * moved to another file, an entry whose file is no longer linted still matches the same
 * finding of the same resource by its fingerprint without the file (`moved`), until the next
 * --write-baseline records the new name. The file is JSON, sorted, one entry per finding kind,
 * with the message for the reviewer (not used for matching).
 */
import type { Finding, LintResult } from '../engine/types.js';

export const BASELINE_VERSION = 1;
export const UNUSED_BASELINE_ENTRY = 'unused-baseline-entry';

export interface BaselineEntry {
  ruleId: string;
  messageId: string | null;
  file: string;
  /** "apiVersion/Kind/namespace/name", for the reviewer */
  resource: string | null;
  fingerprint: string;
  /** the fingerprint without the file: matches the same finding after a rename */
  moved: string | null;
  /** how many findings share the fingerprint */
  count: number;
  message: string;
}

export interface BaselineFile {
  version: typeof BASELINE_VERSION;
  entries: BaselineEntry[];
}

/** An entry as read, with the line of the baseline file it starts on. */
export interface ReadEntry extends BaselineEntry {
  line: number;
}

export class BaselineError extends Error {}

const ENGINE_ONLY = new Set(['internal-error', UNUSED_BASELINE_ENTRY]);

export function baselineOf(findings: readonly Finding[]): BaselineFile {
  const byKey = new Map<string, BaselineEntry>();
  for (const f of findings) {
    if (ENGINE_ONLY.has(f.ruleId)) continue;
    const known = byKey.get(f.fingerprint);
    if (known) {
      known.count++;
      continue;
    }
    const r = f.resource;
    byKey.set(f.fingerprint, {
      ruleId: f.ruleId,
      messageId: f.messageId,
      file: f.file,
      resource: r ? `${r.apiVersion}/${r.kind}/${r.namespace ?? ''}/${r.name}` : null,
      fingerprint: f.fingerprint,
      moved: f.movedFingerprint,
      count: 1,
      message: f.message,
    });
  }
  const entries = [...byKey.values()].sort(compareEntries);
  return { version: BASELINE_VERSION, entries };
}

function compareEntries(a: BaselineEntry, b: BaselineEntry): number {
  for (const k of ['file', 'resource', 'ruleId', 'messageId', 'fingerprint'] as const) {
    const x = a[k] ?? '';
    const y = b[k] ?? '';
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** The file's text: stable (sorted, fixed key order, one newline at the end), so a pull request shows only real changes. */
export function formatBaseline(baseline: BaselineFile): string {
  const ordered = baseline.entries.map((e) => ({ ruleId: e.ruleId, messageId: e.messageId, file: e.file, resource: e.resource, fingerprint: e.fingerprint, moved: e.moved, count: e.count, message: e.message }));
  return `${JSON.stringify({ version: baseline.version, entries: ordered }, null, 2)}\n`;
}

export function parseBaseline(text: string, file: string): ReadEntry[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new BaselineError(`${file}: not a baseline (${error instanceof Error ? error.message : String(error)}); write one with --write-baseline ${file}`);
  }
  const obj = value as { version?: unknown; entries?: unknown };
  if (!obj || typeof obj !== 'object' || obj.version !== BASELINE_VERSION || !Array.isArray(obj.entries)) {
    throw new BaselineError(`${file}: not a headless-lint baseline of version ${BASELINE_VERSION} ({"version": 1, "entries": [...]}); write one with --write-baseline ${file}`);
  }
  const starts = entryLines(text);
  return obj.entries.map((raw, i) => {
    const e = raw as Partial<BaselineEntry>;
    if (typeof e.ruleId !== 'string' || typeof e.fingerprint !== 'string' || typeof e.file !== 'string') {
      throw new BaselineError(`${file}:${starts[i] ?? 1}: entry ${i + 1} needs ruleId, file and fingerprint`);
    }
    return {
      ruleId: e.ruleId,
      messageId: typeof e.messageId === 'string' ? e.messageId : null,
      file: e.file,
      resource: typeof e.resource === 'string' ? e.resource : null,
      fingerprint: e.fingerprint,
      moved: typeof e.moved === 'string' ? e.moved : null,
      count: typeof e.count === 'number' && e.count >= 1 ? Math.floor(e.count) : 1,
      message: typeof e.message === 'string' ? e.message : '',
      line: starts[i] ?? 1,
    };
  });
}

/** The line each entry object starts on (entries are the objects one level inside "entries"). */
function entryLines(text: string): number[] {
  const lines: number[] = [];
  const at = text.indexOf('"entries"');
  if (at === -1) return lines;
  let depth = 0;
  let line = text.slice(0, at).split('\n').length;
  let inString = false;
  for (let i = text.indexOf('[', at) + 1; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') line++;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{') {
      if (depth === 0) lines.push(line);
      depth++;
    } else if (c === '}') depth--;
    else if (c === ']' && depth === 0) break;
  }
  return lines;
}

export interface BaselineMatch {
  kept: Finding[];
  /** findings the baseline accepts */
  baselined: Finding[];
  /** entries no finding matched (counts left over included) */
  unused: ReadEntry[];
}

/**
 * Findings less those the baseline holds. `linted` are the files of this run: an entry of a
 * file that is still linted matches only by its fingerprint, so a finding that moved into
 * another file of the input is new there; one of a file gone from the input may match by `moved`.
 */
export function applyBaseline(findings: readonly Finding[], entries: readonly ReadEntry[], linted: ReadonlySet<string>): BaselineMatch {
  const left = new Map<ReadEntry, number>(entries.map((e) => [e, e.count]));
  const byFingerprint = new Map<string, ReadEntry[]>();
  const byMoved = new Map<string, ReadEntry[]>();
  for (const e of entries) {
    push(byFingerprint, e.fingerprint, e);
    if (e.moved && !linted.has(e.file)) push(byMoved, e.moved, e);
  }
  const take = (list: ReadEntry[] | undefined): boolean => {
    const e = list?.find((x) => (left.get(x) ?? 0) > 0);
    if (!e) return false;
    left.set(e, (left.get(e) ?? 0) - 1);
    return true;
  };
  const kept: Finding[] = [];
  const baselined: Finding[] = [];
  const pending: Finding[] = [];
  for (const f of findings) (take(byFingerprint.get(f.fingerprint)) ? baselined : pending).push(f);
  for (const f of pending) (f.movedFingerprint && take(byMoved.get(f.movedFingerprint)) ? baselined : kept).push(f);
  const unused = entries.filter((e) => (left.get(e) ?? 0) > 0);
  return { kept, baselined, unused };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** An entry no finding matched, as a finding in the baseline file (--report-unused-baseline). */
export function unusedEntryFinding(entry: ReadEntry, baselineFile: string): Finding {
  const times = entry.count > 1 ? ` (${entry.count} findings)` : '';
  return {
    ruleId: UNUSED_BASELINE_ENTRY,
    messageId: 'unused',
    severity: 'warning',
    message: `Baseline entry for ${entry.ruleId}${entry.messageId ? `/${entry.messageId}` : ''} in ${entry.file}${entry.resource ? ` (${entry.resource})` : ''}${times} matches no finding any more: the problem was fixed or its file is gone; --write-baseline ${baselineFile} drops it.`,
    file: baselineFile,
    line: entry.line,
    column: 1,
    endLine: entry.line,
    endColumn: 1,
    resource: null,
    fix: `Run --write-baseline ${baselineFile} to drop entries that match nothing.`,
    related: [],
    fingerprint: entry.fingerprint,
    movedFingerprint: null,
    autofix: null,
    suggestions: [],
  };
}

/** The result with the baseline applied: kept findings, summary counts of what remains. */
export function withBaseline(result: LintResult, match: BaselineMatch, unusedFindings: Finding[]): LintResult {
  const findings = [...match.kept, ...unusedFindings];
  return {
    ...result,
    findings,
    summary: {
      ...result.summary,
      errors: findings.filter((f) => f.severity === 'error').length,
      warnings: findings.filter((f) => f.severity === 'warning').length,
      infos: findings.filter((f) => f.severity === 'info').length,
    },
    baseline: { matched: match.baselined.length, unused: match.unused.length },
  };
}
