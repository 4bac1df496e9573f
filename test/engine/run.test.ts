import { describe, expect, it } from 'vitest';
import { defineRule } from '../../src/engine/rule.js';
import { effectiveSeverity } from '../../src/engine/run.js';
import type { RuleDefinitionMeta } from '../../src/engine/types.js';
import { facts } from '../../src/facts/index.js';
import { lintSources } from '../../src/lint.js';

const meta = (id: string, extra: Partial<RuleDefinitionMeta> = {}): RuleDefinitionMeta => ({
  id,
  cause: 'input',
  severity: 'error',
  description: 'd',
  why: 'w',
  diagnose: ['kubectl get svc'],
  fix: 'f',
  sources: ['s'],
  messages: { atKey: '{{rule}} at the key of Service {{name}}', elsewhere: 'elsewhere' },
  reads: ['Service'],
  ...extra,
});

const service = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: db\nspec:\n  clusterIp: None\n';

const atKey = (id: string, extra: Partial<RuleDefinitionMeta> = {}) =>
  defineRule({
    meta: meta(id, extra),
    check({ model, report }) {
      for (const s of model.ofKind('Service')) report({ resource: s, path: ['spec', 'clusterIp'], key: true, messageId: 'atKey', data: { rule: id, name: s.name } });
    },
  });

const findingsOf = (text: string, ...rules: ReturnType<typeof defineRule>[]) => lintSources([{ path: 's.yaml', text }], { rules }).result.findings;

describe('runRules', () => {
  it('keeps only the specific finding where a rule supersedes a generic one at the same spot', () => {
    const generic = atKey('generic');
    const specific = atKey('specific', { supersedes: ['generic'] });
    expect(findingsOf(service, generic, specific).map((f) => `${f.ruleId}@${f.line}:${f.column}`)).toEqual(['specific@6:3']);
  });

  it('keeps the generic finding elsewhere', () => {
    const generic = atKey('generic');
    const specific = defineRule({
      meta: meta('specific', { supersedes: ['generic'] }),
      check({ model, report }) {
        for (const s of model.ofKind('Service')) report({ resource: s, path: ['metadata', 'name'], messageId: 'elsewhere' });
      },
    });
    expect(findingsOf(service, generic, specific).map((f) => f.ruleId).sort()).toEqual(['generic', 'specific']);
  });

  it('skips a rule whose required kinds are absent, and one set to off', () => {
    let ran = 0;
    const counting = defineRule({ meta: meta('counting', { requires: ['StatefulSet'] }), check: () => void ran++ });
    const either = defineRule({ meta: meta('either', { requires: [['StatefulSet', 'Deployment']] }), check: () => void ran++ });
    findingsOf(service, counting, either);
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
    const findings = findingsOf(service, throwing, atKey('fine'));
    expect(findings.map((f) => f.ruleId).sort()).toEqual(['fine', 'internal-error']);
    expect(findings.find((f) => f.ruleId === 'internal-error')).toMatchObject({ messageId: 'ruleFailed', message: expect.stringContaining('rule throwing failed'), fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/) });
  });

  it('lets a rule use only the facts it declares: another one is an internal error', () => {
    const undeclared = defineRule({ meta: meta('undeclared'), check: ({ use }) => void use(facts.headless) });
    const declared = defineRule({ meta: meta('declared', { uses: [facts.headless] }), check: ({ use }) => void use(facts.headless) });
    const findings = findingsOf(service, undeclared, declared);
    expect(findings.map((f) => `${f.ruleId} ${f.message}`)).toEqual([expect.stringMatching(/^internal-error rule undeclared failed: rule undeclared uses fact headless\.services without declaring it in uses/)]);
  });
});

describe('findings from reports', () => {
  it('fill the message from the catalogue and keep its messageId', () => {
    const findings = findingsOf(service, atKey('catalogued'));
    expect(findings.map((f) => [f.ruleId, f.messageId, f.message])).toEqual([['catalogued', 'atKey', 'catalogued at the key of Service db']]);
  });

  it('make an unknown messageId an internal error of the rule', () => {
    const typo = defineRule({
      meta: meta('typo'),
      check({ model, report }) {
        for (const s of model.ofKind('Service')) report({ resource: s, messageId: 'atKye' });
      },
    });
    expect(findingsOf(service, typo).map((f) => f.message)).toEqual([expect.stringContaining('reported unknown messageId "atKye" (meta.messages has atKey, elsewhere)')]);
  });

  it('fingerprint what identifies the finding: not its line, nor volatile data, but the data that names the problem', () => {
    const counted = (count: number) =>
      defineRule({
        meta: meta('counted', { messages: { callers: '{{name}} has {{count}} callers' }, volatileData: ['count'] }),
        check({ model, report }) {
          for (const s of model.ofKind('Service')) report({ resource: s, path: ['spec'], messageId: 'callers', data: { name: s.name, count } });
        },
      });
    const [first] = findingsOf(service, counted(1));
    const [moved] = findingsOf(`# a comment\n${service}`, counted(1));
    const [recounted] = findingsOf(service, counted(2));
    const [renamed] = findingsOf(service.replace('name: db', 'name: web'), counted(1));
    expect(moved?.line).toBe((first?.line ?? 0) + 1);
    expect(first?.fingerprint).toMatch(/^[0-9a-f]{32}$/);
    expect(moved?.fingerprint).toBe(first?.fingerprint);
    expect(recounted?.message).toBe('db has 2 callers');
    expect(recounted?.fingerprint).toBe(first?.fingerprint);
    expect(renamed?.fingerprint).not.toBe(first?.fingerprint);
  });

  it('gives two syntax problems of one kind in one file their own fingerprints, which survive lines added above', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\ndata:\n  k: 1\n  k: 2\n';
    const syntax = (t: string) => lintSources([{ path: 'dup.yaml', text: t }]).result.findings.filter((f) => f.ruleId === 'yaml-syntax');
    const twice = syntax(text);
    expect(twice.map((f) => f.messageId)).toEqual(['duplicateKey', 'duplicateKey']);
    expect(twice[0]?.fingerprint).not.toBe(twice[1]?.fingerprint);
    expect(syntax(`# moved\n${text}`).map((f) => f.fingerprint)).toEqual(twice.map((f) => f.fingerprint));
  });
});
