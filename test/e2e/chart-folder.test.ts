/**
 * A Helm chart folder (Chart.yaml) is rendered with `helm template` when helm is on PATH, and
 * otherwise yields one finding naming the command to pipe; its templates are never linted as
 * manifests, templates whose `{{ }}` sit inside quotes included. helm is played by a script
 * that prints Helm's exact output format and records its arguments.
 */
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HELM_TEMPLATE_OUTPUT } from './helm-output.js';
import { runCli, tempTree } from './cli-helpers.js';

/** A chart whose templates parse as YAML (every action quoted): linted as manifests they would mislead. */
function chartTree(): string {
  return tempTree({
    'charts/kafka/Chart.yaml': 'apiVersion: v2\nname: kafka\nversion: 1.0.0\n',
    'charts/kafka/values.yaml': 'replicaCount: 3\n',
    'charts/kafka/templates/service.yaml':
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: "{{ .Release.Name }}-kafka"\n  namespace: "{{ .Release.Namespace }}"\nspec:\n  clusterIP: "{{ .Values.clusterIP }}"\n  ports:\n    - port: "{{ .Values.port }}"\n',
    'charts/kafka/templates/statefulset.yaml':
      'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: "{{ .Release.Name }}"\nspec:\n  serviceName: "{{ .Release.Name }}-kafka"\n  replicas: "{{ .Values.replicaCount }}"\n',
    'values-prod.yaml': 'replicaCount: 5\n',
  });
}

/** The fake helm lives outside the linted tree, so its output file is not an input. */
function fakeHelm(output: string): { env: NodeJS.ProcessEnv; argsFile: string } {
  const bin = tempTree({});
  const outputFile = path.join(bin, 'output.yaml');
  const argsFile = path.join(bin, 'args.txt');
  writeFileSync(outputFile, output);
  writeFileSync(path.join(bin, 'helm'), `#!/bin/sh\nprintf '%s\\n' "$@" > '${argsFile}'\ncat '${outputFile}'\n`);
  chmodSync(path.join(bin, 'helm'), 0o755);
  return { env: { PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}` }, argsFile };
}

describe('Helm chart folders', () => {
  it('without helm: one finding per chart naming the command to pipe, no template linted', () => {
    const dir = chartTree();
    const run = runCli(['-f', 'json', '.'], dir, undefined, { PATH: path.join(dir, 'no-tools') });
    const { findings } = JSON.parse(run.stdout) as { findings: { ruleId: string; messageId: string; file: string; message: string }[] };
    expect(findings.map((f) => `${f.file} ${f.ruleId}/${f.messageId}`)).toEqual(['charts/kafka/Chart.yaml unrendered-template/chartNotRendered']);
    expect(findings[0]?.message).toContain('helm template RELEASE charts/kafka | headless-lint -');
    expect(run.code).toBe(1);
  });

  it('with helm: renders the chart with the values files, findings name the templates in the chart folder', () => {
    const dir = chartTree();
    const { env, argsFile } = fakeHelm(HELM_TEMPLATE_OUTPUT);
    const run = runCli(['-f', 'json', '--helm-values', 'values-prod.yaml', '.'], dir, undefined, env);
    const args = readFileSync(argsFile, 'utf8').trim().split('\n');
    expect(args).toEqual(['template', path.join(dir, 'charts/kafka'), '--values', path.join(dir, 'values-prod.yaml')]);
    const { findings } = JSON.parse(run.stdout) as { findings: { ruleId: string; file: string }[] };
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) expect(f.file).toMatch(/^charts\/kafka\/(templates|charts\/zookeeper\/templates)\/[a-z-]+\.yaml$/);
    expect(findings.some((f) => f.file === 'charts/kafka/charts/zookeeper/templates/service.yaml' && f.ruleId === 'headless-selector-matches-nothing')).toBe(true);
  });

  it('a chart helm cannot render: an error naming its Chart.yaml, exit 2', () => {
    const dir = chartTree();
    const bin = tempTree({});
    writeFileSync(path.join(bin, 'helm'), "#!/bin/sh\necho 'Error: parse error at (kafka/templates/service.yaml:4): unexpected \"}\"' >&2\nexit 1\n");
    chmodSync(path.join(bin, 'helm'), 0o755);
    const run = runCli(['.'], dir, undefined, { PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}` });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('headless-lint: charts/kafka/Chart.yaml: helm template could not render this chart: parse error at (kafka/templates/service.yaml:4)');
  });
});
