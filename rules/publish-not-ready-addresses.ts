import { WORKLOAD_KINDS } from '../src/model/workload.js';
import { facts } from '../src/facts/index.js';
import { safeFix } from '../src/fix/repairs.js';
import { setValue } from '../src/fix/edits.js';
import { defineRule } from '../src/engine/rule.js';
import { modeOf, type SystemEntry } from '../src/knowledge/systems.js';
import { asObj, asString, hasOwn } from '../src/load/resource.js';

const PEERS_HIDDEN =
  'Headless {{service}} governs {{statefulSet}}, which runs {{system}} ({{evidence}}); its pods have a readiness probe but the Service does not set publishNotReadyAddresses: true, so its DNS lists only ready pods';

/** What the catalogue says about the system's peers before they are ready, in its mode. */
function notReadyPeers(system: SystemEntry, mode: string | undefined): { value: boolean; failure: string } {
  return modeOf(system, mode)?.needsNotReadyPeers ?? system.needsNotReadyPeers;
}

/** The system's name with its mode when only the mode makes it a cluster ("Redis cluster"). */
function systemName(system: SystemEntry, mode: string | undefined): string {
  const modeName = modeOf(system, mode)?.name;
  return system.needsMode && modeName ? `${system.name} ${modeName}` : system.name;
}

export default defineRule({
  meta: {
    id: 'publish-not-ready-addresses',
    cause: 6,
    severity: 'info',
    description: 'A clustered system whose peers must see each other before they are ready (per the catalogue in knowledge/systems/: ZooKeeper, etcd, Cassandra, Kafka in KRaft mode, Elasticsearch, NATS, RabbitMQ, ...) runs as a StatefulSet with a readiness probe behind a headless Service without publishNotReadyAddresses: true.',
    why:
      "A headless Service's DNS answer and per-pod names list only ready pods unless publishNotReadyAddresses is true, in CoreDNS and in Istio's DNS proxy alike. Clustered systems become ready only after they reach their peers (quorum, gossip seeds, a replica set primary), and they reach them by those per-pod names: while no pod is ready, none can be found, and the cluster never forms. The default OrderedReady pod management makes it worse: pod 1 is not even created until pod 0 is ready. Whether a system needs it, and what fails without it, is data in the catalogue of clustered systems (knowledge/systems/, needsNotReadyPeers): systems whose replicas need no peer before they are ready (Kafka with ZooKeeper, Hazelcast, plain Redis replication) are not reported. With OrderedReady pod management, publishNotReadyAddresses alone does not help a system whose readiness waits for its peers (the first pod never becomes ready and the second is never created), and one whose readiness does not wait forms pod by pod: the message says so. It is information to check, not a defect.",
    diagnose: [
      'kubectl -n <ns> get pods -l <selector> -o wide',
      'kubectl -n <ns> get endpointslices -l kubernetes.io/service-name=<svc> -o yaml',
      'kubectl -n <ns> exec <pod> -- nslookup <pod>-1.<svc>.<ns>.svc.<domain>',
    ],
    fix: 'Set publishNotReadyAddresses: true on the headless governing Service (clients keep using a separate ClusterIP Service that lists ready pods only), and consider podManagementPolicy: Parallel.',
    sources: [
      'https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/ (only ready endpoints unless publishNotReadyAddresses)',
      'https://kubernetes.io/docs/reference/kubernetes-api/service-resources/service-v1/#ServiceSpec (publishNotReadyAddresses)',
      'istio/istio pkg/dns/server/name_table.go (the DNS proxy lists not-ready pods only with publishNotReadyAddresses)',
      'https://github.com/kubernetes/kubernetes/issues/92559',
      'https://github.com/nats-io/k8s/issues/441',
    ],
    messages: {
      peersHidden: `${PEERS_HIDDEN}, and its pods start together: {{failure}}.`,
      peersHiddenOrderedReady: `${PEERS_HIDDEN}. OrderedReady pod management starts each pod once the previous one is ready, so the cluster forms pod by pod only if readiness does not wait for peers. If it does, the first pod never becomes ready and the second is never created ({{system}}: {{failure}}); set podManagementPolicy: Parallel together with publishNotReadyAddresses: true.`,
    },
    fixes: {
      publishNotReady: 'Add publishNotReadyAddresses: true to the headless Service spec.',
    },
    fixable: {
      fix: 'publishNotReadyAddresses: true only publishes the DNS records of pods that are not ready yet, which is what a clustered system needs to form its cluster; the Service is headless, so no load balancing depends on readiness, and nothing else changes.',
    },
    // How the system was recognised (an image, a setting) and the catalogue's words for what fails
    // describe the finding; the Service, the StatefulSet and the system identify it.
    volatileData: ['evidence', 'failure'],
    uses: [facts.headless, facts.systems],
    requires: ['StatefulSet', 'Service'],
    trace: { hops: ['service'] },
    reads: WORKLOAD_KINDS,
  },
  check({ model, use, report }) {
    for (const w of model.workloads) {
      if (w.kind !== 'StatefulSet') continue;
      const serviceName = asString(w.resource.spec.serviceName);
      const service = serviceName ? model.get('Service', w.namespace, serviceName) : undefined;
      if (!service || !use(facts.headless).isHeadless(service) || service.spec.publishNotReadyAddresses === true) continue;
      const probed = w.containers().find((c) => asObj(c.container.readinessProbe));
      if (!probed) continue;
      const match = use(facts.systems).of(w);
      if (!match) continue;
      const needs = notReadyPeers(match.system, match.mode);
      if (!needs.value) continue;
      const evidence = match.evidence[0];
      const system = systemName(match.system, match.mode);
      const ordered = asString(w.resource.spec.podManagementPolicy) !== 'Parallel';
      report({
        resource: service,
        path: hasOwn(service.spec, 'publishNotReadyAddresses') ? ['spec', 'publishNotReadyAddresses'] : ['spec', 'clusterIP'],
        messageId: ordered ? 'peersHiddenOrderedReady' : 'peersHidden',
        data: { service: service.display, statefulSet: w.display, system, evidence: evidence?.text ?? 'the catalogue', failure: needs.failure },
        fixId: 'publishNotReady',
        ...safeFix([setValue(['spec', 'publishNotReadyAddresses'], true)]),
        related: [
          { resource: w.resource, path: [...probed.path, 'readinessProbe'], key: true, message: `readiness probe of container ${probed.name}` },
          ...(evidence ? [{ resource: evidence.resource, path: evidence.path, message: `${system}: ${evidence.text}` }] : []),
        ],
      });
    }
  },
});
