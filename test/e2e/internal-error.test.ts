/**
 * A rule that throws must not kill the run: its failure is an internal-error finding naming
 * the rule and the resource it was on, the other rules' findings are still printed, and the
 * exit code is 2 (the result cannot be trusted), without a stack trace.
 */
import { describe, expect, it, vi } from 'vitest';
import type { LintResult } from '../../src/engine/types.js';
import { lintSources } from '../../src/lint.js';
import { runCli, SERVICE, STACK_FRAME, tempTree } from './cli-helpers.js';

vi.mock('../../rules/index.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../rules/index.js')>();
  const { throwing } = await import('./throwing-rule.js');
  return { rules: [throwing, ...original.rules] };
});

describe('internal-error', () => {
  it('becomes a finding naming the rule and the resource, beside the other rules\' findings', async () => {
    const { rules } = await import('../../rules/index.js');
    const { result } = lintSources([
      { path: 'a.yaml', text: SERVICE },
      { path: 'b.yaml', text: SERVICE },
    ], { rules });
    expect(result.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`)).toEqual([
      'a.yaml:7:14 internal-error',
      'a.yaml:7:14 throws-on-services',
      'b.yaml:4:9 duplicate-resource',
    ]);
    const internal = result.findings.find((f) => f.ruleId === 'internal-error');
    expect(internal?.message).toBe(
      "rule throws-on-services failed after reporting on Service data/db: Cannot read properties of undefined (reading 'ports'). Please report this with the manifests that trigger it.",
    );
    expect(internal?.resource).toEqual({ apiVersion: 'v1', kind: 'Service', namespace: 'data', name: 'db' });
  });

  it('makes the CLI exit 2 and still print everything, without a stack trace', () => {
    const run = runCli(['-f', 'json', '.'], tempTree({ 'a.yaml': SERVICE, 'b.yaml': SERVICE }));
    expect(run.code).toBe(2);
    const result = JSON.parse(run.stdout) as LintResult;
    expect(result.findings.map((f) => f.ruleId)).toEqual(['internal-error', 'throws-on-services', 'duplicate-resource']);
    expect(run.stdout + run.stderr).not.toMatch(STACK_FRAME);
  });
});
