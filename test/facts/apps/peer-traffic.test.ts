import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { facts } from '../../../src/facts/index.js';
import { analysisOf, analysisOfFiles, workload } from '../../helpers/analysis-of.js';

const SYSTEMS = path.join(import.meta.dirname, '..', '..', 'knowledge', 'systems');

function peersOf(docs: string[] | Record<string, string>, name: string) {
  const analysis = Array.isArray(docs) ? analysisOf(...docs) : analysisOfFiles(docs);
  return analysis.use(facts.peerTraffic).of(workload(analysis, name));
}
const brief = (list: ReturnType<typeof peersOf>) => list.map((p) => `${p.portName}:${p.port}/${p.role}/${p.addressing}/${p.evidence.source}`);

const redis = (args: string) => `
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: redis, namespace: cache}
spec:
  serviceName: redis
  selector: {matchLabels: {app: redis}}
  template:
    metadata: {labels: {app: redis}}
    spec:
      containers:
        - name: redis
          image: redis:7.2-alpine
          command: [redis-server]
          args: ${args}
`;
const redisHeadless = `
apiVersion: v1
kind: Service
metadata: {name: redis, namespace: cache}
spec: {clusterIP: None, selector: {app: redis}, ports: [{name: tcp-redis, port: 7000}]}
`;

describe('facts.peerTraffic', () => {
  it('derives the Redis cluster bus from a client port moved by args, through the governing headless Service', () => {
    const peers = peersOf([redis('["--port", "7000", "--cluster-enabled", "yes"]'), redisHeadless], 'redis');
    expect(brief(peers)).toEqual(['bus:17000/gossip/pod-ip/args']);
    expect(peers[0]?.evidence.text).toBe('client port 7000 + 10000 (--port 7000)');
    expect(peers[0]?.service?.name).toBe('redis');
    expect(peers[0]?.protocol).toBe('tcp');
  });

  it('takes the bus port from cluster-port where Redis 7 sets it, and names from announce-hostname', () => {
    const peers = peersOf([redis('["--cluster-enabled", "yes", "--cluster-port", "16400", "--cluster-announce-hostname", "$(POD_NAME).redis"]'), redisHeadless], 'redis');
    expect(brief(peers)).toEqual(['bus:16400/gossip/per-pod-name/args']);
  });

  it('reads a port from a mounted ConfigMap (memberlist-style nested YAML and key=value files)', () => {
    const cm = `
apiVersion: v1
kind: ConfigMap
metadata: {name: redis-conf, namespace: cache}
data:
  redis.conf: |
    port 6380
    cluster-enabled yes
`;
    const peers = peersOf([redis('["/etc/redis/redis.conf"]').replace('          args:', '          volumeMounts: [{name: c, mountPath: /etc/redis}]\n          args:') + '      volumes: [{name: c, configMap: {name: redis-conf}}]\n', cm, redisHeadless], 'redis');
    expect(brief(peers)).toEqual(['bus:16380/gossip/pod-ip/configmap']);
    expect(peers[0]?.evidence.resource?.kind).toBe('ConfigMap');
    expect(peers[0]?.evidence.path).toEqual(['data', 'redis.conf']);
  });

  it('has no peer traffic for a plain Redis or an unknown workload', () => {
    expect(peersOf([redis('["--appendonly", "yes"]')], 'redis')).toEqual([]);
  });

  it('lists RabbitMQ epmd and the distribution port derived from the AMQP port', () => {
    const peers = peersOf({ 'rabbitmq.yaml': readFileSync(path.join(SYSTEMS, 'rabbitmq.yaml'), 'utf8') }, 'hello-world-server');
    expect(brief(peers)).toEqual(['epmd:4369/peer/per-pod-name/catalogue', 'dist:25672/peer/per-pod-name/catalogue']);
    expect(peers.every((p) => p.service?.name === 'hello-world-nodes')).toBe(true);
  });

  it('moves the distribution port with the AMQP port set by env', () => {
    const text = readFileSync(path.join(SYSTEMS, 'rabbitmq.yaml'), 'utf8').replace('- {name: RABBITMQ_USE_LONGNAME', '- {name: RABBITMQ_NODE_PORT, value: "5673"}\n            - {name: RABBITMQ_USE_LONGNAME');
    expect(brief(peersOf({ 'r.yaml': text }, 'hello-world-server'))).toEqual(['epmd:4369/peer/per-pod-name/catalogue', 'dist:25673/peer/per-pod-name/env']);
  });

  it('reads the KRaft controller port from the listener list of a mounted server.properties', () => {
    const text = readFileSync(path.join(SYSTEMS, 'kafka.yaml'), 'utf8').replace('CONTROLLER://:9093', 'CONTROLLER://:19093');
    const peers = peersOf({ 'k.yaml': text }, 'kafka-controller');
    expect(brief(peers)).toEqual(['replication:9094/replication/per-pod-name/configmap', 'controller:19093/election/per-pod-name/configmap']);
    expect(peers[1]?.evidence.text).toMatch(/^server\.properties: listeners=/);
  });

  it('finds JGroups 7800 and its failure-detection port for Keycloak, which declares neither', () => {
    const peers = peersOf({ 'kc.yaml': readFileSync(path.join(SYSTEMS, 'keycloak.yaml'), 'utf8') }, 'example-kc');
    expect(brief(peers)).toEqual(['jgroups:7800/peer/pod-ip/catalogue', 'jgroups-fd:57800/peer/pod-ip/catalogue']);
    expect(peers[0]?.protocol).toBe('jgroups');
  });

  it('reads a JGroups port passed as a system property in JAVA_OPTS_APPEND', () => {
    const text = readFileSync(path.join(SYSTEMS, 'keycloak.yaml'), 'utf8').replace('-Djgroups.dns.query=example-kc-discovery.keycloak', '-Djgroups.dns.query=example-kc-discovery.keycloak -Djgroups.bind.port=7900');
    const peers = peersOf({ 'kc.yaml': text }, 'example-kc');
    expect(brief(peers)).toEqual(['jgroups:7900/peer/pod-ip/env', 'jgroups-fd:57900/peer/pod-ip/env']);
  });

  it('reads quoted JSON-like keys (NATS cluster port)', () => {
    const text = readFileSync(path.join(SYSTEMS, 'nats.yaml'), 'utf8').replace('"port": 6222', '"port": 6223');
    const peers = peersOf({ 'n.yaml': text }, 'nats');
    expect(brief(peers)).toEqual(['cluster:6223/peer/per-pod-name/configmap', 'gateways:7522/replication/per-pod-name/catalogue']);
    expect(peers[0]?.serverFirst).toBe(true);
  });
});
