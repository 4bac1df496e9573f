/**
 * Kustomize folders rendered by the real Kustomize (`kubectl kustomize` or `kustomize build`):
 * each object located in the file it came from, patches and overlays understood, each overlay
 * its own cluster. Skipped only where no Kustomize is installed and CI is not set.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/lint.js';
import { defaultKustomizeCommand } from '../../src/load/kustomize-build.js';
import { runCli, tempTree } from '../e2e/cli-helpers.js';

const command = defaultKustomizeCommand();
if (!command) {
  if (process.env.CI) throw new Error('neither kustomize nor kubectl is on PATH, but CI must run the Kustomize tests (.ci/run installs kubectl)');
  console.warn('skipping the Kustomize tests: neither kustomize nor kubectl is on PATH');
}

const STATEFULSET = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: kafka
spec:
  serviceName: kafka-headless
  replicas: 3
  selector:
    matchLabels: { app: kafka }
  template:
    metadata:
      labels: { app: kafka }
    spec:
      containers:
        - name: kafka
          image: apache/kafka:3.7.0
          ports:
            - containerPort: 9092
          env:
            - name: KAFKA_PEER
              value: kafka-0.kafka-headless:9092
`;

const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: kafka-headless
spec:
  clusterIP: None
  selector: { app: kafka }
  ports:
    - name: tcp-kafka
      port: 9092
`;

/** A base and two overlays, as in most repositories: staging renames nothing, production adds a namePrefix. */
function kafkaTree(extra: Record<string, string> = {}): string {
  return tempTree({
    'base/kustomization.yaml': 'resources:\n  - statefulset.yaml\n  - service.yaml\n',
    'base/statefulset.yaml': STATEFULSET,
    'base/service.yaml': SERVICE,
    'overlays/staging/kustomization.yaml': 'namespace: staging\nresources:\n  - ../../base\npatches:\n  - path: replicas.yaml\n',
    // a strategic-merge patch: repeats kind and name, but is an edit, not an object
    'overlays/staging/replicas.yaml': 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: kafka\nspec:\n  replicas: 1\n',
    'overlays/production/kustomization.yaml': 'namespace: production\nnamePrefix: prod-\nresources:\n  - ../../base\n',
    ...extra,
  });
}

const spots = (findings: { file: string; line: number; column: number; ruleId: string }[]) => findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`);

describe.skipIf(!command)('Kustomize folders', () => {
  it('finds a per-pod name that a namePrefix broke, at the line of the base that writes it', () => {
    const dir = kafkaTree();
    const { result, inputErrors } = lint({ paths: ['overlays/production'], cwd: dir });
    expect(inputErrors).toEqual([]);
    const dns = result.findings.filter((f) => f.ruleId === 'dns-name-unresolvable');
    expect(spots(dns)).toEqual(['base/statefulset.yaml:21:22 dns-name-unresolvable']);
    expect(dns[0]?.message).toContain('Kustomize renamed to prod-kafka-headless');
    expect(dns[0]?.resource).toMatchObject({ kind: 'StatefulSet', namespace: 'production', name: 'prod-kafka' });
    expect(dns[0]?.related.map((r) => `${r.file}:${r.line}`)).toEqual(['base/service.yaml:4']);
  });

  it('lints each overlay of a root as its own cluster: no duplicates, findings labelled by overlay, patches not objects', () => {
    const dir = kafkaTree();
    const { result, inputErrors } = lint({ paths: ['.'], cwd: dir });
    expect(inputErrors).toEqual([]);
    expect(result.findings.filter((f) => f.ruleId === 'duplicate-resource' || f.ruleId === 'manifest-schema')).toEqual([]);
    expect(result.findings.some((f) => f.file === 'overlays/staging/replicas.yaml')).toBe(false);
    const dns = result.findings.filter((f) => f.ruleId === 'dns-name-unresolvable');
    expect(dns.map((f) => f.overlay)).toEqual(['overlays/production']);
    expect(dns[0]?.message).toMatch(/\[overlay overlays\/production\]$/);
    // The same base object yields a finding in each overlay: two findings, two fingerprints.
    const shared = result.findings.filter((f) => f.ruleId === 'workload-not-injected');
    expect(shared.map((f) => f.overlay).sort()).toEqual(['overlays/production', 'overlays/staging']);
    expect(new Set(shared.map((f) => f.fingerprint)).size).toBe(2);
  });

  it('points at the patch that writes the reported value', () => {
    const dir = kafkaTree({
      'overlays/staging/kustomization.yaml': 'namespace: staging\nresources:\n  - ../../base\npatches:\n  - path: service-ip.yaml\n',
      'overlays/staging/service-ip.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: kafka-headless\nspec:\n  clusterIP: 10.96.0.20\n',
    });
    const { result } = lint({ paths: ['overlays/staging'], cwd: dir });
    const notHeadless = result.findings.filter((f) => f.ruleId === 'service-not-headless');
    expect(notHeadless.length).toBeGreaterThan(0);
    expect(spots(notHeadless)[0]).toBe('overlays/staging/service-ip.yaml:6:14 service-not-headless');
  });

  it('points at the object in its source file, with the patch as a related location, when no file writes the field', () => {
    const dir = kafkaTree({
      'overlays/staging/kustomization.yaml':
        'namespace: staging\nresources:\n  - ../../base\npatches:\n  - path: drop-ports.yaml\n    target:\n      kind: Service\n      name: kafka-headless\n',
      'overlays/staging/drop-ports.yaml': '- op: remove\n  path: /spec/ports\n',
    });
    const { result } = lint({ paths: ['overlays/staging'], cwd: dir });
    const undeclared = result.findings.find((f) => f.ruleId === 'headless-port-undeclared');
    expect(undeclared, JSON.stringify(result.findings, null, 1)).toBeDefined();
    expect(undeclared?.file).toBe('base/service.yaml');
    expect(undeclared?.related.map((r) => `${r.file}:${r.line}`)).toContain('overlays/staging/drop-ports.yaml:1');
  });

  it('lints a base that no overlay uses on its own, and plain manifests beside the overlays', () => {
    const dir = kafkaTree({
      'unused-base/kustomization.yaml': 'resources:\n  - service.yaml\n',
      'unused-base/service.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: lonely\nspec:\n  clusterIP: 10.0.0.1\n  ports:\n    - port: 80\n',
      'plain/namespace.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: staging\n',
    });
    const { result, analyses } = lint({ paths: ['.'], cwd: dir });
    expect(analyses?.length).toBe(3);
    const lonely = analyses?.find((a) => a.model.resources.some((r) => r.name === 'lonely'));
    expect(lonely?.model.resources.map((r) => r.display).sort()).toEqual(['Namespace staging', 'Service default/lonely']);
    // the Namespace, two objects in each overlay, the unused base's Service
    expect(result.summary.resources).toBe(6);
  });

  it('without Kustomize on PATH: one error naming the folder and the command to pipe, exit 2; other inputs still linted', () => {
    const dir = kafkaTree({ 'plain/service.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: db\nspec:\n  clusterIP: 10.0.0.9\n  ports: [{ port: 5432 }]\n' });
    const run = runCli(['-f', 'json', 'overlays/production', 'plain'], dir, undefined, { PATH: path.join(dir, 'no-tools') });
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual([
      'headless-lint: overlays/production: is a Kustomize folder (kustomization.yaml), but neither kustomize nor kubectl is on PATH, so it cannot be rendered; install kubectl (it includes Kustomize: https://kubernetes.io/docs/tasks/tools/) or pipe the rendered output: kubectl kustomize overlays/production | headless-lint --stdin-filename overlays/production -',
    ]);
    expect((JSON.parse(run.stdout) as { summary: { resources: number } }).summary.resources).toBe(1);
  });

  it('a kustomization Kustomize rejects: an error naming its file, the other overlays still linted', () => {
    const dir = kafkaTree({ 'overlays/broken/kustomization.yaml': 'resources:\n  - missing.yaml\n' });
    const run = runCli(['-f', 'json', '.'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^headless-lint: overlays\/broken\/kustomization\.yaml: .* could not build this kustomization: .*missing\.yaml/);
    expect(run.stderr).not.toContain('headless-lint-kustomize-');
    const findings = (JSON.parse(run.stdout) as { findings: { ruleId: string }[] }).findings;
    expect(findings.some((f) => f.ruleId === 'dns-name-unresolvable')).toBe(true);
  });

  it('--kustomize-command chooses the program', () => {
    const dir = kafkaTree();
    const bogus = runCli(['--kustomize-command', 'no-such-kustomize build', 'overlays/production'], dir);
    expect(bogus.code).toBe(2);
    expect(bogus.stderr).toContain('no-such-kustomize build could not build this kustomization');
    const chosen = runCli(['--kustomize-command', (command as string[]).join(' '), 'overlays/production'], dir);
    expect(chosen.code).toBe(1);
    expect(chosen.stdout).toContain('dns-name-unresolvable');
  });

  it('does not touch the user files: the origin annotations it asks for are not in the objects', () => {
    const dir = kafkaTree();
    writeFileSync(path.join(dir, 'overlays/production/kustomization.yaml'), 'namespace: production\nnamePrefix: prod-\nresources:\n  - ../../base\n');
    const { analysis } = lint({ paths: ['overlays/production'], cwd: dir });
    for (const r of analysis.model.resources) expect(Object.keys(r.annotations)).not.toContain('config.kubernetes.io/origin');
  });
});
