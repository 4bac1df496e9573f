/**
 * The JSON output contract: {"version": 1, "findings": [...], "summary": {...}, "suppressed": [...]}.
 * `suppressed` (findings silenced by a suppression, each with its `suppression`) came later, as an addition;
 * so did each finding's `autofix`, `suggestions` and `movedFingerprint`, and `baseline` with --baseline.
 */
import type { LintResult } from '../engine/types.js';

export function formatJson(result: LintResult): string {
  const baseline = result.baseline ? { baseline: result.baseline } : {};
  return JSON.stringify({ version: result.version, findings: result.findings, summary: result.summary, suppressed: result.suppressed ?? [], ...baseline }, null, 2) + '\n';
}
