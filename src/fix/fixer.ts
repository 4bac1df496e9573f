/**
 * --fix and --fix-dry-run: lint, apply the safe fixes that do not overlap, lint the edited
 * texts again, and repeat until a pass changes nothing (at most MAX_PASSES), as ESLint does: a
 * fix can uncover or cure other findings, and overlapping fixes wait for the next pass. The
 * edited texts are kept in memory and re-linted from there; only --fix writes them, once, at
 * the end. The outcome is the last lint: what remains.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Finding } from '../engine/types.js';
import { lint, lintSources, type LintOptions, type LintOutcome } from '../lint.js';
import { applyChanges, type TextChange } from './apply-edits.js';
import { unifiedDiff } from './diff.js';
import { parseAllDocuments } from 'yaml';
import { YAML_READING } from './yaml-edit.js';

export const MAX_PASSES = 10;

export interface FixOptions {
  /** write the fixed files (--fix); otherwise only report what would change (--fix-dry-run) */
  write: boolean;
  /** fix only findings of rules with these causes (--fix-type); absent: every cause */
  causes?: ReadonlySet<string>;
  /** the cause of each rule id */
  causeOf: (ruleId: string) => string | undefined;
}

export interface FixedFile {
  /** as shown to users */
  file: string;
  before: string;
  after: string;
}

export interface FixOutcome {
  /** the lint of the fixed texts: what remains */
  outcome: LintOutcome;
  files: FixedFile[];
  /** fixes applied over all passes */
  applied: number;
  passes: number;
  /** findings with a fix --fix may not apply, and why (rendered input, stdin) */
  notApplicable: { finding: Finding; reason: string }[];
}

interface Text {
  bom: boolean;
  original: string;
  current: string;
}

export function lintAndFix(options: LintOptions, fix: FixOptions): FixOutcome {
  const cwd = options.cwd ?? process.cwd();
  const texts = new Map<string, Text>();
  let stdin: string | undefined;
  const readStdin = () => (stdin ??= options.readStdin ? options.readStdin() : readFileSync(0, 'utf8'));
  const readFile = (abs: string): Buffer => {
    const t = texts.get(abs);
    return t ? Buffer.from((t.bom ? '\ufeff' : '') + t.current, 'utf8') : readFileSync(abs);
  };
  const wanted = (f: Finding) => f.autofix !== null && (!fix.causes || fix.causes.has(fix.causeOf(f.ruleId) ?? ''));

  const { outcome, applied, passes } = fixLoop(
    () => lint({ ...options, readStdin, readFile }),
    wanted,
    (file) => textOf(texts, path.resolve(cwd, file)),
  );
  const files = [...texts.entries()]
    .filter(([, t]) => t.current !== t.original)
    .map(([abs, t]) => ({ abs, file: displayOf(abs, cwd), before: t.original, after: t.current, bom: t.bom }))
    .sort((a, b) => (a.file < b.file ? -1 : 1));
  if (fix.write) for (const f of files) writeFileSync(f.abs, (f.bom ? '\ufeff' : '') + f.after, 'utf8');
  const notApplicable = outcome.result.findings
    .filter((f) => wanted(f) && f.autofix?.notApplicable)
    .map((finding) => ({ finding, reason: finding.autofix?.notApplicable as string }));
  return { outcome, files: files.map(({ file, before, after }) => ({ file, before, after })), applied, passes, notApplicable };
}

/** The loop over passes; `textOf` gives the current text of a file to change in place. */
function fixLoop(lintNow: () => LintOutcome, wanted: (f: Finding) => boolean, textOf: (file: string) => { current: string } | undefined): { outcome: LintOutcome; applied: number; passes: number } {
  let applied = 0;
  let passes = 0;
  let outcome = lintNow();
  while (passes < MAX_PASSES) {
    const byFile = new Map<string, TextChange[]>();
    for (const finding of outcome.result.findings) {
      const autofix = finding.autofix;
      if (!autofix || !wanted(finding) || autofix.notApplicable !== null || autofix.changes.length !== 1) continue;
      const change = autofix.changes[0]!;
      const list = byFile.get(change.file) ?? [];
      list.push(...change.replacements.map((r) => ({ offset: r.offset, length: r.length, text: r.text })));
      byFile.set(change.file, list);
    }
    let changed = 0;
    for (const [file, candidates] of byFile) {
      const text = textOf(file);
      if (!text) continue;
      let result = applyChanges(text.current, candidates);
      // Fixes checked one by one can still clash together (two adding the same key): then one per pass.
      if (!parsesCleanly(result.text)) result = applyChanges(text.current, [candidates[0]!]);
      if (!parsesCleanly(result.text) || result.text === text.current) continue;
      text.current = result.text;
      changed += result.applied.length;
    }
    passes++;
    if (changed === 0) break;
    applied += changed;
    outcome = lintNow();
  }
  return { outcome, applied, passes };
}

/** --fix over in-memory sources (tests, editors): the fixed texts by path and what remains. */
export function fixSources(sources: readonly { path: string; text: string }[], options: Omit<LintOptions, 'paths'> = {}, causes?: ReadonlySet<string>, causeOf?: (ruleId: string) => string | undefined): { texts: Map<string, string>; outcome: LintOutcome; applied: number; passes: number } {
  const texts = new Map(sources.map((s) => [s.path, { current: s.text }]));
  const wanted = (f: Finding) => f.autofix !== null && (!causes || causes.has(causeOf?.(f.ruleId) ?? ''));
  const run = fixLoop(() => lintSources([...texts].map(([p, t]) => ({ path: p, text: t.current })), options), wanted, (file) => texts.get(file));
  return { ...run, texts: new Map([...texts].map(([p, t]) => [p, t.current])) };
}

/** The unified diff of every changed file. */
export function diffOf(files: readonly FixedFile[]): string {
  return files.map((f) => unifiedDiff(f.file, f.before, f.after)).join('');
}

function textOf(texts: Map<string, Text>, abs: string): Text | undefined {
  const known = texts.get(abs);
  if (known) return known;
  let bytes: Buffer;
  try {
    bytes = readFileSync(abs);
  } catch {
    return undefined;
  }
  // UTF-16 files are left alone: writing them back as UTF-8 would change every byte.
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) return undefined;
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const original = bytes.subarray(bom ? 3 : 0).toString('utf8');
  const text = { bom, original, current: original };
  texts.set(abs, text);
  return text;
}

function parsesCleanly(text: string): boolean {
  try {
    return parseAllDocuments(text, YAML_READING).every((d) => d.errors.length === 0);
  } catch {
    return false;
  }
}

function displayOf(abs: string, cwd: string): string {
  const rel = path.relative(cwd, abs);
  return (rel.startsWith('..') || path.isAbsolute(rel) ? abs : rel).split(path.sep).join('/');
}
