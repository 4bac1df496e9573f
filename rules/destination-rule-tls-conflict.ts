import { facts } from '../src/facts/index.js';
import { defineRule } from '../src/engine/rule.js';
import { serviceHost, tlsFor } from '../src/facts/transport/destination-rules.js';
import { describeMtls } from '../src/facts/transport/mtls.js';
import { containerPortOf, servicePorts, type ServicePort } from '../src/facts/headless/service-ports.js';
import type { Labels } from '../src/model/selector.js';

interface Client {
  namespace: string;
  labels?: Labels;
  servicePort: ServicePort;
}

const NO_MTLS_TO_STRICT = 'but the pods of {{workload}} require Istio mTLS on port {{targetPort}}: {{mtls}}. Clients that use this rule are reset (503).';
const MTLS_TO_NO_SIDECAR = 'but the pods of {{workload}} have no sidecar ({{reason}}): the application receives a TLS handshake it cannot answer (503 UF,URX).';
const MTLS_TO_DISABLED = 'but the sidecars of {{workload}} do not terminate mTLS on port {{targetPort}}: {{mtls}}. The client sidecar encrypts, the server sidecar forwards the TLS bytes unopened, and the application cannot read them (connection reset, 503 UC).';

export default defineRule({
  meta: {
    id: 'destination-rule-tls-conflict',
    cause: 'beyond',
    severity: 'error',
    description: "A DestinationRule's TLS mode for a headless host contradicts its pods: plaintext or app TLS towards STRICT pods, or Istio mTLS towards pods without a sidecar or whose PeerAuthentication disables mTLS on the port.",
    why:
      'A DestinationRule that matches a host replaces auto mTLS for the clients it binds. With tls.mode DISABLE (or SIMPLE, the app-level TLS) clients send no Istio mTLS, and a STRICT server sidecar resets them: "503 errors after setting destination rule". With ISTIO_MUTUAL or MUTUAL towards pods that have no sidecar, the client sidecar opens a TLS handshake the application cannot answer: 503 with UF,URX. The same happens towards pods whose PeerAuthentication sets DISABLE for the port (often a portLevelMtls entry for a port the application secures itself): their sidecar builds no TLS context for it and hands the mTLS bytes to the application.',
    diagnose: [
      'istioctl proxy-config cluster <client-pod>.<ns> --fqdn <svc>.<ns>.svc.<domain> -o json | grep -A3 transportSocket',
      'kubectl get destinationrule -A',
      'istioctl x describe pod <server-pod> -n <ns>',
    ],
    fix: 'Remove the tls block (auto mTLS then does the right thing), or set ISTIO_MUTUAL towards STRICT pods and DISABLE towards pods without a sidecar; use portLevelSettings when only one port differs.',
    sources: [
      'https://istio.io/latest/docs/ops/common-problems/network-issues/#503-errors-after-setting-destination-rule',
      'https://istio.io/latest/docs/reference/config/networking/destination-rule/#ClientTLSSettings',
      'istio/istio pilot/pkg/model/push_context.go (destinationRule: client namespace, then service namespace, then root namespace)',
      'istio/istio pkg/config/analysis/msg/messages.yaml (retired IST0113 MTLSPolicyConflict, IST0115 DestinationRuleUsesMTLSForWorkloadWithoutSidecar)',
      'https://github.com/istio/istio/issues/26235',
      'istio/istio pilot/pkg/security/authn/utils/utils.go (BuildInboundTLS: no TLS context for DISABLE, so the inbound chain forwards what arrives)',
      'istio/istio pilot/pkg/networking/core/cluster_tls.go (auto mTLS stays plaintext towards DISABLE; an explicit ISTIO_MUTUAL overrides it)',
      'https://istio.io/latest/docs/reference/config/security/peer_authentication/#PeerAuthentication-port_level_mtls',
    ],
    messages: {
      noMtlsToStrict: `{{rule}} sets tls.mode {{mode}} for {{host}} port {{port}}, ${NO_MTLS_TO_STRICT}`,
      noMtlsToStrictPortLevel: `{{rule}} sets tls.mode {{mode}} for {{host}} port {{port}} (portLevelSettings), ${NO_MTLS_TO_STRICT}`,
      mtlsToNoSidecar: `{{rule}} sets tls.mode {{mode}} for {{host}} port {{port}}, ${MTLS_TO_NO_SIDECAR}`,
      mtlsToNoSidecarPortLevel: `{{rule}} sets tls.mode {{mode}} for {{host}} port {{port}} (portLevelSettings), ${MTLS_TO_NO_SIDECAR}`,
      mtlsToDisabledPort: `{{rule}} sets tls.mode {{mode}} for {{host}} port {{port}}, ${MTLS_TO_DISABLED}`,
      mtlsToDisabledPortPortLevel: `{{rule}} sets tls.mode {{mode}} for {{host}} port {{port}} (portLevelSettings), ${MTLS_TO_DISABLED}`,
    },
    fixes: {
      useAutoMtls: 'Remove the tls block so auto mTLS applies, or set tls.mode: ISTIO_MUTUAL.',
      disableTls: 'Set tls.mode: DISABLE for this host (or port), or inject a sidecar into {{workload}}.',
      matchPeerAuthentication: 'Remove the tls block (auto mTLS follows the PeerAuthentication), set tls.mode: DISABLE for port {{port}} in portLevelSettings, or drop the DISABLE for port {{targetPort}} from the PeerAuthentication.',
    },
    // Which PeerAuthentication makes the pods STRICT, and why they have no sidecar, describe the finding; the rule, host, ports and pods identify it.
    volatileData: ['mtls', 'reason'],
    uses: [facts.clusterDomain, facts.destinationRules, facts.headless, facts.headlessFlows, facts.injection, facts.mtls],
    requires: ['DestinationRule', 'Service'],
  },
  check({ model, use, report }) {
    const domain = use(facts.clusterDomain).effective;
    const seen = new Set<string>();
    for (const service of model.services) {
      if (!use(facts.headless).isHeadless(service)) continue;
      const host = serviceHost(service, domain);
      const backing = model.selectedBy(service);
      const clients: Client[] = servicePorts(service).map((servicePort) => ({ namespace: service.namespace, servicePort }));
      for (const flow of use(facts.headlessFlows).of(service)) {
        if (flow.servicePort && use(facts.injection).of(flow.caller).injected !== false) clients.push({ namespace: flow.caller.namespace, labels: flow.caller.labels, servicePort: flow.servicePort });
      }
      for (const client of clients) {
        const tls = tlsFor(use(facts.destinationRules).lookup(host, service.namespace, client), client.servicePort.port);
        if (!tls) continue;
        for (const server of backing) {
          const injected = use(facts.injection).of(server).injected;
          const port = containerPortOf(client.servicePort, server);
          const key = `${tls.rule.file}\u0000${tls.path.join('.')}\u0000${server.display}`;
          if (seen.has(key) || port === undefined) continue;
          const data = { rule: tls.rule.display, mode: tls.mode, host, port: client.servicePort.port, workload: server.display };
          const clash = injected === true ? PEER_MODE_CLASHES.find((c) => (c.clientModes as readonly string[]).includes(tls.mode)) : undefined;
          if (clash) {
            const mode = use(facts.mtls).modeOf(server, port);
            if (mode.mode !== clash.serverMode) continue;
            seen.add(key);
            report({
              resource: tls.rule,
              path: tls.path,
              messageId: tls.portLevel ? clash.portLevel : clash.messageId,
              data: { ...data, targetPort: port, mtls: describeMtls(mode) },
              fixId: clash.fixId,
              related: mode.decidedBy ? [{ ...mode.decidedBy, message: `mTLS ${describeMtls(mode)}` }] : [],
            });
          } else if ((tls.mode === 'ISTIO_MUTUAL' || tls.mode === 'MUTUAL') && injected === false) {
            seen.add(key);
            const injection = use(facts.injection).of(server);
            report({
              resource: tls.rule,
              path: tls.path,
              messageId: tls.portLevel ? 'mtlsToNoSidecarPortLevel' : 'mtlsToNoSidecar',
              data: { ...data, reason: injection.reason },
              fixId: 'disableTls',
              related: [{ ...injection.decidedBy, message: `no sidecar: ${injection.reason}` }],
            });
          }
        }
      }
    }
  },
});

/** A client TLS mode that the server sidecar's PeerAuthentication mode refuses, and how it is reported. */
const PEER_MODE_CLASHES = [
  // Plaintext (or the app's own TLS) into a sidecar that accepts only mTLS.
  { clientModes: ['DISABLE', 'SIMPLE'], serverMode: 'STRICT', messageId: 'noMtlsToStrict', portLevel: 'noMtlsToStrictPortLevel', fixId: 'useAutoMtls' },
  // Istio mTLS into a port whose sidecar takes plaintext only.
  { clientModes: ['ISTIO_MUTUAL'], serverMode: 'DISABLE', messageId: 'mtlsToDisabledPort', portLevel: 'mtlsToDisabledPortPortLevel', fixId: 'matchPeerAuthentication' },
] as const;
