/**
 * SARIF partialFingerprints identify a finding by its rule, messageId, file, resource, field and
 * identifying data: an alert survives an unrelated addition to the input (a message that counts
 * other callers changes, the fingerprint does not), rewording of the message catalogue, and lines
 * moving; a different problem gets a different one.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { defineRule } from '../../src/engine/rule.js';
import type { Finding, Rule } from '../../src/engine/types.js';
import { formatSarif } from '../../src/format/sarif.js';
import { lintSources } from '../../src/lint.js';

const dir = path.resolve(__dirname, '../fixtures/fingerprints');
const read = (name: string) => ({ path: name, text: readFileSync(path.join(dir, name), 'utf8') });
const rule = rules.find((r) => r.meta.id === 'service-not-headless') as Rule;

function run(sources: { path: string; text: string }[], ruleSet: readonly Rule[] = [rule]): { finding: Finding; sarif: string } {
  const { result } = lintSources(sources, { rules: ruleSet });
  const found = result.findings.filter((f) => f.ruleId === rule.meta.id);
  expect(found).toHaveLength(1);
  const log = JSON.parse(formatSarif(result, { cwd: '.', color: false, rules: ruleSet, toolVersion: '0', repositoryUrl: 'https://example.org' }));
  return { finding: found[0] as Finding, sarif: log.runs[0].results[0].partialFingerprints['headlessLint/v2'] };
}

describe('SARIF fingerprints', () => {
  const base = run([read('base.yaml')]);

  it('are the engine fingerprint', () => {
    expect(base.sarif).toBe(base.finding.fingerprint);
    expect(base.finding.messageId).toBeTruthy();
  });

  it('survive an unrelated caller that changes the message', () => {
    const more = run([read('base.yaml'), read('caller-2.yaml')]);
    expect(more.finding.message).not.toBe(base.finding.message);
    expect(more.finding.messageId).toBe(base.finding.messageId);
    expect(more.sarif).toBe(base.sarif);
  });

  it('survive lines moving above the finding', () => {
    const shifted = run([{ path: 'base.yaml', text: `# a comment\n# and another\n${read('base.yaml').text}` }]);
    expect(shifted.finding.line).toBe(base.finding.line + 2);
    expect(shifted.sarif).toBe(base.sarif);
  });

  it('survive rewording of the message catalogue', () => {
    const reworded = defineRule({
      meta: { ...rule.meta, messages: Object.fromEntries(Object.entries(rule.meta.messages).map(([id, text]) => [id, `Reworded: ${text}`])) },
      check: rule.check,
    });
    const again = run([read('base.yaml')], [reworded]);
    expect(again.finding.message).toMatch(/^Reworded: /);
    expect(again.sarif).toBe(base.sarif);
  });

  it('differ for another problem', () => {
    // The same problem on another Service (namespace store): another alert.
    const other = run([{ path: 'base.yaml', text: read('base.yaml').text.replace(/\bdata\b/g, 'store') }]);
    expect(other.sarif).not.toBe(base.sarif);
  });
});
