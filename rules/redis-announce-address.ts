import { facts } from '../src/facts/index.js';
import { defineRule } from '../src/engine/rule.js';
import type { Located, Path } from '../src/load/parser.js';
import type { Resource } from '../src/load/resource.js';
import { textsOf, type CallerIndexInput, type ScannedText } from '../src/facts/calls/callers.js';
import { lineColumnOf } from '../src/text/dns-names.js';
import { WORKLOAD_KINDS, type Workload } from '../src/model/workload.js';
import { asString } from '../src/load/resource.js';

const INTERCEPTION_ANNOTATION = 'sidecar.istio.io/interceptionMode';

/** The setting that makes Redis announce its own address instead of the source its peers see, per catalogued mode. */
const ANNOUNCE: Record<string, { option: string; messageId: 'clusterWithoutAnnounce' | 'replicationWithoutAnnounce'; re: RegExp }> = {
  cluster: { option: 'cluster-announce-ip', messageId: 'clusterWithoutAnnounce', re: /\bcluster[-_]announce[-_](ip|hostname)\b/i },
  sentinel: { option: 'replica-announce-ip', messageId: 'replicationWithoutAnnounce', re: /\b(replica|slave)[-_]announce[-_]ip\b/i },
  replication: { option: 'replica-announce-ip', messageId: 'replicationWithoutAnnounce', re: /\b(replica|slave)[-_]announce[-_]ip\b/i },
};

/** An announce setting that points at the loopback, which peers cannot reach. */
const LOOPBACK_ANNOUNCE = /\b(cluster|replica|slave)[-_]announce[-_]ip["'=\s]+(127\.\d+\.\d+\.\d+|localhost)\b/i;

interface Spot {
  resource: Resource;
  path: Path;
  located: Located;
}

function spotOf(scanned: ScannedText, match: RegExpExecArray): Spot {
  const offset = match.index + (match[0].length - match[0].trimStart().length);
  const { line, column } = lineColumnOf(scanned.text, offset);
  return { resource: scanned.resource, path: scanned.path, located: scanned.resource.locateInText(scanned.path, line, column, match[0].trim().length) };
}

export default defineRule({
  meta: {
    id: 'redis-announce-address',
    cause: 'beyond',
    severity: 'error',
    description: 'Redis (or Valkey, KeyDB) replicates or clusters behind sidecars without announcing its own address: its peers record the sidecar\'s loopback source address instead.',
    why:
      "A Redis master learns a replica's address from the connection the replica opens, and a cluster node learns its peers' addresses the same way, unless the peer announces one (replica-announce-ip, cluster-announce-ip). Behind an Istio sidecar every inbound connection reaches the application from the sidecar, with source 127.0.0.6 (127.0.0.1 on Istio before 1.10); only TPROXY interception keeps the client's address. The master then lists its replicas as 127.0.0.6, Sentinel cannot promote one (NOGOODSLAVE) or hands clients a loopback address, and cluster nodes gossip loopback addresses for each other, so the cluster never forms or redirects clients to 127.0.0.6.",
    diagnose: [
      'kubectl exec <master-pod> -c <redis> -- redis-cli info replication',
      'kubectl exec <pod> -c <redis> -- redis-cli cluster nodes',
      'kubectl exec <sentinel-pod> -- redis-cli -p 26379 sentinel replicas <master-name>',
    ],
    fix: 'Announce each pod\'s own address: pass --replica-announce-ip (or --cluster-announce-ip) with the pod IP from the Downward API (env POD_IP from status.podIP), or its per-pod DNS name with hostname support (Redis 7: cluster-announce-hostname with cluster-preferred-endpoint-type hostname; Sentinel resolve-hostnames/announce-hostnames).',
    sources: [
      'https://raw.githubusercontent.com/redis/redis/7.2/redis.conf (replica-announce-ip, cluster-announce-ip: needed when the address a peer sees is not the node\'s own, as with NAT or forwarding)',
      'https://redis.io/docs/latest/operate/oss_and_stack/management/sentinel/#sentinel-docker-nat-and-possible-issues',
      'istio/istio pilot/pkg/networking/core/listener_address.go (InboundPassthroughBindIpv4 127.0.0.6: the source address of inbound traffic handed to the application)',
      'https://istio.io/latest/docs/ops/configuration/traffic-management/tproxy/ (TPROXY keeps the original source address)',
      'https://github.com/spotahome/redis-operator/issues/312',
      'https://github.com/istio/istio/issues/16078',
      'bitnami/containers bitnami/redis-cluster rootfs/opt/bitnami/scripts/librediscluster.sh (redis_cluster_override_conf always sets cluster-announce-ip)',
    ],
    messages: {
      replicationWithoutAnnounce:
        '{{workload}} runs {{system}} with replication on and a sidecar, but announces no address of its own (no replica-announce-ip): the master records each replica as the sidecar\'s loopback source 127.0.0.6, and Sentinel failover or replica discovery hands out an address nobody can reach.',
      clusterWithoutAnnounce:
        '{{workload}} runs {{system}} in cluster mode with a sidecar, but announces no address of its own (no cluster-announce-ip): nodes record each other by the sidecar\'s loopback source 127.0.0.6, so the cluster bus and client redirects point at an unreachable address.',
      loopbackAnnounce: '{{workload}} announces a loopback address to its peers ({{setting}}): no other pod can reach it.',
    },
    fixes: {
      announcePodIp: 'Add --{{option}} $(POD_IP) to the server\'s arguments, with env POD_IP from fieldRef status.podIP.',
      announceOwnAddress: 'Announce the pod IP (status.podIP) or the pod\'s per-pod DNS name instead.',
    },
    volatileData: ['system'],
    uses: [facts.injection, facts.systems],
    requires: [WORKLOAD_KINDS],
    reads: ['ConfigMap'],
  },
  check({ model, use, report }) {
    const input: CallerIndexInput = {
      workloads: [...model.workloads],
      configMap: (ns, name) => model.get('ConfigMap', ns, name),
      // The texts are read for settings, not for names: no Service lookup.
      service: () => undefined,
    };
    for (const workload of model.workloads) {
      const running = use(facts.systems).of(workload);
      if (running?.system.id !== 'redis' || !running.mode || !sidecarInPath(workload, use(facts.injection).of(workload).injected)) continue;
      const announce = ANNOUNCE[running.mode];
      if (!announce) continue;
      if (announcedByImage(workload)) continue;
      const texts = [...textsOf(workload, input)];
      const loopback = findIn(texts, LOOPBACK_ANNOUNCE);
      if (loopback) {
        report({ ...loopback.spot, messageId: 'loopbackAnnounce', data: { workload: workload.display, setting: loopback.match[0].trim() }, fixId: 'announceOwnAddress' });
        continue;
      }
      if (findIn(texts, announce.re)) continue;
      const evidence = running.evidence[0];
      report({
        resource: evidence?.resource ?? workload.resource,
        path: evidence?.path ?? workload.specPath('containers'),
        messageId: announce.messageId,
        data: { workload: workload.display, system: `${running.system.name} ${running.mode}`, option: announce.option },
        fixId: 'announcePodIp',
      });
    }
  },
});

/**
 * Bitnami's images write the announce address themselves at start: redis-cluster and
 * valkey-cluster always set cluster-announce-ip (librediscluster.sh redis_cluster_override_conf,
 * "to avoid issues when using proxies"), and the charts' start scripts pass the replica's address;
 * their configuration in the manifests does not show it.
 */
function announcedByImage(workload: Workload): boolean {
  return workload.containers().some((c) => /(^|\/)bitnami\/(redis|valkey)(-cluster|-sentinel)?(:|@|$)/.test(asString(c.container.image) ?? ''));
}

/** A sidecar forwards the pod's inbound traffic, and with redirect interception it rewrites the source. */
function sidecarInPath(workload: Workload, injected: boolean | undefined): boolean {
  return injected === true && workload.annotations[INTERCEPTION_ANNOTATION]?.toUpperCase() !== 'TPROXY';
}

function findIn(texts: readonly ScannedText[], re: RegExp): { spot: Spot; match: RegExpExecArray } | undefined {
  for (const scanned of texts) {
    const match = re.exec(scanned.text);
    if (match) return { spot: spotOf(scanned, match), match };
  }
  return undefined;
}
