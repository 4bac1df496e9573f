import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { facts } from '../../src/facts/index.js';
import { SYSTEMS, systemFiles, systems } from '../../src/knowledge/systems.js';
import { validateSystemFile } from '../../src/knowledge/validate-systems.js';
import { analysisOf, analysisOfFiles, workload } from '../helpers/analysis-of.js';

const FIXTURES = path.join(import.meta.dirname, 'systems');

/** A recognition fixture: a rendered chart or operator output, its header naming the expected answer. */
function fixture(id: string) {
  const text = readFileSync(path.join(FIXTURES, `${id}.yaml`), 'utf8');
  const header = (key: string) => new RegExp(`^# ${key}: (\\S+)$`, 'm').exec(text)?.[1];
  return { text, firstLine: text.split('\n')[0] ?? '', system: header('system'), mode: header('mode'), workload: header('workload') };
}

describe('the catalogue of clustered systems', () => {
  it('has one valid file per system, each named by its id', () => {
    const problems = systemFiles().flatMap((f) => validateSystemFile(f));
    expect(problems).toEqual([]);
    expect(systems().map((s) => s.id)).toEqual(systemFiles().map((f) => path.basename(f, '.yaml')));
  });

  it('is also readable as the SYSTEMS array', () => {
    expect(SYSTEMS.length).toBe(systems().length);
    expect(SYSTEMS.map((s) => s.id)).toContain('kafka');
    expect(Array.isArray(SYSTEMS)).toBe(true);
  });

  const good = readFileSync(path.join(process.cwd(), 'knowledge', 'systems', 'etcd.yaml'), 'utf8');
  it.each([
    ['a missing source list', good.replace(/^sources:\n( {2}- .*\n)+/m, '')],
    ['a source that is not a web address', good.replace('https://etcd.io/docs/latest/op-guide/configuration/', 'etcd docs')],
    ['an unknown port role', good.replace('role: peer,', 'role: chatter,')],
    ['a port without number or derivation', good.replace('number: 2380, ', '')],
    ['an image pattern that does not compile', good.replace("images: ['^etcd", "images: ['^(etcd")],
    ['an id other than the file name', good.replace('id: etcd', 'id: etcd3')],
    ['a derivation from an unknown port', good.replace('number: 2381,', 'derivedFrom: {port: nothing, offset: 1},')],
    ['an unknown field', good.replace('needsNotReadyPeers:', 'needsPeers: true\nneedsNotReadyPeers:')],
    ['a failure without text', good.replace(/failure: .*/, 'failure: ""')],
  ])('rejects %s', (_what, text) => {
    expect(validateSystemFile('/x/etcd.yaml', text)).not.toEqual([]);
  });

  it('has a recognition fixture for every entry, derived from a named chart or operator', () => {
    const fixtures = readdirSync(FIXTURES).filter((f) => f.endsWith('.yaml')).map((f) => path.basename(f, '.yaml'));
    expect(fixtures.sort()).toEqual(systems().map((s) => s.id).sort());
    for (const id of fixtures) expect(fixture(id).firstLine, id).toMatch(/^# Derived from .*\(.+\)/);
  });

  describe.each(systems().map((s) => s.id))('%s', (id) => {
    it('is recognised from its fixture, in the expected mode', () => {
      const f = fixture(id);
      expect(f.system).toBe(id);
      const analysis = analysisOfFiles({ [`${id}.yaml`]: f.text });
      const match = analysis.use(facts.systems).of(workload(analysis, f.workload as string));
      expect(match?.system.id).toBe(id);
      expect(match?.mode).toBe(f.mode);
      expect(match?.evidence.length).toBeGreaterThan(0);
    });
  });
});

const sts = (container: string, extra = '') => `
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: x, namespace: data}
spec:
  serviceName: x
  template:
    metadata: {labels: {app: x}}
    spec:
      containers:
        - name: main
${container}${extra}
`;
const headlessX = `
apiVersion: v1
kind: Service
metadata: {name: x, namespace: data}
spec: {clusterIP: None, selector: {app: x}, ports: [{port: 1}]}
`;

function systemOf(...docs: string[]) {
  const analysis = analysisOf(...docs);
  return analysis.use(facts.systems).of(workload(analysis, 'x'));
}

describe('facts.systems: what is not a clustered system', () => {
  it('a plain Redis is not a Redis cluster, nor any other system', () => {
    expect(systemOf(sts('          image: redis:7.2\n          ports: [{containerPort: 6379}]'))).toBeUndefined();
    expect(systemOf(sts('          image: bitnami/redis:7.2\n          env: [{name: REDIS_PASSWORD, value: x}]'))).toBeUndefined();
  });

  it('a generic image with no evidence is nothing', () => {
    expect(systemOf(sts('          image: example.com/team/api:1.4\n          ports: [{containerPort: 8080}]'))).toBeUndefined();
    expect(systemOf(sts('          image: eclipse-temurin:21\n          args: [start]'))).toBeUndefined();
  });

  it('a client of a system is not the system', () => {
    expect(systemOf(sts('          image: example/orders:1\n          env: [{name: KAFKA_BOOTSTRAP_SERVERS, value: "kafka:9092"}, {name: REDIS_HOST, value: redis}]'))).toBeUndefined();
    expect(systemOf(sts('          image: provectuslabs/kafka-ui:latest'))).toBeUndefined();
  });

  it('a MongoDB without a replica set is not a replica set', () => {
    expect(systemOf(sts('          image: mongo:7'))).toBeUndefined();
  });
});

describe('facts.systems: evidence beyond the image', () => {
  it('names ZooKeeper run from a Kafka image by what it is told to run', () => {
    const match = systemOf(sts('          image: solsson/kafka:2.5.1\n          command: [./bin/zookeeper-server-start.sh, /etc/kafka/zookeeper.properties]'));
    expect(match?.system.id).toBe('zookeeper');
  });

  it('finds the mode in a mounted ConfigMap', () => {
    const cm = `
apiVersion: v1
kind: ConfigMap
metadata: {name: conf, namespace: data}
data:
  redis.conf: |
    port 7000
    cluster-enabled yes
`;
    const match = systemOf(sts('          image: redis:7.2', '\n      volumes: [{name: c, configMap: {name: conf}}]'), cm);
    expect(match?.system.id).toBe('redis');
    expect(match?.mode).toBe('cluster');
    expect(match?.evidence.map((e) => e.kind)).toEqual(['configKey', 'image']);
    expect(match?.evidence[0]?.resource.kind).toBe('ConfigMap');
  });

  it('names a system by its operator label alone', () => {
    const match = systemOf(sts('          image: registry.example/custom:1').replace('labels: {app: x}', 'labels: {app: x, elasticsearch.k8s.elastic.co/cluster-name: quickstart}'));
    expect(match?.system.id).toBe('elasticsearch');
    expect(match?.evidence[0]?.kind).toBe('label');
  });

  it('answers per workload, leaving the others alone', () => {
    const analysis = analysisOf(sts('          image: quay.io/coreos/etcd:v3.5.9'), headlessX);
    expect(analysis.use(facts.systems).of(workload(analysis, 'x'))?.system.name).toBe('etcd');
  });
});
