import { describe, expect, it } from 'vitest';
import { clusteredSystemOf } from '../../src/knowledge/clustered-systems.js';
import { analysisOf, workload } from '../helpers/analysis-of.js';

const sts = (container: string) => `
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: x
  namespace: data
spec:
  template:
    spec:
      containers:
        - name: main
${container}
`;

const systemOf = (container: string) => clusteredSystemOf(workload(analysisOf(sts(container)), 'x'))?.system.name;

describe('clusteredSystemOf', () => {
  it('recognises images by repository name, whatever the registry and tag', () => {
    expect(systemOf('          image: quay.io/coreos/etcd:v3.5.9')).toBe('etcd');
    expect(systemOf('          image: confluentinc/cp-kafka@sha256:abc')).toBe('Kafka');
    expect(systemOf('          image: docker.elastic.co/elasticsearch/elasticsearch:8.13.0')).toBe('Elasticsearch');
  });

  it('recognises a peer port under an unknown image', () => {
    expect(systemOf('          image: example/kv:1\n          ports:\n            - containerPort: 3888')).toBe('ZooKeeper');
    expect(systemOf('          image: solsson/kafka:2.5.1\n          ports:\n            - containerPort: 2888')).toBe('ZooKeeper');
  });

  it('needs a clustering setting for images that also run alone', () => {
    expect(systemOf('          image: mongo:7')).toBeUndefined();
    expect(systemOf('          image: mongo:7\n          args: ["--replSet", "rs0"]')).toBe('MongoDB replica set');
    expect(systemOf('          image: redis:7\n          env:\n            - name: REDIS_CLUSTER_REPLICAS\n              value: "1"')).toBe('Redis cluster');
  });

  it('ignores other images', () => {
    expect(systemOf('          image: postgres:16\n          ports:\n            - containerPort: 5432')).toBeUndefined();
    expect(systemOf('          image: example/etcd-backup-tool-ui:1')).toBeUndefined();
    expect(systemOf('          image: provectuslabs/kafka-ui:latest')).toBeUndefined();
  });
});
