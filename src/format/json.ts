/**
 * The JSON output contract: {"version": 1, "findings": [...], "summary": {...}, "suppressed": [...]}.
 * `suppressed` (findings silenced by a suppression, each with its `suppression`) came later, as an addition.
 */
import type { LintResult } from '../engine/types.js';

export function formatJson(result: LintResult): string {
  return JSON.stringify({ version: result.version, findings: result.findings, summary: result.summary, suppressed: result.suppressed ?? [] }, null, 2) + '\n';
}
