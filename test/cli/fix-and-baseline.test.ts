/**
 * --fix, --fix-dry-run, --fix-type, --baseline, --write-baseline and --report-unused-baseline
 * through the CLI: files change only with --fix, rendered input and stdin never, the exit code
 * is for what remains, SARIF carries the fixes (valid SARIF), github prints suggested changes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LintResult } from '../../src/engine/types.js';
import { cli, scratch } from '../helpers/cli.js';
import { main } from '../../src/cli/main.js';

const BROKEN = `# the database Service
apiVersion: v1
kind: Service
metadata: {name: db, namespace: data}
spec:
  clusterIP: none   # meant None
  ports:
    - name: tcp-pg
      port: 5432
`;

const withStdin = (args: string[], cwd: string, input: string) => {
  let stdout = '';
  let stderr = '';
  const code = main(args, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), isTTY: false, env: {}, cwd, readStdin: () => input });
  return { code, stdout, stderr };
};

describe('--fix', () => {
  it('fixes in place, keeps the comments, and exits for what remains', () => {
    const dir = scratch({ 'svc.yaml': BROKEN });
    const before = cli(['svc.yaml'], dir);
    expect(before.code).toBe(1);
    const run = cli(['--fix', 'svc.yaml'], dir);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/fixed 1 problem in 1 file/);
    expect(readFileSync(path.join(dir, 'svc.yaml'), 'utf8')).toBe(BROKEN.replace('clusterIP: none', 'clusterIP: None'));
    expect(cli(['--fix', 'svc.yaml'], dir).stderr).not.toMatch(/fixed/);
  });

  it('--fix-dry-run prints a unified diff and leaves the file alone', () => {
    const dir = scratch({ 'svc.yaml': BROKEN });
    const run = cli(['--fix-dry-run', 'svc.yaml'], dir);
    expect(run.stdout).toContain('--- a/svc.yaml\n+++ b/svc.yaml\n@@ -3,7 +3,7 @@\n');
    expect(run.stdout).toContain('-  clusterIP: none   # meant None\n+  clusterIP: None   # meant None\n');
    expect(run.code).toBe(0);
    expect(readFileSync(path.join(dir, 'svc.yaml'), 'utf8')).toBe(BROKEN);
    // With JSON on standard output the diff goes to standard error.
    const json = cli(['--fix-dry-run', '-f', 'json', 'svc.yaml'], dir);
    expect((JSON.parse(json.stdout) as LintResult).findings.map((f) => f.ruleId)).not.toContain('invalid-headless-cluster-ip');
    expect(json.stderr).toContain('+++ b/svc.yaml');
  });

  it('--fix-type fixes only the causes named', () => {
    const dir = scratch({ 'svc.yaml': BROKEN });
    expect(cli(['--fix', '--fix-type', '5,6', 'svc.yaml'], dir).code).toBe(1);
    expect(readFileSync(path.join(dir, 'svc.yaml'), 'utf8')).toBe(BROKEN);
    expect(cli(['--fix', '--fix-type', '2', 'svc.yaml'], dir).code).toBe(0);
    expect(cli(['--fix-type', 'x', '--fix', 'svc.yaml'], dir).code).toBe(2);
    expect(cli(['--fix-type', '2', 'svc.yaml'], dir).code).toBe(2);
    expect(cli(['--fix', '--fix-dry-run', 'svc.yaml'], dir).code).toBe(2);
  });

  it('never edits Helm output or standard input, and says which file to change', () => {
    const rendered = `---\n# Source: chart/templates/svc.yaml\n${BROKEN}`;
    const dir = scratch({ 'rendered.yaml': rendered });
    const run = cli(['--fix', 'rendered.yaml'], dir);
    expect(run.code).toBe(1);
    expect(readFileSync(path.join(dir, 'rendered.yaml'), 'utf8')).toBe(rendered);
    expect(run.stderr).toMatch(/not fixed: chart\/templates\/svc\.yaml:\d+:\d+ invalid-headless-cluster-ip: rendered by Helm \(rendered\.yaml\): make the change in the chart's template chart\/templates\/svc\.yaml/);
    const stdin = withStdin(['--fix', '--stdin-filename', 'k8s/svc.yaml', '-'], dir, BROKEN);
    expect(stdin.code).toBe(1);
    expect(stdin.stderr).toMatch(/not fixed: k8s\/svc\.yaml.*read from standard input: make the change in the file k8s\/svc\.yaml/);
  });

  it('never edits a dump of live objects', () => {
    const live = BROKEN.replace('metadata: {name: db, namespace: data}', 'metadata: {name: db, namespace: data, resourceVersion: "42", uid: 7f0e}');
    const dir = scratch({ 'dump.yaml': live });
    const run = cli(['--fix', 'dump.yaml'], dir);
    expect(readFileSync(path.join(dir, 'dump.yaml'), 'utf8')).toBe(live);
    expect(run.stderr).toMatch(/a live object read from the cluster .*kubectl edit service db -n data/);
  });

  it('never edits Kustomize output (origin annotation), naming the source', () => {
    const kustomized = BROKEN.replace('metadata: {name: db, namespace: data}', 'metadata:\n  name: db\n  namespace: data\n  annotations:\n    config.kubernetes.io/origin: |\n      path: base/svc.yaml\n');
    const dir = scratch({ 'out.yaml': kustomized });
    const run = cli(['--fix', 'out.yaml'], dir);
    expect(readFileSync(path.join(dir, 'out.yaml'), 'utf8')).toBe(kustomized);
    expect(run.stderr).toMatch(/rendered by Kustomize from base\/svc\.yaml: make the change in base\/svc\.yaml/);
  });
});

describe('fixes in the formats', () => {
  it('JSON carries autofix with edits and replacements; the fix text keeps its meaning', () => {
    const dir = scratch({ 'svc.yaml': BROKEN });
    const [finding] = (JSON.parse(cli(['-f', 'json', 'svc.yaml'], dir).stdout) as LintResult).findings;
    expect(finding?.fix).toBe('Write clusterIP: None.');
    expect(finding?.autofix?.edits).toEqual([{ file: 'svc.yaml', document: 0, op: 'set', path: ['spec', 'clusterIP'], value: 'None' }]);
    expect(finding?.autofix?.changes).toEqual([{ file: 'svc.yaml', replacements: [{ offset: BROKEN.indexOf('none'), length: 4, byteOffset: BROKEN.indexOf('none'), byteLength: 4, line: 6, column: 14, endLine: 6, endColumn: 18, text: 'None' }] }]);
    expect(finding?.suggestions).toEqual([]);
  });

  it('SARIF results carry fixes with artifactChanges', () => {
    const dir = scratch({ 'svc.yaml': BROKEN });
    const sarif = JSON.parse(cli(['-f', 'sarif', 'svc.yaml'], dir).stdout);
    expect(sarif.runs[0].results[0].fixes).toEqual([
      {
        description: { text: 'Write clusterIP: None.' },
        artifactChanges: [{ artifactLocation: { uri: 'svc.yaml' }, replacements: [{ deletedRegion: { startLine: 6, startColumn: 14, endLine: 6, endColumn: 18, charOffset: BROKEN.indexOf('none'), charLength: 4 }, insertedContent: { text: 'None' } }] }],
      },
    ]);
  });

  it('github writes suggested changes to the job summary', () => {
    const dir = scratch({ 'svc.yaml': BROKEN, summary: '' });
    cli(['-f', 'github', 'svc.yaml'], dir, { GITHUB_STEP_SUMMARY: path.join(dir, 'summary') });
    const summary = readFileSync(path.join(dir, 'summary'), 'utf8');
    expect(summary).toContain('### Suggested changes');
    expect(summary).toContain('**`svc.yaml`** line 6, `invalid-headless-cluster-ip` (fix): Write clusterIP: None.\n\n```suggestion\n  clusterIP: None   # meant None\n```\n');
  });
});

describe('baseline', () => {
  it('--write-baseline records, --baseline hides them, new findings fail, unused entries are reported', () => {
    const dir = scratch({ 'svc.yaml': BROKEN });
    const write = cli(['--write-baseline', 'baseline.json', 'svc.yaml'], dir);
    expect(write.code).toBe(0);
    expect(write.stderr).toMatch(/wrote 1 baseline entries \(1 findings\) to baseline\.json/);
    const baseline = readFileSync(path.join(dir, 'baseline.json'), 'utf8');
    expect(JSON.parse(baseline).entries[0]).toMatchObject({ ruleId: 'invalid-headless-cluster-ip', messageId: 'notExactlyNone', file: 'svc.yaml', resource: 'v1/Service/data/db', count: 1 });
    // Lines moved above it: still baselined.
    writeFileSync(path.join(dir, 'svc.yaml'), `# new comment\n# another\n${BROKEN}`);
    const json = JSON.parse(cli(['--baseline', 'baseline.json', '-f', 'json', 'svc.yaml'], dir).stdout) as LintResult;
    expect(json.findings).toEqual([]);
    expect(json.baseline).toEqual({ matched: 1, unused: 0 });
    // A new finding fails the run.
    writeFileSync(path.join(dir, 'cache.yaml'), BROKEN.replace('name: db', 'name: cache'));
    expect(cli(['--baseline', 'baseline.json', '.'], dir).code).toBe(1);
    // Fixed: the entry is unused, reported on request, dropped by --write-baseline.
    writeFileSync(path.join(dir, 'svc.yaml'), BROKEN.replace('none', 'None'));
    const unused = cli(['--baseline', 'baseline.json', '--report-unused-baseline', 'svc.yaml'], dir);
    expect(unused.stdout).toMatch(/baseline\.json[\s\S]*4:1\s+warning\s+Baseline entry for invalid-headless-cluster-ip\/notExactlyNone in svc\.yaml/);
    expect(unused.code).toBe(0);
    cli(['--write-baseline', 'baseline.json', 'svc.yaml'], dir);
    expect(JSON.parse(readFileSync(path.join(dir, 'baseline.json'), 'utf8')).entries.map((e: { ruleId: string }) => e.ruleId)).not.toContain('invalid-headless-cluster-ip');
  });

  it('a missing or malformed baseline is a usage error naming the file', () => {
    const dir = scratch({ 'svc.yaml': BROKEN, 'bad.json': '{"version": 9}' });
    const missing = cli(['--baseline', 'nope.json', 'svc.yaml'], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.json: no such file/);
    expect(cli(['--baseline', 'bad.json', 'svc.yaml'], dir).stderr).toMatch(/bad\.json: not a headless-lint baseline/);
    expect(cli(['--report-unused-baseline', 'svc.yaml'], dir).code).toBe(2);
  });
});
