/** `helm template ... | headless-lint -`: every format names the template, never <stdin>. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LintResult } from '../../src/engine/types.js';
import { runCli, tempTree } from './cli-helpers.js';
import { HELM_TEMPLATE_OUTPUT } from './helm-output.js';

const EXPECTED = [
  ['kafka/charts/zookeeper/templates/service.yaml', 10, 3],
  ['kafka/templates/extra.yaml', 19, 3],
  ['kafka/templates/service.yaml', 12, 3],
];

describe('Helm rendered output on standard input', () => {
  const cwd = tempTree({});

  it('json: each finding names its template, with the line in the rendered template file', () => {
    const run = runCli(['-', '-f', 'json'], cwd, HELM_TEMPLATE_OUTPUT);
    expect(run.code).toBe(1);
    const result = JSON.parse(run.stdout) as LintResult;
    expect(result.findings.map((f) => [f.file, f.line, f.column])).toEqual(EXPECTED);
    // The related location (the StatefulSet) names its own template too.
    const related = result.findings.flatMap((f) => f.related.map((r) => r.file));
    expect(related).toContain('kafka/templates/statefulset.yaml');
    expect(run.stdout).not.toContain('<stdin>');
  });

  it('stylish: one group per template', () => {
    const run = runCli(['-'], cwd, HELM_TEMPLATE_OUTPUT);
    expect(run.stdout.split('\n').filter((l) => l.startsWith('kafka/'))).toEqual(EXPECTED.map(([file]) => file));
    expect(run.stdout).toContain('(kafka/templates/statefulset.yaml:16:7)');
    expect(run.stdout).not.toContain('<stdin>');
  });

  it('sarif: artifact URIs are the template paths', () => {
    const run = runCli(['-', '-f', 'sarif'], cwd, HELM_TEMPLATE_OUTPUT);
    const log = JSON.parse(run.stdout) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[] };
    const where = log.runs[0]?.results.map((r) => [r.locations[0]?.physicalLocation.artifactLocation.uri, r.locations[0]?.physicalLocation.region.startLine]);
    expect(where).toEqual(EXPECTED.map(([file, line]) => [file, line]));
    expect(run.stdout).not.toMatch(/stdin/);
  });

  it('github: file= is the template path', () => {
    const run = runCli(['-', '-f', 'github'], cwd, HELM_TEMPLATE_OUTPUT);
    const files = run.stdout.trim().split('\n').map((l) => /file=([^,]+),line=(\d+)/.exec(l)?.slice(1));
    expect(files).toEqual([
      ['kafka/templates/service.yaml', '12'],
      ['kafka/charts/zookeeper/templates/service.yaml', '10'],
      ['kafka/templates/extra.yaml', '19'],
    ]);
    expect(run.stdout).not.toContain('stdin');
  });

  it('html: the excerpt is the rendered template, with its line numbers', () => {
    const run = runCli(['-', '-f', 'html'], cwd, HELM_TEMPLATE_OUTPUT);
    expect(run.stdout).toContain('kafka/templates/service.yaml');
    expect(run.stdout).toMatch(/<pre class="excerpt">[^]*?kafka-broker[^]*?<\/pre>/);
    expect(run.stdout).not.toContain('&lt;stdin&gt;');
  });

  it('does the same for a file holding the rendered output', () => {
    const dir = tempTree({});
    writeFileSync(path.join(dir, 'rendered.yaml'), HELM_TEMPLATE_OUTPUT);
    const run = runCli(['rendered.yaml', '-f', 'json'], dir);
    const result = JSON.parse(run.stdout) as LintResult;
    expect(result.findings.map((f) => [f.file, f.line, f.column])).toEqual(EXPECTED);
  });
});
