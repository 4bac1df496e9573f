import { facts } from '../src/facts/index.js';
import { defineRule } from '../src/engine/rule.js';
import type { RelatedTarget } from '../src/engine/types.js';
import { flowTarget, targetPortOn } from '../src/facts/headless/flows.js';
import { describeMtls } from '../src/facts/transport/mtls.js';
import { EXPORT_TO_ANNOTATION, serviceVisibleFrom } from '../src/facts/mesh/export-to.js';

const STRICT_SERVER = ', while the pods of {{workload}} require mTLS on port {{targetPort}}: {{mtls}}. The server sidecar resets every plaintext connection.';

export default defineRule({
  meta: {
    id: 'peer-authentication-strict-non-mesh-caller',
    cause: 'beyond',
    severity: 'error',
    description: "A headless Service's pods require mTLS (STRICT) on a port that a caller reaches in plaintext.",
    why:
      'A sidecar in STRICT mode accepts only Istio mTLS. A caller without a sidecar sends plaintext, and so does a caller whose sidecar does not know the Service (hidden by exportTo): its traffic leaves as passthrough, without mTLS. The server sidecar resets every such connection, which the client sees as "connection reset by peer" or "upstream connect error ... connection termination".',
    diagnose: [
      'istioctl x describe pod <server-pod> -n <ns>',
      'kubectl get peerauthentication -A',
      'kubectl get pod -n <caller-ns> <caller-pod> -o jsonpath="{.spec.containers[*].name}"',
      'kubectl logs <server-pod> -c istio-proxy | grep -i "tls\\|reset"',
    ],
    fix: 'Give the caller a sidecar (label its namespace istio-injection=enabled or its pods sidecar.istio.io/inject="true"), export the Service to the caller\'s namespace, or relax the server: a workload PeerAuthentication with PERMISSIVE for that port (portLevelMtls).',
    sources: [
      'https://istio.io/latest/docs/reference/config/security/peer_authentication/',
      'istio/istio pilot/pkg/security/authn/policy_applier.go (ComposePeerAuthentication: workload > namespace > root namespace, UNSET inherits, PERMISSIVE by default)',
      'https://istio.io/latest/docs/ops/configuration/traffic-management/traffic-routing/ (unmatched traffic is passthrough, without mTLS)',
      'https://istio.io/latest/docs/reference/config/annotations/#NetworkingExportTo',
      'https://github.com/istio/istio/issues/27831',
      'https://github.com/istio/istio/issues/51982',
    ],
    messages: {
      callerWithoutSidecar: `{{caller}} calls {{service}} on port {{port}}, but it has no sidecar ({{reason}})${STRICT_SERVER}`,
      serviceNotExported: `{{caller}} calls {{service}} on port {{port}}, but it cannot see the Service (not exported to namespace {{namespace}}), so its sidecar passes the traffic through without mTLS${STRICT_SERVER}`,
    },
    fixes: {
      injectOrPermissive: 'Inject a sidecar into {{caller}}, or set a PERMISSIVE portLevelMtls for port {{targetPort}} in a PeerAuthentication selecting {{workload}}.',
    },
    // Why the caller has no sidecar and which PeerAuthentication makes the port STRICT describe the finding; the caller, the Service and the ports identify it.
    volatileData: ['reason', 'mtls'],
    uses: [facts.headless, facts.headlessFlows, facts.injection, facts.meshConfigs, facts.mtls],
    requires: ['PeerAuthentication', 'Service'],
    trace: { judgedByHop: true },
  },
  check({ model, use, report }) {
    const defaultExportTo = use(facts.meshConfigs).main?.defaultServiceExportTo ?? ['*'];
    for (const service of model.services) {
      if (!use(facts.headless).isHeadless(service)) continue;
      const backing = model.selectedBy(service).filter((w) => use(facts.injection).of(w).injected === true);
      for (const flow of use(facts.headlessFlows).of(service)) {
        const injection = use(facts.injection).of(flow.caller);
        // Why the caller sends plaintext: the message, what it says about the caller, and where the input shows it.
        let plaintext: { messageId: 'callerWithoutSidecar' | 'serviceNotExported'; data: Record<string, string>; cause: RelatedTarget } | undefined;
        if (injection.injected === false) {
          plaintext = { messageId: 'callerWithoutSidecar', data: { reason: injection.reason }, cause: { ...injection.decidedBy, message: `no sidecar: ${injection.reason}` } };
        } else if (injection.injected === true && flow.kind === 'caller' && !serviceVisibleFrom(service, flow.caller.namespace, defaultExportTo)) {
          plaintext = {
            messageId: 'serviceNotExported',
            data: { namespace: flow.caller.namespace },
            cause: { resource: service, path: ['metadata', 'annotations', EXPORT_TO_ANNOTATION], message: 'the Service is not exported to the caller' },
          };
        }
        if (!plaintext || !flow.servicePort) continue;
        for (const server of backing) {
          if (server === flow.caller) continue;
          const port = targetPortOn(flow, server);
          if (port === undefined) continue;
          const mode = use(facts.mtls).modeOf(server, port);
          if (mode.mode !== 'STRICT') continue;
          const related: RelatedTarget[] = [];
          if (mode.decidedBy) related.push({ ...mode.decidedBy, message: `mTLS ${describeMtls(mode)}` });
          related.push(plaintext.cause);
          report({
            ...flowTarget(flow),
            messageId: plaintext.messageId,
            data: {
              caller: flow.caller.display,
              service: service.display,
              port: flow.port,
              ...plaintext.data,
              workload: server.display,
              targetPort: port,
              mtls: describeMtls(mode),
            },
            fixId: 'injectOrPermissive',
            related,
          });
          break;
        }
      }
    }
  },
});
