import { describe, expect, it } from 'vitest';
import { defineRule } from '../../src/engine/rule.js';
import { effectiveSeverity } from '../../src/engine/run.js';
import type { RuleMeta } from '../../src/engine/types.js';
import { lintSources } from '../../src/lint.js';

const meta = (id: string, extra: Partial<RuleMeta> = {}): RuleMeta => ({
  id,
  cause: 'input',
  severity: 'error',
  description: 'd',
  why: 'w',
  diagnose: ['kubectl get svc'],
  fix: 'f',
  sources: ['s'],
  reads: ['Service'],
  ...extra,
});

const service = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: db\nspec:\n  clusterIp: None\n';

const atKey = (id: string, extra: Partial<RuleMeta> = {}) =>
  defineRule({
    meta: meta(id, extra),
    check({ graph, report }) {
      for (const s of graph.ofKind('Service')) report({ resource: s, path: ['spec', 'clusterIp'], key: true, message: id });
    },
  });

describe('runRules', () => {
  it('keeps only the specific finding where a rule supersedes a generic one at the same spot', () => {
    const generic = atKey('generic');
    const specific = atKey('specific', { supersedes: ['generic'] });
    const { result } = lintSources([{ path: 's.yaml', text: service }], { rules: [generic, specific] });
    expect(result.findings.map((f) => `${f.ruleId}@${f.line}:${f.column}`)).toEqual(['specific@6:3']);
  });

  it('keeps the generic finding elsewhere', () => {
    const generic = atKey('generic');
    const specific = defineRule({
      meta: meta('specific', { supersedes: ['generic'] }),
      check({ graph, report }) {
        for (const s of graph.ofKind('Service')) report({ resource: s, path: ['metadata', 'name'], message: 'x' });
      },
    });
    const { result } = lintSources([{ path: 's.yaml', text: service }], { rules: [generic, specific] });
    expect(result.findings.map((f) => f.ruleId).sort()).toEqual(['generic', 'specific']);
  });

  it('skips a rule whose input kinds are absent, and one set to off', () => {
    let ran = 0;
    const counting = defineRule({ meta: meta('counting', { reads: ['StatefulSet'] }), check: () => void ran++ });
    lintSources([{ path: 's.yaml', text: service }], { rules: [counting] });
    lintSources([{ path: 's.yaml', text: service }], { rules: [atKey('x')], severities: { x: 'off' } });
    expect(ran).toBe(0);
  });

  it('keeps the distance of a lowered finding under a configured severity', () => {
    expect(effectiveSeverity('error', 'error', 'warning')).toBe('warning');
    expect(effectiveSeverity('warning', 'error', 'warning')).toBe('info');
    expect(effectiveSeverity('info', 'error', 'warning')).toBe('info');
    expect(effectiveSeverity('warning', 'error', undefined)).toBe('warning');
  });

  it('turns a throwing rule into an internal-error finding and runs the others', () => {
    const throwing = defineRule({
      meta: meta('throwing'),
      check() {
        throw new Error('boom');
      },
    });
    const { result } = lintSources([{ path: 's.yaml', text: service }], { rules: [throwing, atKey('fine')] });
    expect(result.findings.map((f) => f.ruleId).sort()).toEqual(['fine', 'internal-error']);
    expect(result.findings.find((f) => f.ruleId === 'internal-error')?.message).toContain('rule throwing failed');
  });
});
