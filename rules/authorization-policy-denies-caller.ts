import { facts } from '../src/facts/index.js';
import { defineRule } from '../src/engine/rule.js';
import { serviceAccountOf } from '../src/facts/security/authorization.js';
import { flowTarget, targetPortOn, type HeadlessFlow } from '../src/facts/headless/flows.js';
import { serviceVisibleFrom } from '../src/facts/mesh/export-to.js';
import type { Workload } from '../src/model/workload.js';

/**
 * Who is denied, in the words of describeFlow (src/facts/headless/flows.ts), split by form so that the caller,
 * the name it dials and the port stay data that identifies the finding.
 */
const WHO = {
  replicas: 'the replicas of {{workload}} calling each other',
  replication: 'the replicas of {{caller}} (replication on port {{callPort}})',
  caller: '{{caller}} (calls {{host}}:{{callPort}})',
  callerAssumedPort: '{{caller}} (calls {{host}}:{{callPort}}, the only Service port)',
} as const;
type Who = keyof typeof WHO;
const PLAINTEXT = ' (plaintext: no caller identity)';
const denies = (who: string, plaintext = '') => `{{policy}} denies ${who} on port {{port}} of {{workload}}${plaintext}: {{reason}}.`;
const MESSAGE_IDS: Record<Who, [mtls: string, plaintext: string]> = {
  replicas: ['deniesReplicas', 'deniesPlaintextReplicas'],
  replication: ['deniesReplication', 'deniesPlaintextReplication'],
  caller: ['deniesCaller', 'deniesPlaintextCaller'],
  callerAssumedPort: ['deniesCallerAssumedPort', 'deniesPlaintextCallerAssumedPort'],
};

function whoOf(flow: HeadlessFlow, server: Workload): { who: Who; data: Record<string, string | number> } {
  if (flow.kind === 'peer' && flow.caller === server) return { who: 'replicas', data: {} };
  const data = { caller: flow.caller.display, callPort: flow.port };
  if (flow.kind === 'peer' && !flow.reference) return { who: 'replication', data };
  return { who: flow.portAssumed ? 'callerAssumedPort' : 'caller', data: { ...data, host: flow.reference?.name ?? flow.service.name } };
}

export default defineRule({
  meta: {
    id: 'authorization-policy-denies-caller',
    cause: 'beyond',
    severity: 'error',
    description: "An AuthorizationPolicy on a headless Service's pods denies a known caller, or the replicas' own replication traffic, on the port they use.",
    why:
      'Once an ALLOW policy binds to a workload, everything it does not admit is denied; an ALLOW policy with no rules denies everything, and a DENY policy wins over any ALLOW. Rules on principals or namespaces need the caller\'s mTLS identity, which plaintext traffic never has, and on TCP ports the HTTP-only fields (methods, paths, hosts, requestPrincipals, request.* conditions) cannot apply: istiod drops such an ALLOW rule and ignores the field in a DENY rule. StatefulSet replicas calling each other are callers too, and forgetting them breaks replication. Denied TCP connections are reset; HTTP gets 403 "RBAC: access denied".',
    diagnose: [
      'kubectl get authorizationpolicy -A',
      'istioctl x authz check <server-pod>.<ns>',
      'kubectl logs <server-pod> -c istio-proxy | grep -i rbac',
    ],
    fix: 'Add a rule that admits the caller (source.principals "<trustDomain>/ns/<ns>/sa/<sa>" or source.namespaces) on the port, keep HTTP-only fields off TCP ports, and make sure callers matched by identity have sidecars.',
    sources: [
      'https://istio.io/latest/docs/concepts/security/#authorization-policies',
      'https://istio.io/latest/docs/reference/config/security/authorization-policy/',
      'https://istio.io/latest/docs/tasks/security/authorization/authz-tcp/',
      'istio/istio pilot/pkg/security/authz/model/model.go (checkError: an ALLOW rule with HTTP-only fields on TCP is dropped, a DENY rule is widened)',
      'istio/istio pilot/pkg/security/trustdomain (Bundle.ReplaceTrustDomainAliases: cluster.local and aliases stand for the mesh trust domain)',
    ],
    messages: {
      deniesReplicas: denies(WHO.replicas),
      deniesPlaintextReplicas: denies(WHO.replicas, PLAINTEXT),
      deniesReplication: denies(WHO.replication),
      deniesPlaintextReplication: denies(WHO.replication, PLAINTEXT),
      deniesCaller: denies(WHO.caller),
      deniesPlaintextCaller: denies(WHO.caller, PLAINTEXT),
      deniesCallerAssumedPort: denies(WHO.callerAssumedPort),
      deniesPlaintextCallerAssumedPort: denies(WHO.callerAssumedPort, PLAINTEXT),
    },
    fixes: {
      admitPrincipal: 'Admit principal {{principal}} on port {{port}}.',
      admitWithoutIdentity: 'Admit the caller (it has no mTLS identity: give it a sidecar, or match it another way) on port {{port}}.',
    },
    // Why the policy denies (which rule misses what) describes the finding; the policy, the caller and the ports identify it.
    volatileData: ['reason'],
    uses: [facts.authorization, facts.headless, facts.headlessFlows, facts.injection, facts.meshConfigs, facts.mtls],
    requires: ['AuthorizationPolicy', 'Service'],
    trace: { hops: ['authorization'], judgedByHop: true },
  },
  check({ model, use, report }) {
    const defaultExportTo = use(facts.meshConfigs).main?.defaultServiceExportTo ?? ['*'];
    const seen = new Set<string>();
    for (const service of model.services) {
      if (!use(facts.headless).isHeadless(service)) continue;
      const servers = model.selectedBy(service).filter((w) => use(facts.injection).of(w).injected === true);
      for (const flow of use(facts.headlessFlows).of(service)) {
        const callerInjected = use(facts.injection).of(flow.caller).injected;
        if (callerInjected === undefined) continue;
        for (const server of servers) {
          const port = targetPortOn(flow, server);
          if (port === undefined) continue;
          // Auto mTLS sends Istio mTLS only through a listener the client knows, to a server that accepts it.
          const passthrough = !flow.servicePort || !serviceVisibleFrom(service, flow.caller.namespace, defaultExportTo);
          const mtls = callerInjected && !passthrough && use(facts.mtls).modeOf(server, port).mode !== 'DISABLE';
          const verdict = use(facts.authorization).evaluate(
            { mtls, namespace: flow.caller.namespace, serviceAccount: serviceAccountOf(flow.caller) },
            { workload: server, port, protocol: flow.servicePort?.protocol.protocol ?? 'auto' },
          );
          if (verdict.decision !== 'deny' || !verdict.by) continue;
          const key = `${verdict.by.resource.file}\u0000${verdict.by.path.join('.')}\u0000${flow.caller.display}\u0000${port}`;
          if (seen.has(key)) continue;
          seen.add(key);
          const { who, data } = whoOf(flow, server);
          report({
            ...verdict.by,
            messageId: MESSAGE_IDS[who][mtls ? 0 : 1],
            data: {
              policy: verdict.by.resource.display,
              ...data,
              port,
              workload: server.display,
              reason: verdict.reason,
              ...(mtls ? { principal: `${use(facts.meshConfigs).main?.trustDomain ?? 'cluster.local'}/ns/${flow.caller.namespace}/sa/${serviceAccountOf(flow.caller)}` } : {}),
            },
            fixId: mtls ? 'admitPrincipal' : 'admitWithoutIdentity',
            related: [{ ...flowTarget(flow), message: `${flow.caller.display} uses port ${flow.port} here` }],
          });
        }
      }
    }
  },
});
