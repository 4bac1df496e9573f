/** A trace as text (one block per hop) or as data. */
import type { TraceResult } from './model.js';

const MARK = { ok: 'ok     ', broken: 'BROKEN ', unknown: 'unknown' } as const;

export function traceText(result: TraceResult): string {
  const { istio } = result;
  const lines: string[] = [`trace ${result.from} -> ${result.to}${result.cluster ? ` in cluster ${result.cluster}` : ''}`, `Istio ${istio.version} (${istio.assumed ? 'assumed: the input does not show the release, so the newest supported one' : istio.detail})`, ''];
  for (const hop of result.hops) {
    lines.push(`${hop.index}. ${hop.title}: ${hop.verdict}`);
    for (const c of hop.checks) {
      lines.push(`   ${MARK[c.verdict]} ${c.message}${c.where ? ` (${c.where.file}:${c.where.line}:${c.where.column})` : ''}`);
    }
    for (const f of hop.findings) lines.push(`   rule    ${f.file}:${f.line}:${f.column} ${f.severity} ${f.ruleId}: ${f.message}`);
    lines.push('');
  }
  lines.push(result.summary);
  return `${lines.join('\n')}\n`;
}

export function traceJson(result: TraceResult): string {
  const data = {
    ...result,
    hops: result.hops.map((h) => ({
      ...h,
      findings: h.findings.map((f) => ({ ruleId: f.ruleId, severity: f.severity, message: f.message, file: f.file, line: f.line, column: f.column })),
    })),
  };
  return `${JSON.stringify(data, null, 2)}\n`;
}
