import { facts } from '../src/facts/index.js';
import { defineRule } from '../src/engine/rule.js';
import type { Report } from '../src/engine/types.js';
import type { Workload } from '../src/model/workload.js';
import { asArray, asObj, type Resource } from '../src/load/resource.js';
import type { Verdict } from '../src/netpol/evaluator.js';
import { describeBlock, relatedOf, severityOf } from '../src/netpol/findings.js';
import { podGroupDisplay, type PodGroup } from '../src/netpol/pods.js';
import { asProtocol, type Protocol } from '../src/netpol/ports.js';

interface ServicePort {
  port: number;
  targetPort: number | string;
  protocol: Protocol;
}

interface Block {
  verdict: Verdict;
  port: number;
  to: PodGroup;
}

function servicePorts(service: Resource): ServicePort[] {
  return asArray(service.spec.ports).flatMap((raw) => {
    const p = asObj(raw);
    const port = p?.port;
    if (typeof port !== 'number') return [];
    const target = p?.targetPort;
    return [{ port, targetPort: typeof target === 'number' || typeof target === 'string' ? target : port, protocol: asProtocol(p?.protocol) ?? 'TCP' }];
  });
}

/** The port a pod listens on: no address translation for headless Services, so the target port as the pod resolves it. */
function podPort(sp: ServicePort, pods: PodGroup): number | undefined {
  if (typeof sp.targetPort === 'number') return sp.targetPort;
  if (/^\d+$/.test(sp.targetPort)) return Number(sp.targetPort);
  return pods.ports.find((p) => p.name === sp.targetPort && p.protocol === sp.protocol)?.port;
}

const BEHIND = 'behind the headless {{service}} on {{protocol}} {{port}}: {{block}}.';

export default defineRule({
  meta: {
    id: 'netpol-blocks-service-traffic',
    cause: 5,
    severity: 'error',
    description: "A NetworkPolicy blocks a caller from a headless Service's pods, or the pods of its StatefulSet from each other.",
    why:
      "A headless Service has no virtual IP: DNS hands out the pod addresses and callers connect straight to the pods on their container ports. So the pods' ingress policies (and the caller's egress policies) decide every connection, on the target port, not the Service port. Clustered databases behind a headless Service also connect pod to pod for replication and elections; when their own policies isolate them without admitting each other, the cluster never forms.",
    diagnose: [
      'kubectl -n <ns> get networkpolicy -o yaml',
      'kubectl -n <ns> exec <caller-pod> -- nc -vz <pod>.<service>.<ns>.svc.cluster.local <port>',
      'npx headless-lint reach <manifests> --from <caller-ns>/<caller> --to <ns>/<statefulset> --port <port>',
    ],
    fix: "Add an ingress rule to the pods' policies admitting the callers (and the pods themselves) on the target port, and an egress rule to the callers' policies for the same port.",
    sources: [
      'https://kubernetes.io/docs/concepts/services-networking/service/#headless-services (DNS returns the pod addresses directly)',
      'https://kubernetes.io/docs/concepts/services-networking/network-policies/ (policies act on pod ports; both ends must allow)',
      'https://github.com/ahmetb/kubernetes-network-policy-recipes/blob/master/09-allow-traffic-only-to-a-port.md (ports are the pod ports, not the Service ports)',
    ],
    messages: {
      callerBlocked: `{{caller}} calls {{name}} but cannot connect to {{pods}} ${BEHIND}`,
      callerMayBeBlocked: `{{caller}} calls {{name}} but may not connect to {{pods}} ${BEHIND}`,
      replicasBlocked: `The {{replicas}} replicas of {{statefulSet}} cannot connect to each other ${BEHIND}`,
      replicasMayBeBlocked: `The {{replicas}} replicas of {{statefulSet}} may not connect to each other ${BEHIND}`,
    },
    fixes: {
      allowCaller: 'Allow {{protocol}} {{port}} from {{caller}} in the ingress of {{pods}} and, if the caller is egress-isolated, in its egress.',
      admitReplicas: 'Admit the pods themselves (podSelector {{labels}}) on {{protocol}} {{port}}, in ingress and, if they are egress-isolated, in egress.',
    },
    // The workloads, the name called, the Service and the port identify the finding; the replica
    // count and the block (describeBlock's account of the policies) describe it.
    volatileData: ['replicas', 'block'],
    uses: [facts.callers, facts.headless, facts.netpol],
    requires: ['NetworkPolicy', 'Service'],
    trace: { judgedByHop: true },
  },
  check({ model, use, report }) {
    const netpol = use(facts.netpol);
    for (const service of model.services) {
      if (!use(facts.headless).isHeadless(service)) continue;
      const backing = model.selectedBy(service);
      const ports = servicePorts(service);
      if (backing.length === 0 || ports.length === 0) continue;

      const firstBlock = (from: PodGroup, targets: readonly Workload[], dialed: number | undefined): Block | undefined => {
        for (const w of targets) {
          const to = netpol.groupOf(w);
          if (!to) continue;
          for (const sp of ports) {
            const port = podPort(sp, to);
            if (port === undefined || (dialed !== undefined && dialed !== port && dialed !== sp.port)) continue;
            const verdict = netpol.evaluate({ kind: 'pods', group: from }, { kind: 'pods', group: to }, sp.protocol, port);
            if (verdict.allowed !== true) return { verdict, port, to };
          }
        }
        return undefined;
      };
      const emit = (where: Pick<Report, 'resource' | 'path' | 'located'>, who: 'caller' | 'replicas', block: Block, data: Record<string, string | number>) => {
        const severity = severityOf(block.verdict, 'error', 'warning');
        if (!severity) return;
        const uncertain = block.verdict.allowed === 'unknown';
        report({
          ...where,
          severity,
          messageId: who === 'caller' ? (uncertain ? 'callerMayBeBlocked' : 'callerBlocked') : uncertain ? 'replicasMayBeBlocked' : 'replicasBlocked',
          data: { ...data, service: service.display, protocol: block.verdict.protocol, port: block.port, block: describeBlock(block.verdict, block.port) },
          fixId: who === 'caller' ? 'allowCaller' : 'admitReplicas',
          related: relatedOf(block.verdict, block.port),
        });
      };

      const seen = new Set<unknown>();
      for (const ref of use(facts.callers).callersOf(service, backing)) {
        if (seen.has(ref.caller)) continue;
        seen.add(ref.caller);
        const from = netpol.groupOf(ref.caller);
        const block = from && firstBlock(from, backing, ref.port);
        if (block) emit({ resource: ref.resource, path: ref.path, located: ref.located }, 'caller', block, { caller: ref.caller.display, name: ref.name, pods: podGroupDisplay(block.to) });
      }
      for (const sts of model.governedBy(service)) {
        if ((sts.replicas ?? 1) < 2) continue;
        const group = netpol.groupOf(sts);
        const block = group && firstBlock(group, [sts], undefined);
        if (block) emit({ resource: sts.resource, path: ['spec', 'serviceName'] }, 'replicas', block, { replicas: sts.replicas ?? 1, statefulSet: sts.display, labels: Object.entries(group.labels).map(([k, v]) => `${k}=${v}`).join(',') });
      }
    }
  },
});
