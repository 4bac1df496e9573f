/** SARIF output, validated against the SARIF 2.1.0 JSON schema (schemas/vendor) with ajv. */
/* eslint-disable @typescript-eslint/no-explicit-any -- the test walks a parsed document whose shape it is checking */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import type { LintResult } from '../../src/engine/types.js';
import { formatSarif } from '../../src/format/sarif.js';
import { lintSources } from '../../src/lint.js';
import { BROKEN, istiod, KUBELET } from '../helpers/output-fixtures.js';

const root = path.resolve(__dirname, '../..');

function sarifValidator() {
  const schema = JSON.parse(readFileSync(path.join(root, 'schemas/vendor/sarif-2.1.0-rtm.5.json'), 'utf8')) as Record<string, unknown>;
  // The file is written for draft-04; its only draft-04-only keyword is the top-level `id`.
  // One of its patterns (for language tags) is not valid with the u flag, hence unicodeRegExp: false.
  const { id, $schema, ...rest } = schema;
  void $schema;
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  ajv.addFormat('uri', (s: string) => URL.canParse(s));
  ajv.addFormat('uri-reference', (s: string) => URL.canParse(s, 'file:///base/') && !/\s/.test(s));
  ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)));
  return ajv.compile({ ...rest, $id: String(id) });
}

const validate = sarifValidator();
const context = { cwd: root, color: false, rules, toolVersion: '0.1.0', repositoryUrl: 'https://github.com/headless-lint/headless-lint' };

function sarifOf(result: LintResult) {
  const text = formatSarif(result, context);
  const log = JSON.parse(text) as Record<string, unknown>;
  return { log, run: (log.runs as Record<string, any>[])[0] as Record<string, any> };
}

const lintFiles = (files: Record<string, string>) => lintSources(Object.entries(files).map(([p, text]) => ({ path: p, text }))).result;

describe('sarif', () => {
  it('validates against the SARIF 2.1.0 schema, with a finding and related locations; suppressed findings stay out', () => {
    const withSuppressed = lintFiles({ 'istiod.yaml': istiod(), 'kubelet.yaml': KUBELET, 'other/istiod.yaml': istiod({ ignore: 'istiod-domain-mismatch -- test' }).replace('namespace: istio-system', 'namespace: istio-canary') });
    expect(withSuppressed.findings).toHaveLength(1);
    expect(withSuppressed.suppressed?.length).toBe(1);
    const { log, run } = sarifOf(withSuppressed);
    expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(run.results.map((r: any) => r.locations[0].physicalLocation.artifactLocation.uri)).toEqual(['istiod.yaml']);
  });

  it('the schema check is not vacuous: a broken log fails it', () => {
    const { log, run } = sarifOf(lintFiles(BROKEN));
    run.results[0].level = 'fatal';
    expect(validate(log)).toBe(false);
    delete (log as { version?: string }).version;
    expect(validate(log)).toBe(false);
  });

  it('a clean run still has results: []', () => {
    const { log, run } = sarifOf(lintFiles({ 'istiod.yaml': istiod({ domain: 'corp.internal' }), 'kubelet.yaml': KUBELET }));
    expect(validate(log)).toBe(true);
    expect(run.results).toEqual([]);
  });

  it('describes every rule from its metadata and points results at the exact region', () => {
    const { log, run } = sarifOf(lintFiles(BROKEN));
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(log.version).toBe('2.1.0');
    const driver = run.tool.driver;
    expect(driver.name).toBe('headless-lint');
    for (const rule of rules) expect(driver.rules.map((r: { id: string }) => r.id)).toContain(rule.meta.id);
    const result = run.results[0];
    const rule = driver.rules[result.ruleIndex];
    expect(rule.id).toBe('istiod-domain-mismatch');
    expect(rule.helpUri).toBe('https://github.com/headless-lint/headless-lint/blob/main/docs/rules/istiod-domain-mismatch.md');
    expect(rule.help.markdown).toContain('## How to fix');
    expect(rule.defaultConfiguration.level).toBe('error');
    expect(result.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'istiod.yaml' },
      region: { startLine: 15, startColumn: 15, endLine: 15, endColumn: 28 },
    });
    expect(result.relatedLocations[0].physicalLocation.artifactLocation.uri).toBe('kubelet.yaml');
    expect(result.partialFingerprints['headlessLint/v2']).toMatch(/^[0-9a-f]{32}$/);
  });

  it('fingerprints survive lines moving but change with the problem', () => {
    const a = lintFiles(BROKEN).findings[0]!;
    const moved = lintFiles({ 'istiod.yaml': `# a new comment\n\n${istiod()}`, 'kubelet.yaml': KUBELET }).findings[0]!;
    const other = lintFiles({ 'istiod.yaml': istiod({ domain: 'example.org' }), 'kubelet.yaml': KUBELET }).findings[0]!;
    expect(moved.line).not.toBe(a.line);
    expect(moved.fingerprint).toBe(a.fingerprint);
    expect(other.fingerprint).not.toBe(a.fingerprint);
  });

  it('encodes paths as relative URIs', () => {
    const result = lintFiles({ 'my dir/istiod #1.yaml': istiod(), 'kubelet.yaml': KUBELET });
    const { log, run } = sarifOf(result);
    expect(run.results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('my%20dir/istiod%20%231.yaml');
    expect(validate(log)).toBe(true);
  });
});

describe('sarif fixes', () => {
  it('results with a fix carry SARIF fixes (artifactChanges, replacements) that validate against the schema', () => {
    const text = "# db\napiVersion: v1\nkind: Service\nmetadata: {name: db, namespace: data}\nspec:\n  clusterIP: 'none'\n  ports: [{name: tcp-pg, port: 5432}]\n";
    const result = lintFiles({ 'svc.yaml': text });
    const { log, run } = sarifOf(result);
    expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
    const fixes = run.results.flatMap((r: any) => r.fixes ?? []);
    expect(fixes.length).toBeGreaterThan(0);
    expect(fixes[0].artifactChanges[0].replacements[0]).toEqual({ deletedRegion: { startLine: 6, startColumn: 15, endLine: 6, endColumn: 19, charOffset: text.indexOf("'none'") + 1, charLength: 4 }, insertedContent: { text: 'None' } });
  });
});
