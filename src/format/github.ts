/**
 * GitHub Actions workflow commands (`::error file=…,line=…::message`), errors first because
 * GitHub shows only the first annotations of each kind per step, and a Markdown table of every
 * finding for the job summary ($GITHUB_STEP_SUMMARY), which has no such cap.
 */
import type { Finding, LintResult, Severity } from '../engine/types.js';

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

/** The job summary: every finding, as a Markdown table. */
export function githubStepSummary(result: LintResult): string {
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
  return `${lines.join('\n')}\n`;
}
