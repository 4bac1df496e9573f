/**
 * A small knowledge base of clustered systems: their replicas find each other (quorum, gossip,
 * peer bootstrap) through the headless Service's per-pod names before they report ready.
 * Matched by container image name, or by a port only such a system uses for peer traffic.
 */
import { asArray, asObj, asString, textList } from '../load/resource.js';
import type { Path } from '../load/parser.js';
import type { Container, Workload } from '../model/workload.js';

export interface ClusteredSystem {
  name: string;
  /** the image's repository name (after the last `/`, before the tag) */
  image: RegExp;
  /** ports used only for peer traffic: a match names the system even under another image */
  peerPorts: number[];
  /** some images run standalone too: a clustering setting must show in args, command or env */
  needs?: RegExp;
}

export const CLUSTERED_SYSTEMS: readonly ClusteredSystem[] = [
  { name: 'ZooKeeper', image: /^(zookeeper|cp-zookeeper)$/, peerPorts: [2888, 3888] },
  { name: 'etcd', image: /^etcd(-(amd64|arm64|ppc64le|s390x))?$/, peerPorts: [2380] },
  { name: 'Cassandra', image: /^(cassandra|scylla|dse-server)$/, peerPorts: [7000, 7001] },
  { name: 'Kafka', image: /^(kafka|cp-kafka|cp-server)$/, peerPorts: [] },
  { name: 'Elasticsearch', image: /^(elasticsearch|opensearch)$/, peerPorts: [9300] },
  { name: 'NATS', image: /^nats(-server|-streaming)?$/, peerPorts: [6222] },
  { name: 'RabbitMQ', image: /^rabbitmq$/, peerPorts: [4369, 25672] },
  { name: 'Consul', image: /^consul$/, peerPorts: [8301, 8302] },
  { name: 'CockroachDB', image: /^cockroach$/, peerPorts: [26257] },
  { name: 'Redis cluster', image: /^(redis|redis-cluster|valkey)$/, peerPorts: [16379], needs: /cluster-enabled|REDIS_CLUSTER/i },
  { name: 'MongoDB replica set', image: /^(mongo|mongodb)$/, peerPorts: [], needs: /--replSet|MONGODB_REPLICA_SET|replication\.replSetName/i },
  { name: 'Galera (MariaDB/MySQL)', image: /^(mariadb-galera|galera|percona-xtradb-cluster)$/, peerPorts: [4567, 4568, 4444] },
  { name: 'Hazelcast', image: /^hazelcast$/, peerPorts: [5701] },
  { name: 'Vault (raft)', image: /^vault$/, peerPorts: [8201] },
];

export interface ClusteredMatch {
  system: ClusteredSystem;
  container: Container;
  /** the field that gave it away: the image, or the peer port */
  path: Path;
  evidence: string;
}

/** The repository name of an image reference: after the last `/`, without tag or digest, lowercased. */
export function imageRepository(image: string): string {
  const noDigest = image.split('@')[0] ?? '';
  const last = noDigest.slice(noDigest.lastIndexOf('/') + 1);
  return (last.split(':')[0] ?? '').toLowerCase();
}

/** The text a clustering setting may be written in: command, args and env values. */
function settingsText(c: Container): string {
  const env = asArray(c.container.env).map((e) => `${asString(asObj(e)?.name) ?? ''}=${asString(asObj(e)?.value) ?? ''}`);
  return [...textList(c.container.command), ...textList(c.container.args), ...env].join('\n');
}

/** The clustered system a workload runs, if the knowledge base recognises one of its containers. */
export function clusteredSystemOf(workload: Workload): ClusteredMatch | undefined {
  // A peer port names the role a container plays even under a generic image (ZooKeeper run from a Kafka image).
  for (const port of workload.ports()) {
    const system = CLUSTERED_SYSTEMS.find((s) => s.peerPorts.includes(port.containerPort));
    if (system) return { system, container: port.container, path: [...port.path, 'containerPort'], evidence: `peer port ${port.containerPort}` };
  }
  for (const container of workload.containers()) {
    const image = asString(container.container.image) ?? '';
    const repo = imageRepository(image);
    for (const system of CLUSTERED_SYSTEMS) {
      if (system.needs && !system.needs.test(settingsText(container))) continue;
      if (system.image.test(repo)) return { system, container, path: [...container.path, 'image'], evidence: `image ${image}` };
    }
  }
  return undefined;
}
