import { facts } from '../src/facts/index.js';
import type { Analysis } from '../src/facts/store.js';
import { defineRule } from '../src/engine/rule.js';
import type { RelatedTarget } from '../src/engine/types.js';
import { discovered } from '../src/facts/mesh/discovery.js';
import { exportedTo, exportToOf } from '../src/facts/mesh/export-to.js';
import { describeFlow, flowTarget, type HeadlessFlow } from '../src/facts/headless/flows.js';
import { meshConfigFor } from '../src/facts/mesh/mesh-config.js';
import { egressHosts, hostAdmits } from '../src/facts/mesh/sidecar-scope.js';

/** What follows every reason: the policy that turns a missing listener into dropped calls. */
const BLACKHOLED = ', so its proxy has no listener for it, and its outbound policy is REGISTRY_ONLY ({{policyOrigin}}): the calls go to the BlackHoleCluster and are dropped instead of passed through.';

type Reason = 'namespaceNotDiscovered' | 'notExported' | 'hiddenBySidecar' | 'portUndeclared';

/** Why the caller's proxy has no listener for the flow, with the field that causes it. */
function unknownTo({ model, use }: Analysis, flow: HeadlessFlow): { messageId: Reason; data: Record<string, string | number>; related: RelatedTarget } | undefined {
  const { service, caller } = flow;
  const mesh = meshConfigFor(use(facts.meshConfigs).all, use(facts.injection).of(caller).revision);
  if (mesh?.discoverySelectors && mesh.discoverySelectors.length > 0 && discovered(mesh.discoverySelectors, model.namespace(service.namespace)) === 'no') {
    return { messageId: 'namespaceNotDiscovered', data: { namespace: service.namespace, meshConfig: mesh.origin }, related: { resource: mesh.resource, located: mesh.locate(['discoverySelectors']), message: 'discoverySelectors leave out the Service namespace' } };
  }
  const exportTo = exportToOf(service, use(facts.meshConfigs).all);
  if (exportTo && !exportedTo(exportTo.values, service.namespace, caller.namespace)) {
    return { messageId: 'notExported', data: { service: service.display, namespace: caller.namespace, exportOrigin: exportTo.origin }, related: { resource: exportTo.resource, path: exportTo.path, located: exportTo.located, message: `exportTo [${exportTo.values.join(', ')}]` } };
  }
  const scope = use(facts.sidecars).of(caller);
  const hosts = scope && egressHosts(scope.sidecar);
  const fqdn = `${service.name}.${service.namespace}.svc.${use(facts.clusterDomain).effective.replace(/\.$/, '').toLowerCase()}`;
  if (scope && hosts && !hosts.some((h) => hostAdmits(h, caller.namespace, service.namespace, fqdn))) {
    return { messageId: 'hiddenBySidecar', data: { sidecar: scope.sidecar.display, serviceNamespace: service.namespace, fqdn }, related: { resource: scope.sidecar, path: hosts[0]?.path ?? ['spec', 'egress'], message: 'egress hosts of the Sidecar that applies' } };
  }
  if (!flow.servicePort && flow.reference && !flow.portAssumed) {
    return { messageId: 'portUndeclared', data: { service: service.display, port: flow.port }, related: { resource: service, path: ['spec', 'ports'], message: `ports of ${service.display}` } };
  }
  return undefined;
}

export default defineRule({
  meta: {
    id: 'registry-only-blackhole',
    cause: 4,
    severity: 'error',
    description: 'Under outbound policy REGISTRY_ONLY, a caller calls a headless Service its proxy does not know, so the calls are dropped.',
    why:
      "A sidecar sends a call to the listener istiod built for the destination. For a headless Service istiod builds listeners on each pod IP and declared port, but only when the Service is in the proxy's registry: its namespace matches discoverySelectors, it is exported to the caller's namespace, and the caller's Sidecar egress hosts include it. Anything else matches no listener. With the default outbound policy ALLOW_ANY that traffic is passed through (without mTLS); with REGISTRY_ONLY (mesh config outboundTrafficPolicy.mode, or the caller's Sidecar outboundTrafficPolicy) it goes to the BlackHoleCluster: connections are reset at once, HTTP calls get 502.",
    diagnose: [
      'kubectl -n istio-system get configmap istio -o jsonpath="{.data.mesh}" | grep -A1 outboundTrafficPolicy',
      'istioctl proxy-config listener <caller-pod>.<caller-ns> --port <port>',
      'istioctl proxy-config cluster <caller-pod>.<caller-ns> | grep -i blackhole',
    ],
    fix: 'Make the Service visible to the caller (discoverySelectors, exportTo, Sidecar egress hosts) and declare every port callers use; or, if the destination must stay out of the registry, use outbound policy ALLOW_ANY for that caller (Sidecar outboundTrafficPolicy).',
    sources: [
      'https://istio.io/latest/docs/tasks/traffic-management/egress/egress-control/ (REGISTRY_ONLY blocks hosts without a service entry)',
      'https://istio.io/latest/docs/reference/config/networking/sidecar/#OutboundTrafficPolicy',
      'https://istio.io/latest/docs/ops/configuration/mesh/configuration-scoping/',
      'istio/istio pkg/config/mesh/mesh.go (outboundTrafficPolicy default ALLOW_ANY)',
      'https://istio.io/latest/docs/ops/configuration/traffic-management/traffic-routing/ (unmatched traffic)',
    ],
    messages: {
      namespaceNotDiscovered: `{{flow}}: istiod ignores namespace {{namespace}} (discoverySelectors of {{meshConfig}})${BLACKHOLED}`,
      notExported: `{{flow}}: {{service}} is not exported to namespace {{namespace}} ({{exportOrigin}})${BLACKHOLED}`,
      hiddenBySidecar: `{{flow}}: the egress hosts of {{sidecar}} do not include {{serviceNamespace}}/{{fqdn}}${BLACKHOLED}`,
      portUndeclared: `{{flow}}: {{service}} does not declare port {{port}}${BLACKHOLED}`,
    },
    fixes: {
      makeVisibleOrAllowAny: 'Make the Service visible to the caller and declare the port, or set outboundTrafficPolicy mode ALLOW_ANY in a Sidecar for the caller.',
    },
    // The flow (caller, name called, port) and the names of the reason identify the finding. Where
    // the exportTo list and the REGISTRY_ONLY policy are written describes it: the related notes point there.
    volatileData: ['exportOrigin', 'policyOrigin'],
    uses: [facts.clusterDomain, facts.headless, facts.headlessFlows, facts.injection, facts.meshConfigs, facts.outboundPolicy, facts.sidecars],
    requires: ['Service'],
    // An undeclared port is passthrough in general; under REGISTRY_ONLY this is the specific account of it.
    supersedes: ['headless-port-undeclared'],
  },
  check({ model, use, report }) {
    for (const service of model.services.filter(use(facts.headless).isHeadless)) {
      const reported = new Set<string>();
      for (const flow of use(facts.headlessFlows).of(service)) {
        const verdict = use(facts.injection).of(flow.caller);
        // A single replica does not call itself through the mesh.
        if (verdict.injected !== true || (!flow.reference && (flow.caller.replicas ?? 1) < 2)) continue;
        const policy = use(facts.outboundPolicy).of(flow.caller);
        if (policy.mode !== 'REGISTRY_ONLY') continue;
        const unknown = unknownTo({ model, use }, flow);
        if (!unknown) continue;
        const key = `${flow.resource.file}\u0000${flow.path.join('.')}\u0000${flow.port}`;
        if (reported.has(key)) continue;
        reported.add(key);
        const related: RelatedTarget[] = [unknown.related];
        if (policy.decidedBy) related.push({ resource: policy.decidedBy.resource, path: policy.decidedBy.path, located: policy.decidedBy.located, message: `outbound policy REGISTRY_ONLY (${policy.decidedBy.origin})` });
        report({
          ...flowTarget(flow),
          severity: verdict.certain ? undefined : 'warning',
          messageId: unknown.messageId,
          data: { flow: describeFlow(flow), ...unknown.data, policyOrigin: policy.decidedBy?.origin ?? 'mesh config' },
          fixId: 'makeVisibleOrAllowAny',
          related,
        });
      }
    }
  },
});
