/**
 * The cases of inject-label-misplaced are fixture files (test/rules/inject-label-misplaced/); what
 * stays here is how it shares a spot with workload-not-injected, which a fixture (one rule at a
 * time) cannot show.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import rule from '../../rules/inject-label-misplaced.js';
import workloadNotInjected from '../../rules/workload-not-injected.js';
import { describe, expect, it } from 'vitest';
import { lintSources } from '../../src/lint.js';

const file = path.resolve(__dirname, '../fixtures/supersedes/annotation-opt-in-between-peers.yaml');

describe('inject-label-misplaced and workload-not-injected', () => {
  it('keep one finding for an annotation-only opt-in between injected peers', () => {
    const text = readFileSync(file, 'utf8');
    const annotation = text.split('\n').findIndex((l) => l.includes('sidecar.istio.io/inject: "true"')) + 1;
    const run = (rules: (typeof rule)[]) =>
      lintSources([{ path: 'a.yaml', text }], { rules })
        .result.findings.filter((f) => f.line === annotation)
        .map((f) => `${f.column} ${f.ruleId}/${f.messageId}`);
    expect(run([rule])).toEqual(['34 inject-label-misplaced/injectAnnotationUnseen']);
    expect(run([rule, workloadNotInjected])).toEqual(['34 workload-not-injected/backingNotInjected']);
  });
});
