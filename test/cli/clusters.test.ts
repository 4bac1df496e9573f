/**
 * Several clusters in one run: --cluster NAME=PATH and the config file's `clusters:`. Each cluster
 * is linted on its own; findings name their cluster; the cross-cluster rules compare them.
 */
import { describe, expect, it } from 'vitest';
import type { LintResult } from '../../src/engine/types.js';
import { cli, scratch } from '../helpers/cli.js';

const service = (headless: boolean, extra = '') => `apiVersion: v1
kind: Service
metadata:
  name: kafka
  namespace: kafka
spec:
${headless ? '  clusterIP: None\n' : ''}  selector: {app: kafka}
  ports:
    - {name: tcp-kafka, port: 9092}
${extra}`;

// A Deployment with hostNetwork in a file both clusters read: one finding, reported once.
const shared = `apiVersion: v1
kind: Service
metadata:
  name: orphan
  namespace: kafka
spec:
  clusterIP: None
  selector: {app: nobody}
  ports:
    - {name: tcp, port: 1}
`;

const json = (stdout: string) => JSON.parse(stdout) as LintResult;

describe('--cluster', () => {
  it('lints each cluster, compares them, and names the cluster of each finding', () => {
    const dir = scratch({ 'east/kafka.yaml': service(true), 'west/kafka.yaml': service(false) });
    const { code, stdout } = cli(['--cluster', 'east=east', '--cluster', 'west=west', '-f', 'json'], dir);
    expect(code).toBe(1);
    const result = json(stdout);
    const found = result.findings.filter((f) => f.ruleId === 'multicluster-service-inconsistent');
    expect(found.map((f) => [f.file, f.messageId, f.cluster])).toEqual([['west/kafka.yaml', 'headlessDiffers', 'west']]);
    expect(found[0]?.message).toMatch(/\[cluster west\]$/);
    expect(found[0]?.related[0]?.file).toBe('east/kafka.yaml');
    expect(result.summary.clusters?.map((c) => [c.name, c.files])).toEqual([
      ['east', 1],
      ['west', 1],
    ]);
  });

  it('is silent on clusters that declare the Service alike', () => {
    const dir = scratch({ 'east/kafka.yaml': service(true), 'west/kafka.yaml': service(true) });
    const { stdout } = cli(['--cluster', 'east=east', '--cluster', 'west=west', '-f', 'json', '--rule', 'headless-selector-matches-nothing=off'], dir);
    expect(json(stdout).findings).toEqual([]);
  });

  it('reports a finding of a file every cluster reads once, without a cluster; one of a cluster file per cluster', () => {
    const dir = scratch({ 'east/kafka.yaml': service(true), 'west/kafka.yaml': service(true), 'common/orphan.yaml': shared });
    const { stdout } = cli(['--cluster', 'east=east', '--cluster', 'west=west', 'common', '-f', 'json'], dir);
    const findings = json(stdout).findings.filter((f) => f.ruleId === 'headless-selector-matches-nothing');
    const orphan = findings.filter((f) => f.file === 'common/orphan.yaml');
    expect(orphan.map((f) => f.cluster)).toEqual([undefined]);
    // kafka selects no pod in either cluster: each cluster reports its own copy, with its own fingerprint.
    const kafka = findings.filter((f) => f.file !== 'common/orphan.yaml');
    expect(kafka.map((f) => f.cluster).sort()).toEqual(['east', 'west']);
    expect(new Set(kafka.map((f) => f.fingerprint)).size).toBe(2);
  });

  it('adds paths to a cluster named twice, and rejects malformed specs with exit code 2', () => {
    const dir = scratch({ 'east/a.yaml': service(true), 'east2/b.yaml': service(true).replace('name: kafka\n', 'name: other\n'), 'west/kafka.yaml': service(false) });
    const { stdout } = cli(['--cluster', 'east=east', '--cluster', 'east=east2', '--cluster', 'west=west', '-f', 'json'], dir);
    expect(json(stdout).summary.clusters?.map((c) => [c.name, c.files])).toEqual([
      ['east', 2],
      ['west', 1],
    ]);
    for (const bad of ['east', 'east=', '=east', 'b@d=east']) {
      const run = cli(['--cluster', bad], dir);
      expect(run.code, bad).toBe(2);
      expect(run.stderr, bad).toMatch(/--cluster/);
    }
  });

  it('reports a cluster path that does not exist, and still lints the others', () => {
    const dir = scratch({ 'east/kafka.yaml': service(true) });
    const { code, stderr, stdout } = cli(['--cluster', 'east=east', '--cluster', 'west=missing', '-f', 'json'], dir);
    expect(code).toBe(2);
    expect(stderr).toMatch(/missing/);
    expect(json(stdout).summary.clusters?.[0]?.files).toBe(1);
  });
});

describe('clusters: in the configuration file', () => {
  it('reads paths relative to the file, with settings per cluster', () => {
    const dir = scratch({
      'mesh/.headless-lint.yaml': 'clusters:\n  east: east\n  west:\n    paths: [west]\n    istioVersion: "1.22"\n',
      'mesh/east/kafka.yaml': service(true),
      'mesh/west/kafka.yaml': service(false),
      'mesh/sub/.keep.yaml': '',
    });
    const { stdout } = cli(['-f', 'json'], `${dir}/mesh/sub`);
    const result = json(stdout);
    expect(result.summary.clusters?.map((c) => [c.name, c.istioVersion?.version, c.istioVersion?.source])).toEqual([
      ['east', undefined, undefined],
      ['west', '1.22', '../.headless-lint.yaml (clusters.west)'],
    ]);
    const found = result.findings.filter((f) => f.ruleId === 'multicluster-service-inconsistent');
    expect(found.map((f) => [f.file, f.cluster])).toEqual([['../west/kafka.yaml', 'west']]);
  });

  it('rejects a bad cluster entry with its file and line', () => {
    const dir = scratch({ '.headless-lint.yaml': 'clusters:\n  east: []\n' });
    const { code, stderr } = cli([], dir);
    expect(code).toBe(2);
    expect(stderr).toMatch(/\.headless-lint\.yaml:2:\d+: clusters\.east/);
  });

  it('--cluster replaces the file\'s clusters', () => {
    const dir = scratch({ '.headless-lint.yaml': 'clusters:\n  a: nowhere\n  b: nowhere-else\n', 'east/kafka.yaml': service(true), 'west/kafka.yaml': service(true) });
    const { code, stdout } = cli(['--cluster', 'east=east', '--cluster', 'west=west', '-f', 'json', '--rule', 'headless-selector-matches-nothing=off'], dir);
    expect(code).toBe(0);
    expect(json(stdout).summary.clusters?.map((c) => c.name)).toEqual(['east', 'west']);
  });
});
