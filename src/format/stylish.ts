/** ESLint's default look: findings grouped by file, `line:col  severity  message  rule-id`, a summary. */
import type { Finding, LintResult, Severity } from '../engine/types.js';

export interface StylishOptions {
  color: boolean;
}

const CODES = { red: 31, yellow: 33, blue: 34, gray: 90, bold: 1, underline: 4 } as const;

export function formatStylish(result: LintResult, options: StylishOptions): string {
  const paint = (code: keyof typeof CODES, text: string) => (options.color ? `\u001b[${CODES[code]}m${text}\u001b[0m` : text);
  const severityColor: Record<Severity, keyof typeof CODES> = { error: 'red', warning: 'yellow', info: 'blue' };
  const byFile = new Map<string, Finding[]>();
  for (const f of result.findings) {
    const list = byFile.get(f.file);
    if (list) list.push(f);
    else byFile.set(f.file, [f]);
  }
  const lines: string[] = [];
  for (const [file, findings] of byFile) {
    lines.push('', paint('underline', file || '<input>'));
    const rows = findings.map((f) => [`${f.line}:${f.column}`, f.severity, f.message, f.ruleId, f] as const);
    const posWidth = Math.max(...rows.map((r) => r[0].length));
    const sevWidth = Math.max(...rows.map((r) => r[1].length));
    for (const [pos, severity, message, ruleId, f] of rows) {
      lines.push(`  ${paint('gray', pos.padEnd(posWidth))}  ${paint(severityColor[severity], severity.padEnd(sevWidth))}  ${message}  ${paint('gray', ruleId)}`);
      for (const rel of f.related) {
        const where = rel.file ? `${rel.file}${rel.line ? `:${rel.line}:${rel.column}` : ''}` : '';
        lines.push(`  ${' '.repeat(posWidth + sevWidth + 4)}${paint('gray', `↳ ${rel.message}${where ? ` (${where})` : ''}`)}`);
      }
      if (f.fix) lines.push(`  ${' '.repeat(posWidth + sevWidth + 4)}${paint('gray', `fix: ${f.fix}`)}`);
    }
  }
  const { errors, warnings, infos } = result.summary;
  const total = errors + warnings + infos;
  const assumed = assumedVersionNote(result);
  if (total === 0) return assumed ? `\n${paint('blue', assumed)}\n` : '';
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const summary = `✖ ${plural(total, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${plural(infos, 'info')})`;
  lines.push('', paint(errors > 0 ? 'red' : warnings > 0 ? 'yellow' : 'blue', paint('bold', summary)), '');
  if (assumed) lines.push(paint('blue', assumed), '');
  return lines.join('\n');
}

/**
 * Once per run, when verdicts depended on a behaviour that changed between Istio releases and
 * the input did not show the release: which release was assumed and how to say otherwise.
 */
export function assumedVersionNote(result: LintResult): string | undefined {
  const v = result.summary.istioVersion;
  if (!v?.assumed || v.dependsOn.length === 0) return undefined;
  return `info: the input does not show the Istio release; judged as ${v.version} (the newest supported) where it matters (${v.dependsOn.join(', ')}). Set --istio-version or istioVersion in the config file.`;
}
