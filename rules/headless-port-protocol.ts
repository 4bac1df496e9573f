import { WORKLOAD_KINDS } from '../src/model/workload.js';
import { facts } from '../src/facts/index.js';
import { defineRule } from '../src/engine/rule.js';
import { isHttpProtocol } from '../src/facts/transport/port-protocol.js';
import { serverFirstProtocol } from '../src/knowledge/server-first.js';
import { containerPortOf, servicePorts } from '../src/facts/headless/service-ports.js';
import { asArray, asObj, asString } from '../src/load/resource.js';
import type { Workload } from '../src/model/workload.js';
import { appProtocolTcp, renamePortRepair } from '../src/fix/repairs.js';
import type { HeadlessFlow } from '../src/facts/headless/flows.js';

/** Does the workload tell its peers its own pod IP (the Downward API), as clustered systems that advertise addresses do? */
function advertisesPodIp(workload: Workload): boolean {
  return workload.containers().some((c) =>
    asArray(c.container.env).some((e) => /^status\.podIPs?$/.test(asString(asObj(asObj(asObj(e)?.valueFrom)?.fieldRef)?.fieldPath) ?? '')),
  );
}

/**
 * Protocol sniffing and Host-based routing are the sidecars' doing: with no sidecar on the pods
 * behind the Service nor on anything that calls it, the bytes go straight to the app.
 */
function inMesh(backing: readonly Workload[], flows: readonly HeadlessFlow[], injected: (w: Workload) => boolean): boolean {
  return backing.some(injected) || flows.some((f) => injected(f.caller));
}

export default defineRule({
  meta: {
    id: 'headless-port-protocol',
    cause: 'beyond',
    severity: 'warning',
    description: 'A headless port leaves its protocol to auto-detection while the server speaks first, or is declared HTTP while peers call each other by pod IP.',
    why:
      'Without a protocol (port name prefix or appProtocol) Istio sniffs the first bytes the client sends; with a server-first protocol (NATS, SMTP, MySQL-compatible servers) the client waits for the server, the sidecar waits for the client, and the connection stalls until the detection timeout. An HTTP-declared headless port is routed by Host header: peers that call each other by pod IP send a Host no route matches, which gives 404 NR or 503. Which ports peers dial by pod IP comes from the catalogue of clustered systems (the management port of RabbitMQ or the API port of Vault is not dialled by pod IP); for an application it does not know, a replica that reads its own pod IP (status.podIP) is taken to advertise it. Both happen in sidecars: when neither the pods nor their callers have one, the rule is silent.',
    diagnose: [
      'kubectl get svc <svc> -n <ns> -o jsonpath="{.spec.ports}"',
      'istioctl proxy-config listener <client-pod>.<ns> --port <port> -o json',
      'kubectl logs <pod> -c istio-proxy | grep -E "NR|protocol"',
    ],
    fix: 'Name the port tcp-<name> (or set appProtocol: tcp) for server-first and peer-to-peer protocols; keep http-* names for ports clients reach by DNS name.',
    sources: [
      'https://istio.io/latest/docs/ops/deployment/application-requirements/#server-first-protocols',
      'https://istio.io/latest/docs/ops/configuration/traffic-management/protocol-selection/',
      'istio/istio pkg/config/kube/conversion.go (ConvertProtocol, well-known TCP ports 25, 53, 3306, 27017)',
      'https://istio.io/latest/docs/ops/common-problems/network-issues/#503-error-while-accessing-headless-services',
    ],
    messages: {
      serverFirstAutoDetected:
        'Port {{port}} of {{service}} has no protocol Istio recognises, so it is auto-detected, but {{workload}} serves {{protocol}} there, where the server speaks first: protocol detection waits for client bytes that never come and the connection stalls.',
      httpToPodIpPeers:
        "Port {{port}} of {{service}} is declared {{protocol}} ({{declaredBy}}), but the replicas of {{workload}} advertise their pod IPs (status.podIP) and call each other by IP: HTTP routing on a headless port matches the Host header, and a pod IP matches no route (404 NR / 503).",
    },
    fixes: {
      declareTcp: 'Name the port {{tcpName}} or set appProtocol: tcp.',
      declareTcpOrUseDnsNames: "Name the port {{tcpName}} (or appProtocol: tcp) so peers' traffic is forwarded as TCP, or make peers use the per-pod DNS names.",
      setAppProtocolTcp: 'Set appProtocol: tcp on port {{port}}.',
      renamePortTcp: 'Rename the port to {{tcpName}}.',
    },
    fixable: {
      fix: 'appProtocol: tcp on a port whose protocol Istio would otherwise sniff declares what the server-first protocol is anyway: the sidecar forwards the bytes as TCP instead of waiting for a client that never speaks first; names, SRV records and every other field stay as they are.',
      suggestions: 'Renaming a port changes its SRV records and every reference by port name; turning an HTTP port into TCP gives up HTTP routing, retries and metrics for all its clients: both are choices for a human.',
    },
    uses: [facts.headless, facts.injection, facts.headlessFlows, facts.systems, facts.peerTraffic],
    requires: ['Service'],
    reads: WORKLOAD_KINDS,
  },
  check({ model, use, report }) {
    // For a system the catalogue knows, its peer connections say which ports replicas dial by pod IP;
    // for others, a replica that reads its own pod IP is taken to advertise it on every port.
    const [systems, peerTraffic] = [use(facts.systems), use(facts.peerTraffic)];
    const dialsPodIpsOn = (w: Workload, port: number | undefined): boolean =>
      systems.of(w) ? peerTraffic.of(w).some((p) => p.addressing === 'pod-ip' && p.port === port) : advertisesPodIp(w);
    for (const service of model.services) {
      if (!use(facts.headless).isHeadless(service)) continue;
      const backing = model.selectedBy(service);
      if (!inMesh(backing, use(facts.headlessFlows).of(service), (w) => use(facts.injection).of(w).injected === true)) continue;
      for (const port of servicePorts(service)) {
        const protocol = port.protocol;
        if (protocol.protocol === 'auto') {
          const hit = backing
            .flatMap((w) => {
              const target = containerPortOf(port, w);
              return target === undefined ? [] : w.containers().map((c) => ({ w, target, kb: serverFirstProtocol(asString(c.container.image) ?? '', target) }));
            })
            .find((x) => x.kb);
          if (!hit?.kb) continue;
          report({
            resource: service,
            path: [...port.path, ...protocol.path],
            messageId: 'serverFirstAutoDetected',
            data: { port: port.port, service: service.display, workload: hit.w.display, protocol: hit.kb.name, tcpName: `tcp-${port.name ?? port.port}` },
            fixId: 'declareTcp',
            fix: { edits: appProtocolTcp(port.path) },
            ...renamePortRepair(service, port.path, `tcp-${port.name ?? port.port}`, 'renamePortTcp'),
          });
        } else if (isHttpProtocol(protocol.protocol)) {
          const peer = model.governedBy(service).find((w) => backing.includes(w) && dialsPodIpsOn(w, containerPortOf(port, w)));
          if (!peer) continue;
          report({
            resource: service,
            path: [...port.path, ...protocol.path],
            messageId: 'httpToPodIpPeers',
            data: {
              port: port.port,
              service: service.display,
              protocol: protocol.protocol,
              declaredBy: protocol.from,
              workload: peer.display,
              tcpName: `tcp-${port.name?.replace(/^[a-z0-9_]+-?/i, '') || port.port}`,
            },
            fixId: 'declareTcpOrUseDnsNames',
            suggestions: [{ fixId: 'setAppProtocolTcp', edits: appProtocolTcp(port.path) }],
          });
        }
      }
    }
  },
});
