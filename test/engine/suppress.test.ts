import { describe, expect, it } from 'vitest';
import { formatJson } from '../../src/format/json.js';
import { lintSources } from '../../src/lint.js';
import { istiod, KUBELET } from '../helpers/output-fixtures.js';

const RULE = 'istiod-domain-mismatch';

function run(istiodText: string, options: Parameters<typeof lintSources>[1] = {}) {
  return lintSources(
    [
      { path: 'istiod.yaml', text: istiodText },
      { path: 'kubelet.yaml', text: KUBELET },
    ],
    options,
  ).result;
}

const brief = (r: ReturnType<typeof run>) => r.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`);

describe('suppressions', () => {
  it('the fixture yields its finding when nothing suppresses it', () => {
    expect(brief(run(istiod()))).toEqual([`istiod.yaml:15:15 ${RULE}`]);
    expect(run(istiod()).suppressed).toEqual([]);
  });

  it('an annotation with a reason suppresses findings on that resource, and JSON keeps them under `suppressed`', () => {
    const result = run(istiod({ ignore: `${RULE} -- domain is rewritten by our installer` }));
    expect(result.findings).toEqual([]);
    expect(result.summary.errors).toBe(0);
    expect(result.suppressed).toHaveLength(1);
    const json = JSON.parse(formatJson(result)) as { suppressed: { ruleId: string; line: number; suppression: unknown }[] };
    expect(json.suppressed[0]).toMatchObject({ ruleId: RULE, line: 17, suppression: { kind: 'annotation', reason: 'domain is rewritten by our installer', file: 'istiod.yaml', line: 7 } });
  });

  it('a next-line comment suppresses the finding on the next YAML line only', () => {
    const result = run(istiod({ comment: `# headless-lint-disable-next-line ${RULE} -- staging only` }));
    expect(result.findings).toEqual([]);
    expect(result.suppressed?.[0]?.suppression).toEqual({ kind: 'next-line', reason: 'staging only', file: 'istiod.yaml', line: 15 });
  });

  it('a next-line comment above another line does not reach the finding', () => {
    const text = istiod().replace('            - --domain', `            # headless-lint-disable-next-line ${RULE} -- wrong place\n            - --domain`);
    expect(brief(run(text))).toEqual([`istiod.yaml:16:15 ${RULE}`]);
  });

  it('a file comment suppresses the rule anywhere in that file', () => {
    const result = run(istiod({ header: `# headless-lint-disable-file ${RULE} -- vendored chart` }));
    expect(result.findings).toEqual([]);
    expect(result.suppressed?.[0]?.suppression.kind).toBe('file');
  });

  it('a directive without a reason suppresses nothing and is reported where it is written', () => {
    const result = run(istiod({ comment: `# headless-lint-disable-next-line ${RULE}` }));
    expect(brief(result).sort()).toEqual([`istiod.yaml:15:13 invalid-disable-directive`, `istiod.yaml:16:15 ${RULE}`]);
    expect(result.findings.find((f) => f.ruleId === 'invalid-disable-directive')?.message).toMatch(/gives no reason/);
  });

  it('an annotation with an unknown rule id is reported with a suggestion', () => {
    const result = run(istiod({ ignore: 'istiod-domain-mismatchh -- typo' }));
    const invalid = result.findings.find((f) => f.ruleId === 'invalid-disable-directive');
    expect(invalid?.message).toMatch(/unknown rule "istiod-domain-mismatchh"; did you mean "istiod-domain-mismatch"\?/);
    expect(`${invalid?.line}:${invalid?.column}`).toBe('7:30');
    expect(result.findings.some((f) => f.ruleId === RULE)).toBe(true);
  });

  it('a directive naming no rule is reported', () => {
    const result = run(istiod({ header: '# headless-lint-disable-file -- everything' }));
    expect(result.findings.find((f) => f.ruleId === 'invalid-disable-directive')?.message).toMatch(/names no rule/);
  });

  it('--report-unused-disable-directives reports a directive that silences nothing', () => {
    const text = istiod({ domain: 'corp.internal', header: `# headless-lint-disable-file ${RULE} -- old` });
    expect(brief(run(text))).toEqual([]);
    expect(brief(run(text, { reportUnusedDisableDirectives: true }))).toEqual(['istiod.yaml:1:1 unused-disable-directive']);
  });

  it('--no-inline-config ignores every suppression', () => {
    const text = istiod({ ignore: `${RULE} -- x`, header: '# headless-lint-disable-file nothing' });
    expect(brief(run(text, { noInlineConfig: true }))).toEqual([`istiod.yaml:18:15 ${RULE}`]);
  });

  it('a comment inside a value is not a directive', () => {
    const text = istiod().replace('  name: istiod\n', `  name: istiod\n  annotations:\n    note: "x # headless-lint-disable-file ${RULE} -- no"\n`);
    expect(brief(run(text)).length).toBe(1);
  });
});
