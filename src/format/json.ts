/** The JSON output contract: {"version": 1, "findings": [...], "summary": {...}}. */
import type { LintResult } from '../engine/types.js';

export function formatJson(result: LintResult): string {
  return JSON.stringify({ version: result.version, findings: result.findings, summary: result.summary }, null, 2) + '\n';
}
