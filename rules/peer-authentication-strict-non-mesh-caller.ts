import { facts } from '../src/facts/index.js';
import { defineRule } from '../src/engine/rule.js';
import type { RelatedTarget } from '../src/engine/types.js';
import { flowTarget, headlessFlows, targetPortOn } from '../src/facts/headless/flows.js';
import { describeMtls } from '../src/facts/transport/mtls.js';
import { EXPORT_TO_ANNOTATION, serviceVisibleFrom } from '../src/facts/mesh/export-to.js';

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
        let plaintext: string | undefined;
        let cause: RelatedTarget | undefined;
        if (injection.injected === false) {
          plaintext = `has no sidecar (${injection.reason})`;
          cause = { ...injection.decidedBy, message: `no sidecar: ${injection.reason}` };
        } else if (injection.injected === true && flow.kind === 'caller' && !serviceVisibleFrom(service, flow.caller.namespace, defaultExportTo)) {
          plaintext = `cannot see the Service (not exported to namespace ${flow.caller.namespace}), so its sidecar passes the traffic through without mTLS`;
          cause = { resource: service, path: ['metadata', 'annotations', EXPORT_TO_ANNOTATION], message: 'the Service is not exported to the caller' };
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
          if (cause) related.push(cause);
          report({
            ...flowTarget(flow),
            message: `${flow.caller.display} calls ${service.display} on port ${flow.port}, but it ${plaintext}, while the pods of ${server.display} require mTLS on port ${port}: ${describeMtls(mode)}. The server sidecar resets every plaintext connection.`,
            fix: `Inject a sidecar into ${flow.caller.display}, or set a PERMISSIVE portLevelMtls for port ${port} in a PeerAuthentication selecting ${server.display}.`,
            related,
          });
          break;
        }
      }
    }
  },
});
