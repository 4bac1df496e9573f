import { facts } from '../src/facts/index.js';
import { defineRule } from '../src/engine/rule.js';
import { resolveBinds } from '../src/knowledge/bind-address.js';
import { WORKLOAD_KINDS } from '../src/model/workload.js';

export default defineRule({
  meta: {
    id: 'server-bind-address',
    cause: 'beyond',
    severity: 'error',
    description: 'A clustered server listens only on an address the sidecar does not deliver inbound traffic to, for the Istio release in use: the pod IP before Istio 1.10, loopback from 1.10 on.',
    why:
      'The sidecar receives every inbound connection and opens its own to the application. Up to Istio 1.9 it connected to 127.0.0.1, so a server bound only to the pod IP (ZooKeeper\'s quorum and election ports with quorumListenOnAllIPs=false, Cassandra\'s listen_address, JGroups on SITE_LOCAL, Kafka listeners or etcd peer URLs on $(POD_IP), Elasticsearch on _site_) refused it: peers get "connection reset" and the ensemble never forms. From Istio 1.10 the sidecar connects to the pod IP, as a caller without Istio would, so those servers work, and one bound only to loopback (127.0.0.1, localhost, _local_) is now unreachable through the sidecar, where before 1.10 it was reachable. A server listening on all interfaces (0.0.0.0, ::) works with every release. The address a system binds, and the settings that change it, come from the catalogue of clustered systems; the Istio release from the input (istiod or proxy image, revision, --istio-version).',
    diagnose: [
      'kubectl -n <ns> exec <pod> -c istio-proxy -- netstat -tln   # or ss -tln: the address each port listens on',
      'istioctl proxy-config listener <pod>.<ns> --port 15006',
      'kubectl -n <ns> logs <pod> -c istio-proxy | grep "upstream connect error\\|connection refused"',
    ],
    fix: 'Listen on all interfaces (0.0.0.0, or the system\'s own switch: quorumListenOnAllIPs=true, network.bind_host: 0.0.0.0, listeners with an empty host) and keep announcing the pod IP or per-pod name to peers; or, before Istio 1.10, upgrade Istio.',
    sources: [
      'https://istio.io/latest/blog/2021/upcoming-networking-changes/ (inbound forwarding to the pod IP from 1.10; servers bound to localhost are no longer reachable, servers bound to the pod IP now are)',
      'https://istio.io/latest/news/releases/1.10.x/announcing-1.10/upgrade-notes/#inbound-forwarding-configuration',
      'https://istio.io/latest/faq/applications/ (ZooKeeper, Elasticsearch and other servers that bind to the pod IP before Istio 1.10)',
      'https://zookeeper.apache.org/doc/current/zookeeperAdmin.html#sc_clusterOptions (quorumListenOnAllIPs; each system\'s bind settings are cited in its knowledge/systems entry, the release change in knowledge/istio/behaviour.yaml inbound-forwarding)',
    ],
    messages: {
      podIpBeforePassthrough:
        '{{workload}} runs {{system}}, which listens on the pod IP only ({{setting}}: {{how}}); Istio {{istio}} delivers inbound traffic to 127.0.0.1, so every connection through the sidecar is refused and peers never reach it.',
      loopbackOnly:
        '{{workload}} runs {{system}}, which listens on loopback only ({{setting}}: {{how}}); Istio {{istio}} delivers inbound traffic to the pod IP, as without Istio, so nothing reaches it through the sidecar.',
    },
    fixes: {
      listenOnAll: 'Make {{system}} listen on all interfaces ({{setting}}), and keep advertising its pod IP or per-pod name to peers.',
    },
    volatileData: ['istio', 'how'],
    uses: [facts.systems, facts.injection, facts.istioVersion],
    requires: [WORKLOAD_KINDS],
    trace: { hops: ['transport'] },
  },
  check({ model, use, report }) {
    const version = use(facts.istioVersion);
    for (const workload of model.workloads) {
      const running = use(facts.systems).of(workload);
      // Without a sidecar the caller connects to the pod IP itself: whatever the release, nothing changes.
      if (!running || use(facts.injection).of(workload).injected !== true) continue;
      for (const bind of resolveBinds(running.system, use(facts.systems).inputsOf(workload))) {
        if (bind.kinds.includes('all')) continue;
        // Asked only here, so a run whose servers listen everywhere does not depend on the release.
        const delivered = version.behaviour('inbound-forwarding').value as 'localhost' | 'pod-ip';
        if (bind.kinds.includes(delivered)) continue;
        const messageId = delivered === 'localhost' ? 'podIpBeforePassthrough' : 'loopbackOnly';
        const how = bind.found ? `${bind.found.text}` : `the default, ${bind.setting.default}`;
        const at = bind.found?.resource ? { resource: bind.found.resource, path: bind.found.path ?? [] } : { resource: workload.resource, path: workload.specPath('containers') };
        report({
          ...at,
          messageId,
          data: { workload: workload.display, system: running.system.name, setting: bind.setting.setting, how, istio: version.version },
          fixId: 'listenOnAll',
          related: version.resource ? [{ resource: version.resource, path: version.path ?? ['metadata', 'name'], message: `Istio ${version.version}: ${version.detail}` }] : [],
        });
      }
    }
  },
});
