/**
 * Runs rules over the model and turns their reports into located, sorted findings.
 * A rule whose required kinds are absent is skipped, as Istio skips an analyzer whose input
 * collection is missing. A rule that throws does not stop the others: its failure becomes an
 * `internal-error` finding.
 */
import type { FactStore } from '../facts/store.js';
import type { ParseProblem } from '../load/parser.js';
import type { Model } from '../model/model.js';
import { concreteFix } from '../fix/propose.js';
import type { FixProposal } from '../fix/edits.js';
import { fingerprintOf } from './fingerprint.js';
import { fillTemplate, placeholdersOf } from './rule.js';
import type { Finding, ProposedFix, RelatedLocation, RelatedTarget, Report, Requirement, Rule, Severity, SeveritySetting, Target } from './types.js';

export const INTERNAL_ERROR = 'internal-error';

const RANK: Record<Severity, number> = { error: 2, warning: 1, info: 0 };
const BY_RANK: Severity[] = ['info', 'warning', 'error'];

/**
 * A finding reported below its rule's default keeps that distance under a configured severity:
 * with `rules: {x: warning}`, x's uncertain (warning) variant becomes info.
 */
export function effectiveSeverity(configured: Severity, ruleDefault: Severity, reported: Severity | undefined): Severity {
  if (!reported) return configured;
  const shift = RANK[ruleDefault] - RANK[reported];
  return BY_RANK[Math.max(0, RANK[configured] - Math.max(0, shift))] as Severity;
}

export interface RunOptions {
  severities?: Record<string, SeveritySetting>;
  /** called with each rule's time, for --stats */
  onRuleTimed?: (ruleId: string, ms: number) => void;
}

/** Are the kinds a rule requires in the input? */
export function requirementsMet(model: Model, requires: readonly Requirement[]): boolean {
  return requires.every((r) => (typeof r === 'string' ? model.has(r) : r.some((kind) => model.has(kind))));
}

export function runRules(store: FactStore, rules: readonly Rule[], problems: readonly ParseProblem[], options: RunOptions = {}): Finding[] {
  const findings: Finding[] = [];
  for (const rule of rules) {
    const setting = options.severities?.[rule.meta.id] ?? rule.meta.severity;
    if (setting === 'off') continue;
    if (!requirementsMet(store.model, rule.meta.requires)) continue;
    const started = performance.now();
    let current: Report | undefined;
    try {
      const facts = store.contextFor(`rule ${rule.meta.id}`, rule.meta.uses);
      rule.check({
        model: store.model,
        use: facts.use,
        problems,
        report(report) {
          current = report;
          findings.push(toFinding(rule, setting, report));
        },
      });
    } catch (error) {
      findings.push(internalError(rule, current, error));
    }
    options.onRuleTimed?.(rule.meta.id, performance.now() - started);
  }
  return sortFindings(dropSuperseded(dedupe(findings), rules));
}

function dropSuperseded(findings: Finding[], rules: readonly Rule[]): Finding[] {
  const spot = (f: Finding, ruleId: string) => `${ruleId}\u0000${f.file}\u0000${f.line}\u0000${f.column}`;
  const superseded = new Set<string>();
  for (const rule of rules) {
    if (!rule.meta.supersedes?.length) continue;
    for (const f of findings) {
      if (f.ruleId === rule.meta.id) for (const other of rule.meta.supersedes) superseded.add(spot(f, other));
    }
  }
  return superseded.size === 0 ? findings : findings.filter((f) => !superseded.has(spot(f, f.ruleId)));
}

function locate(target: Target): { file: string; start: { line: number; column: number }; end: { line: number; column: number } } {
  if (target.located) {
    return { file: target.located.file ?? target.resource?.file ?? target.file ?? '', start: target.located.span.start, end: target.located.span.end };
  }
  if (target.resource) {
    const located = target.resource.locate(target.path ?? [], { key: target.key });
    return { file: located.file ?? target.resource.file, start: located.span.start, end: located.span.end };
  }
  return { file: target.file ?? '', start: { line: 1, column: 1 }, end: { line: 1, column: 1 } };
}

function toRelated(related: RelatedTarget): RelatedLocation {
  if (!related.resource && !related.located) {
    return { file: related.file ?? null, line: null, column: null, message: related.origin ? `${related.message} (${related.origin})` : related.message };
  }
  const where = locate(related);
  return { file: where.file, line: where.start.line, column: where.start.column, message: related.message };
}

/** For rendered input: the places besides the source file that shaped the reported field (a Kustomize patch). */
function renderedRelated(target: Target): RelatedLocation[] {
  const located = target.located ?? target.resource?.locate(target.path ?? [], { key: target.key });
  return (located?.related ?? []).map((r) => ({ file: r.file, line: r.span.start.line, column: r.span.start.column, message: r.message }));
}

/** The report's message from the catalogue; an unknown id is a bug of the rule. */
export function messageOf(rule: Rule, report: Report): string {
  const template = Object.hasOwn(rule.meta.messages, report.messageId) ? rule.meta.messages[report.messageId] : undefined;
  if (template === undefined) throw new Error(`reported unknown messageId "${report.messageId}" (meta.messages has ${Object.keys(rule.meta.messages).join(', ')})`);
  return fillTemplate(template, report.data);
}

function fixOf(rule: Rule, report: Report): string | null {
  if (report.fixId === undefined) return null;
  const template = rule.meta.fixes && Object.hasOwn(rule.meta.fixes, report.fixId) ? rule.meta.fixes[report.fixId] : undefined;
  if (template === undefined) throw new Error(`reported unknown fixId "${report.fixId}"`);
  return fillTemplate(template, report.data);
}

/** The data that identifies a finding: the message's own placeholders, less the volatile ones. */
function identifyingData(rule: Rule, report: Report): Record<string, string | number> {
  const volatile = new Set(rule.meta.volatileData ?? []);
  const out: Record<string, string | number> = {};
  for (const name of placeholdersOf(rule.meta.messages[report.messageId] ?? '')) {
    const value = report.data?.[name];
    if (!volatile.has(name) && value !== undefined) out[name] = value;
  }
  return out;
}

/** A report's repairs, described by their fix texts; only the kinds the rule's meta declares. */
function checkRepairsDeclared(rule: Rule, report: Report): void {
  if (report.fix && !rule.meta.fixable?.fix) throw new Error('reported a fix, but meta.fixable.fix does not say why its fixes are safe');
  if (report.suggestions?.length && !rule.meta.fixable?.suggestions) throw new Error('reported suggestions, but meta.fixable.suggestions does not say why they need a choice');
}

/**
 * A repair is checked by applying it to its file's text, which costs a parse of the edited text.
 * Only --fix and the formats that show repairs (json, sarif, github) read them: they are made
 * concrete on first read, once.
 */
function withLazyRepairs(finding: Omit<Finding, 'autofix' | 'suggestions'>, rule: Rule, report: Report): Finding {
  const concrete = (proposal: FixProposal): ProposedFix | undefined => {
    const description = fixOf(rule, { ...report, fixId: proposal.fixId ?? report.fixId }) ?? rule.meta.fix;
    return concreteFix(proposal, report.resource, description);
  };
  const lazy = <K extends 'autofix' | 'suggestions'>(key: K, compute: () => Finding[K]) => {
    Object.defineProperty(finding, key, {
      enumerable: true,
      configurable: true,
      get() {
        const value = compute();
        Object.defineProperty(finding, key, { value, enumerable: true, writable: true, configurable: true });
        return value;
      },
    });
  };
  lazy('autofix', () => (report.fix && concrete(report.fix)) ?? null);
  lazy('suggestions', () => (report.suggestions ?? []).map(concrete).filter((s): s is ProposedFix => s !== undefined));
  return finding as Finding;
}

function toFinding(rule: Rule, configured: Severity, report: Report): Finding {
  const message = messageOf(rule, report);
  const fix = fixOf(rule, report);
  checkRepairsDeclared(rule, report);
  const where = locate(report);
  const resource = report.resource ? { ...report.resource.ref } : null;
  const finding = {
    ruleId: rule.meta.id,
    messageId: report.messageId,
    severity: effectiveSeverity(configured, rule.meta.severity, report.severity),
    message,
    file: where.file,
    line: where.start.line,
    column: where.start.column,
    endLine: where.end.line,
    endColumn: where.end.column,
    resource,
    fix,
    related: [...(report.related ?? []).map(toRelated), ...renderedRelated(report)],
    fingerprint: fingerprintOf({ ruleId: rule.meta.id, messageId: report.messageId, file: where.file, resource, path: report.path, data: identifyingData(rule, report) }),
    movedFingerprint: resource ? fingerprintOf({ ruleId: rule.meta.id, messageId: report.messageId, file: '', resource, path: report.path, data: identifyingData(rule, report) }) : null,
  };
  return withLazyRepairs(finding, rule, report);
}

function internalError(rule: Rule, last: Report | undefined, error: unknown): Finding {
  const reason = error instanceof Error ? error.message : String(error);
  const where = last ? locate(last) : undefined;
  const resource = last?.resource ? { ...last.resource.ref } : null;
  const file = where?.file ?? '';
  return {
    ruleId: INTERNAL_ERROR,
    messageId: 'ruleFailed',
    severity: 'error',
    message: `rule ${rule.meta.id} failed${last?.resource ? ` after reporting on ${last.resource.display}` : ''}: ${reason}. Please report this with the manifests that trigger it.`,
    file,
    line: where?.start.line ?? 1,
    column: where?.start.column ?? 1,
    endLine: where?.end.line ?? 1,
    endColumn: where?.end.column ?? 1,
    resource,
    fix: null,
    related: [],
    autofix: null,
    suggestions: [],
    movedFingerprint: null,
    fingerprint: fingerprintOf({ ruleId: INTERNAL_ERROR, messageId: 'ruleFailed', file, resource, data: { rule: rule.meta.id } }),
  };
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const k = `${f.ruleId}\u0000${f.file}\u0000${f.line}\u0000${f.column}\u0000${f.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function compareFindings(a: Finding, b: Finding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if (a.line !== b.line) return a.line - b.line;
  if (a.column !== b.column) return a.column - b.column;
  if (a.ruleId !== b.ruleId) return a.ruleId < b.ruleId ? -1 : 1;
  return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
}

export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(compareFindings);
}
