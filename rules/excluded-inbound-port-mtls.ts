import { WORKLOAD_KINDS } from '../src/model/workload.js';
import { facts } from '../src/facts/index.js';
import { defineRule } from '../src/engine/rule.js';
import { flowTarget } from '../src/facts/headless/flows.js';
import { EXCLUDE_INBOUND_PORTS, inboundExclusion, outboundBypass } from '../src/facts/transport/inbound-capture.js';
import { containerPortOf, servicePorts } from '../src/facts/headless/service-ports.js';
import { serviceVisibleFrom } from '../src/facts/mesh/export-to.js';

const UNCAPTURED = "The pods of {{workload}} leave port {{port}} ({{service}} port {{servicePort}}) out of the sidecar's inbound capture ({{source}} ";
const STILL_MTLS = 'will still send Istio mTLS to it ({{reason}}): the application receives a TLS handshake it cannot read, and the calls are reset.';

export default defineRule({
  meta: {
    id: 'excluded-inbound-port-mtls',
    cause: 'beyond',
    severity: 'error',
    description: "A headless port is left out of the server sidecar's inbound capture while the callers' sidecars still send mTLS to it.",
    why:
      "traffic.sidecar.istio.io/excludeInboundPorts (or an includeInboundPorts list without the port) only changes the server pod's iptables rules: connections to that port reach the application directly. istiod does not know: with auto mTLS a client sidecar upgrades to Istio mTLS whenever the endpoint carries the security.istio.io/tlsMode=istio label, which every injected pod has. The application then receives a TLS handshake it cannot read, and the client sees resets or 503s. Only a DestinationRule with tls.mode DISABLE for that host and port makes the clients send plaintext (auto mTLS also falls back to plaintext when some pod of the Service has no sidecar, or a namespace-wide or mesh-wide PeerAuthentication is DISABLE; then nothing is reported). In an injected pod (the webhook's or kube-inject's output) the same exclusion is read from istio-init's -d/-b arguments. Callers without a sidecar, callers whose own sidecar leaves that outbound port uncaptured (excludeOutboundPorts, istio-init -o), and callers that cannot see the Service (their traffic is passthrough), are not affected.",
    diagnose: [
      'kubectl get pod <server-pod> -n <ns> -o jsonpath="{.metadata.annotations}"',
      'istioctl proxy-config cluster <caller-pod>.<caller-ns> --fqdn <svc>.<ns>.svc.cluster.local -o json | grep -i transport_socket',
      'kubectl logs <server-pod> -c <app> | grep -i "tls\\|handshake"',
    ],
    fix: 'Remove the port from excludeInboundPorts (add it to includeInboundPorts) so the sidecar terminates mTLS, or add a DestinationRule for the host with a portLevelSettings tls.mode DISABLE for that port.',
    sources: [
      'https://istio.io/latest/about/faq/ (security: "Does Auto mTLS work with the excludeInboundPorts annotations?" No; a DestinationRule with tls.mode DISABLE is needed)',
      'https://github.com/istio/istio/issues/30311',
      'https://github.com/istio/istio.io/pull/8917',
      'https://istio.io/latest/docs/reference/config/annotations/#SidecarTrafficExcludeInboundPorts',
      'istio/istio tools/istio-iptables/pkg/cmd/root.go (-b/-d inbound ports, -o outbound ports excluded, -i "" captures no outbound traffic)',
      'istio/istio pilot/pkg/model/push_context.go (BestEffortInferServiceMTLSMode: the auto mTLS hint for passthrough Services)',
      'https://istio.io/latest/docs/reference/config/networking/destination-rule/#ClientTLSSettings-TLSmode',
    ],
    messages: {
      excludedPort: `${UNCAPTURED}excludes it: "{{value}}"), but {{caller}} ${STILL_MTLS}`,
      excludedPortReplicas: `${UNCAPTURED}excludes it: "{{value}}"), but its own replicas ${STILL_MTLS}`,
      portNotIncluded: `${UNCAPTURED}captures only "{{value}}"), but {{caller}} ${STILL_MTLS}`,
      portNotIncludedReplicas: `${UNCAPTURED}captures only "{{value}}"), but its own replicas ${STILL_MTLS}`,
    },
    fixes: {
      captureOrDisableTls: 'Capture port {{port}} again, or add a DestinationRule for {{shortHost}} with portLevelSettings port {{servicePort}} tls.mode DISABLE.',
    },
    // Reported once per server port, for the first caller that sends mTLS: that caller is an example, and the
    // annotation's whole port list and the auto mTLS reason describe the finding. The pods and ports identify it.
    // Where the exclusion was read (an annotation, or istio-init's args once injected) describes it too.
    volatileData: ['value', 'caller', 'reason', 'source'],
    uses: [facts.clientTls, facts.headless, facts.headlessFlows, facts.injection, facts.meshConfigs, facts.proxySettings],
    requires: ['Service', WORKLOAD_KINDS],
  },
  check({ model, use, report }) {
    const defaultExportTo = use(facts.meshConfigs).main?.defaultServiceExportTo ?? ['*'];
    const reported = new Set<string>();
    for (const service of model.services.filter(use(facts.headless).isHeadless)) {
      const servers = model.selectedBy(service).filter((w) => use(facts.injection).of(w).injected === true);
      const flows = use(facts.headlessFlows).of(service);
      for (const sp of servicePorts(service)) {
        for (const server of servers) {
          const port = containerPortOf(sp, server);
          const exclusion = port === undefined ? undefined : inboundExclusion(server, port, use(facts.proxySettings).of(server));
          if (!exclusion) continue;
          for (const flow of flows) {
            if (flow.servicePort?.index !== sp.index) continue;
            // A single replica does not call itself through the mesh.
            if (!flow.reference && (flow.caller.replicas ?? 1) < 2) continue;
            if (use(facts.injection).of(flow.caller).injected !== true || !serviceVisibleFrom(service, flow.caller.namespace, defaultExportTo)) continue;
            // A caller whose own sidecar leaves that outbound port alone sends plaintext, which the server's application reads.
            if (outboundBypass(use(facts.proxySettings).of(flow.caller), port as number)) continue;
            const client = use(facts.clientTls).of(service, sp, flow.caller);
            if (!client.mtls) continue;
            const tls = client.tls;
            const key = `${server.display}\u0000${port}`;
            if (reported.has(key)) break;
            reported.add(key);
            const excluded = exclusion.annotation === EXCLUDE_INBOUND_PORTS;
            const replicas = flow.kind === 'peer';
            report({
              resource: exclusion.resource,
              path: exclusion.path,
              messageId: excluded ? (replicas ? 'excludedPortReplicas' : 'excludedPort') : replicas ? 'portNotIncludedReplicas' : 'portNotIncluded',
              data: {
                workload: server.display,
                port: port as number,
                service: service.display,
                servicePort: sp.port,
                value: exclusion.value,
                source: exclusion.source,
                ...(replicas ? {} : { caller: flow.caller.display }),
                reason: client.reason,
                shortHost: `${service.name}.${service.namespace}`,
              },
              fixId: 'captureOrDisableTls',
              related: [{ ...flowTarget(flow), message: `${flow.caller.display} calls ${service.display} on port ${sp.port} through its sidecar` }, ...(tls ? [{ resource: tls.rule, path: tls.path, message: `${tls.rule.display} sets tls.mode ${tls.mode}` }] : [])],
            });
            break;
          }
        }
      }
    }
  },
});
