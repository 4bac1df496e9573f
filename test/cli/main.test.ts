import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { cli, scratch } from '../helpers/cli.js';
import { BROKEN, istiod, KUBELET } from '../helpers/output-fixtures.js';

const RULE = 'istiod-domain-mismatch';
const CLEAN = { 'istiod.yaml': istiod({ domain: 'corp.internal' }), 'kubelet.yaml': KUBELET };

describe('formats and exit codes', () => {
  for (const format of ['stylish', 'json', 'sarif', 'junit', 'github']) {
    it(`${format}: exit 1 with findings, 0 when clean, 2 on a missing path`, () => {
      expect(cli(['-f', format, '.'], scratch(BROKEN)).code).toBe(1);
      expect(cli(['-f', format, '.'], scratch(CLEAN)).code).toBe(0);
      expect(cli(['-f', format, 'missing.yaml'], scratch(CLEAN)).code).toBe(2);
    });
  }

  it('several formats in one run: one to stdout, the others to files', () => {
    const dir = scratch(BROKEN);
    const run = cli(['-f', 'stylish', '-f', 'sarif=out/report.sarif', '-f', 'json=report.json', '-f', 'junit=junit.xml', '.'], dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/15:15\s+error/);
    expect(JSON.parse(readFileSync(path.join(dir, 'out/report.sarif'), 'utf8')).version).toBe('2.1.0');
    expect(JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')).findings).toHaveLength(1);
    expect(XMLValidator.validate(readFileSync(path.join(dir, 'junit.xml'), 'utf8'))).toBe(true);
    expect(readFileSync(path.join(dir, 'report.json'), 'utf8')).not.toContain('\u001b[');
  });

  it('only files: nothing on stdout', () => {
    const run = cli(['-f', 'json=r.json', '.'], scratch(BROKEN));
    expect(run.stdout).toBe('');
    expect(run.code).toBe(1);
  });

  it('usage mistakes in --format exit 2', () => {
    expect(cli(['-f', 'sarf', '.'], scratch(BROKEN)).stderr).toMatch(/unknown format "sarf"; did you mean "sarif"\?/);
    expect(cli(['-f', 'json', '-f', 'sarif', '.'], scratch(BROKEN)).stderr).toMatch(/only one --format can write to standard output/);
    expect(cli(['-f', 'json=', '.'], scratch(BROKEN)).code).toBe(2);
  });

  it('--fail-on sets the lowest failing severity', () => {
    const dir = scratch(BROKEN);
    expect(cli(['--rule', `${RULE}=warning`, '.'], dir).code).toBe(0);
    expect(cli(['--rule', `${RULE}=warning`, '--fail-on', 'warning', '.'], dir).code).toBe(1);
    expect(cli(['--rule', `${RULE}=info`, '--fail-on', 'warning', '.'], dir).code).toBe(0);
    expect(cli(['--rule', `${RULE}=info`, '--fail-on', 'info', '.'], dir).code).toBe(1);
    expect(cli(['--fail-on', 'fatal', '.'], dir).code).toBe(2);
  });

  it('--max-warnings fails on too many warnings; --quiet drops them', () => {
    const dir = scratch(BROKEN);
    expect(cli(['--rule', `${RULE}=warning`, '--max-warnings', '0', '.'], dir).code).toBe(1);
    expect(cli(['--rule', `${RULE}=warning`, '--max-warnings', '1', '.'], dir).code).toBe(0);
    expect(cli(['--rule', `${RULE}=warning`, '--quiet', '-f', 'json', '.'], dir).stdout).toContain('"findings": []');
  });

  it('github writes the step summary when GITHUB_STEP_SUMMARY is set', () => {
    const dir = scratch(BROKEN);
    const summary = path.join(dir, 'summary.md');
    const run = cli(['-f', 'github', '.'], dir, { GITHUB_STEP_SUMMARY: summary });
    expect(run.stdout).toMatch(/^::error file=istiod\.yaml,line=15,col=15,/);
    expect(readFileSync(summary, 'utf8')).toContain(`| error | \`istiod.yaml:15:15\` | \`${RULE}\` |`);
    cli(['-f', 'json', '.'], scratch(BROKEN), { GITHUB_STEP_SUMMARY: path.join(dir, 'other.md') });
    expect(existsSync(path.join(dir, 'other.md'))).toBe(false);
  });
});

describe('--report-only', () => {
  const files = { 'istiod.yaml': istiod(), 'kubelet.yaml': KUBELET, 'b/istiod.yaml': istiod().replace('name: istiod', 'name: istiod-b') };

  it('analyses the whole set but reports only findings in the named files', () => {
    const dir = scratch(files);
    const all = JSON.parse(cli(['-f', 'json', '.'], dir).stdout);
    expect(all.findings.map((f: { file: string }) => f.file)).toEqual(['b/istiod.yaml', 'istiod.yaml']);
    // the finding needs kubelet.yaml's domain, which is analysed though not reported on
    const only = cli(['-f', 'json', '--report-only', 'b/istiod.yaml', '.'], dir);
    expect(JSON.parse(only.stdout).findings.map((f: { file: string }) => f.file)).toEqual(['b/istiod.yaml']);
    expect(JSON.parse(only.stdout).summary.errors).toBe(1);
    // kubelet.yaml is a related location of both findings (it declares the cluster domain): a change to it is blamed
    expect(JSON.parse(cli(['-f', 'json', '--report-only', 'kubelet.yaml', '.'], dir).stdout).findings.map((f: { file: string }) => f.file)).toEqual(['b/istiod.yaml', 'istiod.yaml']);
    expect(cli(['--report-only', 'unrelated.yaml', '.'], dir).code).toBe(0);
  });

  it('paths after -- are report-only files, as pre-commit passes them; the analysed set defaults to .', () => {
    const dir = scratch(files);
    const run = cli(['-f', 'json', '--', './b/istiod.yaml'], dir);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).findings.map((f: { file: string }) => f.file)).toEqual(['b/istiod.yaml']);
    expect(cli(['--', 'kubelet.yaml'], dir).code).toBe(1);
    expect(cli(['--', 'unrelated.yaml'], dir).code).toBe(0);
  });
});

describe('--stats', () => {
  it('prints the time of each phase and rule to stderr, keeping stdout clean', () => {
    const run = cli(['--stats', '-f', 'json', '.'], scratch(BROKEN));
    for (const phase of ['walk', 'parse', 'graph', 'rules', 'suppress', `  ${RULE}`, 'total']) expect(run.stderr).toMatch(new RegExp(`^${phase}\\s+\\d+\\.\\d$`, 'm'));
    expect(run.stderr).toMatch(/files 2, documents 2, resources 2, rules run \d+, findings 1, suppressed 0/);
    expect(JSON.parse(run.stdout).findings).toHaveLength(1);
  });
});

describe('suppression flags', () => {
  it('--report-unused-disable-directives and --no-inline-config', () => {
    const dir = scratch({ 'istiod.yaml': istiod({ ignore: `${RULE} -- accepted` }), 'kubelet.yaml': KUBELET, 'clean.yaml': `# headless-lint-disable-file ${RULE} -- old\nkind: Namespace\napiVersion: v1\nmetadata: {name: x}\n` });
    expect(cli(['.'], dir).code).toBe(0);
    const unused = cli(['--report-unused-disable-directives', '--fail-on', 'warning', '.'], dir);
    expect(unused.code).toBe(1);
    expect(unused.stdout).toMatch(/1:1\s+warning .*unused-disable-directive/);
    expect(cli(['--no-inline-config', '.'], dir).code).toBe(1);
  });
});
