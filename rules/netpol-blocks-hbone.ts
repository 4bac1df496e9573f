import { facts } from '../src/facts/index.js';
import { defineRule } from '../src/engine/rule.js';
import type { RelatedTarget } from '../src/engine/types.js';
import { inAmbientMesh } from '../src/facts/injection/injection.js';
import type { Workload } from '../src/model/workload.js';
import { policyDisplay } from '../src/netpol/policy.js';
import { podGroupDisplay } from '../src/netpol/pods.js';

const HBONE_PORT = 15008;
const ISOLATED = '{{pods}} runs in the ambient mesh (istio.io/dataplane-mode=ambient) and is isolated for ingress by {{policies}}';
const FROM_PEER = 'TCP {{port}} (HBONE) from {{peer}}: all mesh traffic arrives on that port, so every connection from its mesh peers is dropped.';

export default defineRule({
  meta: {
    id: 'netpol-blocks-hbone',
    cause: 5,
    severity: 'error',
    description: 'In an ambient namespace, a NetworkPolicy isolates the pods behind a headless Service for ingress without allowing TCP 15008 (HBONE) from their ambient callers or replicas.',
    why:
      "In ambient mode ztunnel carries every mesh connection between pods through an HBONE tunnel to the destination pod's port 15008, and only inside the pod is it handed to the original port. NetworkPolicies are enforced outside the pod, on the tunnel: a policy that admits the application ports but not TCP 15008 drops all mesh traffic to the pod, so callers and replicas behind the headless Service time out or are reset even though the application port is allowed. (kubelet health probes are a separate case: in ambient they arrive from the link-local address 169.254.7.127, which ingress-isolated pods must also admit.)",
    diagnose: [
      'kubectl -n <ns> get networkpolicy -o yaml',
      'kubectl get namespace <ns> -o jsonpath="{.metadata.labels}"',
      'kubectl -n istio-system logs ds/ztunnel | grep -i "15008\\|timed out"',
    ],
    fix: 'Add TCP 15008 to the ingress rules that admit the mesh callers (next to the application ports), and admit 169.254.7.127/32 for kubelet probes.',
    sources: [
      'https://istio.io/latest/docs/ambient/usage/networkpolicy/ (HBONE on port 15008 must be allowed; probes come from 169.254.7.127)',
      'https://istio.io/latest/docs/ambient/architecture/hbone/',
      'https://kubernetes.io/docs/concepts/services-networking/network-policies/',
    ],
    messages: {
      blocked: `${ISOLATED}, but no rule admits ${FROM_PEER}`,
      mayBeBlocked: `${ISOLATED}, but only a rule whose match the manifests cannot decide admits ${FROM_PEER}`,
    },
    fixes: {
      addHbonePort: 'Add port {{port}}/TCP to the ingress rule that admits {{peer}}.',
    },
    // The pods and the port identify the finding (one per pod group, reported at its first isolating
    // policy). The other isolating policies are a list of other objects, and the peer is the first
    // caller or replica found blocked: another caller can come first.
    volatileData: ['policies', 'peer'],
    uses: [facts.headlessPeers, facts.netpol],
    requires: ['NetworkPolicy'],
  },
  check({ model, use, report }) {
    const netpol = use(facts.netpol);
    // Only ambient sources are sure to tunnel through HBONE; a sidecar may send to the application port instead.
    const ambient = (w: Workload) => inAmbientMesh(w, model.namespace(w.namespace));
    const done = new Set<Workload>();
    for (const [workload, roles] of use(facts.headlessPeers).roles) {
      if (done.has(workload) || !ambient(workload)) continue;
      const group = netpol.groupOf(workload);
      if (!group || netpol.isolatedBy(group, 'ingress').length === 0) continue;
      const sources = new Set<Workload>();
      for (const role of roles.filter((r) => r.role === 'backing')) {
        const peers = use(facts.headlessPeers).of(role.service);
        for (const c of [...peers.callers, ...peers.selfCallers]) sources.add(c.workload);
        if (role.governed && (workload.replicas ?? 1) > 1) sources.add(workload);
      }
      for (const source of sources) {
        const from = netpol.groupOf(source);
        if (!from || !ambient(source)) continue;
        const ingress = netpol.evaluate({ kind: 'pods', group: from }, { kind: 'pods', group }, 'TCP', HBONE_PORT).ingress;
        if (ingress.allowed.has(HBONE_PORT)) continue;
        done.add(workload);
        const policies = ingress.isolatedBy;
        const first = policies[0];
        if (!first) break;
        const related: RelatedTarget[] = policies.slice(1).map((p) => ({ resource: p.resource, path: ['spec', 'podSelector'], message: `${policyDisplay(p)} also isolates it for ingress` }));
        const peer = source === workload ? `the other replicas of ${workload.display}` : podGroupDisplay(from);
        report({
          resource: first.resource,
          // The ingress list is where 15008 is missing; a policy without one denies all ingress.
          path: first.resource.spec.ingress !== undefined ? ['spec', 'ingress'] : ['spec', 'podSelector'],
          severity: ingress.uncertain.has(HBONE_PORT) ? 'warning' : undefined,
          messageId: ingress.uncertain.has(HBONE_PORT) ? 'mayBeBlocked' : 'blocked',
          data: { pods: podGroupDisplay(group), policies: policies.map(policyDisplay).join(', '), port: HBONE_PORT, peer },
          fixId: 'addHbonePort',
          related,
        });
        break;
      }
    }
  },
});
