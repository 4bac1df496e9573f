/**
 * GitHub Actions workflow commands (`::error file=…,line=…::message`), errors first because
 * GitHub shows only the first annotations of each kind per step, and a Markdown table of every
 * finding for the job summary ($GITHUB_STEP_SUMMARY), which has no such cap.
 */
import type { Finding, LintResult, ProposedFix, Replacement, Severity } from '../engine/types.js';
import type { Analysis } from '../facts/store.js';

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };
const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Message data: `%`, CR and LF are encoded (the runner decodes them). */
export function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Property values: also `:` and `,`, which would otherwise end the value. */
export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function bySeverity(findings: readonly Finding[]): Finding[] {
  return findings.map((f, i) => [f, i] as const).sort((a, b) => RANK[a[0].severity] - RANK[b[0].severity] || a[1] - b[1]).map(([f]) => f);
}

export function formatGithub(result: LintResult): string {
  return bySeverity(result.findings)
    .map((f) => {
      const props = [
        ...(f.file ? [`file=${escapeProperty(f.file)}`, `line=${f.line}`, `col=${f.column}`, `endLine=${f.endLine}`, `endColumn=${f.endColumn}`] : []),
        `title=${escapeProperty(f.ruleId)}`,
      ];
      const message = f.fix ? `${f.message}\nFix: ${f.fix}` : f.message;
      return `::${COMMAND[f.severity]} ${props.join(',')}::${escapeData(message)}\n`;
    })
    .join('');
}

const cell = (value: string) => value.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');

/** A replacement as GitHub's suggested change: the whole lines it touches, as they would read. */
export function suggestedLines(text: string, r: Replacement): { startLine: number; endLine: number; lines: string } {
  const lineStart = (offset: number) => text.lastIndexOf('\n', offset - 1) + 1;
  const lineEnd = (offset: number) => {
    const nl = text.indexOf('\n', offset);
    return nl === -1 ? text.length : nl;
  };
  const strip = (s: string) => s.replace(/\r?\n$/, '').replace(/\r\n/g, '\n');
  if (r.length === 0 && r.column === 1 && r.line > 1) {
    // An insertion of whole lines: suggested on the line above, which it follows.
    const from = lineStart(r.offset - 1);
    return { startLine: r.line - 1, endLine: r.line - 1, lines: strip(text.slice(from, r.offset) + r.text) };
  }
  const from = lineStart(r.offset);
  const last = r.length > 0 ? r.offset + r.length - 1 : r.offset;
  const to = lineEnd(text[last] === '\n' ? last - 1 : last);
  const endLine = r.line + (text.slice(from, to).match(/\n/g)?.length ?? 0);
  return { startLine: r.line, endLine, lines: strip(text.slice(from, r.offset) + r.text + text.slice(r.offset + r.length, Math.max(to, r.offset + r.length))) };
}

/**
 * Suggested changes as Markdown blocks for pull-request review comments (GitHub applies a
 * `suggestion` block to the lines the comment is on): one per fix and suggestion of a file
 * --fix could edit.
 */
export function githubSuggestions(result: LintResult, textOf: (file: string) => string | undefined): string {
  const out: string[] = [];
  for (const f of result.findings) {
    const fixes = [f.autofix, ...f.suggestions].filter((x): x is ProposedFix => x !== null && x.notApplicable === null);
    for (const fix of fixes) {
      for (const change of fix.changes) {
        const text = textOf(change.file);
        if (text === undefined) continue;
        for (const r of change.replacements) {
          const s = suggestedLines(text, r);
          const where = s.startLine === s.endLine ? `line ${s.startLine}` : `lines ${s.startLine}-${s.endLine}`;
          const fence = s.lines.includes('```') ? '~~~~' : '```';
          out.push(`**\`${change.file}\`** ${where}, \`${f.ruleId}\`${fix === f.autofix ? ' (fix)' : ' (suggestion)'}: ${fix.description}`, '', `${fence}suggestion`, s.lines, fence, '');
        }
      }
    }
  }
  return out.length > 0 ? `### Suggested changes\n\n${out.join('\n')}\n` : '';
}

/** The text of each input file, by display path, from the analysed model. */
export function inputText(analysis: Analysis | undefined): (file: string) => string | undefined {
  const files = new Map<string, string>();
  for (const r of analysis?.model.resources ?? []) files.set(r.file, r.document.file.text);
  return (file) => files.get(file);
}

/** The job summary: every finding, as a Markdown table, then the suggested changes. */
export function githubStepSummary(result: LintResult, analysis?: Analysis): string {
  const { errors, warnings, infos } = result.summary;
  const suppressed = result.suppressed?.length ?? 0;
  const lines = ['## headless-lint', '', `${errors} errors, ${warnings} warnings, ${infos} infos${suppressed ? `, ${suppressed} suppressed` : ''}.`, ''];
  if (result.findings.length > 0) {
    lines.push('| severity | location | rule | message |', '|---|---|---|---|');
    for (const f of bySeverity(result.findings)) {
      lines.push(`| ${f.severity} | \`${cell(f.file || '<input>')}:${f.line}:${f.column}\` | \`${f.ruleId}\` | ${cell(f.message)} |`);
    }
    lines.push('');
  }
  const suggestions = githubSuggestions(result, inputText(analysis));
  return `${lines.join('\n')}\n${suggestions ? `\n${suggestions}` : ''}`;
}
