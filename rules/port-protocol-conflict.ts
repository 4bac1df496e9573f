import { WORKLOAD_KINDS } from '../src/model/workload.js';
import { defineRule } from '../src/engine/rule.js';
import { containerPortOf, servicePorts, type ServicePort } from '../src/facts/headless/service-ports.js';
import type { Resource } from '../src/load/resource.js';

function order(a: Resource, b: Resource): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.document.index - b.document.index;
}

function describe(p: ServicePort): string {
  return p.protocol.protocol === 'auto' ? 'auto-detected' : p.protocol.protocol;
}

const CONSEQUENCE = ": the sidecar keeps one inbound listener per port, so one Service's traffic is handled the other's way.";

export default defineRule({
  meta: {
    id: 'port-protocol-conflict',
    cause: 'beyond',
    severity: 'warning',
    description: 'Two Services select the same pods with the same port number but different protocols, or send the same container port under different port numbers.',
    why:
      'The sidecar builds one inbound listener per container port, with one protocol. When two Services selecting the same pods (typically the headless governing Service and a ClusterIP Service) disagree on a port\'s protocol, or map the same targetPort to different ports, istiod keeps one of them ("Conflicting inbound listener") and the other Service\'s traffic is handled with the wrong protocol: 404s, resets or lost HTTP features. istioctl only checks Deployments; StatefulSets are where headless Services live.',
    diagnose: [
      'kubectl get svc -n <ns> -o wide',
      'istioctl proxy-config listener <pod>.<ns> --port <port>',
      'kubectl logs -n istio-system deploy/istiod | grep -i "conflict"',
    ],
    fix: 'Give the port the same protocol prefix (or appProtocol) and the same port number in every Service that selects these pods.',
    sources: [
      'https://istio.io/latest/docs/ops/deployment/application-requirements/ (a pod in several Services cannot use the same port number for different protocols)',
      'istio/istio pkg/config/analysis/analyzers/deployment/services.go (IST0116, IST0137, Deployments only)',
      'https://github.com/istio/istio/issues/20989',
    ],
    messages: {
      protocolConflict: `{{service}} and {{other}} both select the pods of {{workload}}, and port {{port}} is {{protocol}} here but {{otherProtocol}} in {{other}}${CONSEQUENCE}`,
      portNumberConflict: `{{service}} and {{other}} both select the pods of {{workload}}, and container port {{containerPort}} is exposed as port {{port}} here but as port {{otherPort}} in {{other}}${CONSEQUENCE}`,
    },
    fixes: {
      sameProtocol: 'Use the same protocol prefix (or appProtocol) for port {{port}} in both Services.',
      samePortNumber: 'Expose container port {{containerPort}} under the same port number in both Services.',
    },
    // A pair of Services is reported once, for the first workload both select: that workload is an example of the
    // shared pods. The two Services, the ports and the protocols identify the finding.
    volatileData: ['workload'],
    requires: ['Service'],
    reads: WORKLOAD_KINDS,
  },
  check({ model, report }) {
    const seen = new Set<string>();
    for (const workload of model.workloads) {
      const services = model.servicesOf(workload).sort(order);
      for (let i = 0; i < services.length; i++) {
        for (let j = i + 1; j < services.length; j++) {
          const first = services[i] as Resource;
          const second = services[j] as Resource;
          // The same object written twice (two variants of one install) is not two Services.
          if (first.display === second.display) continue;
          for (const a of servicePorts(first)) {
            for (const b of servicePorts(second)) {
              if (a.transport !== b.transport || a.transport === 'UDP') continue;
              const targetA = containerPortOf(a, workload);
              const targetB = containerPortOf(b, workload);
              const samePort = a.port === b.port;
              const conflict = samePort ? a.protocol.protocol !== b.protocol.protocol : targetA !== undefined && targetA === targetB;
              const key = `${first.display}\u0000${second.display}\u0000${a.index}\u0000${b.index}`;
              if (!conflict || seen.has(key)) continue;
              seen.add(key);
              const pair = { service: second.display, other: first.display, workload: workload.display, port: b.port };
              report({
                resource: second,
                ...(samePort
                  ? {
                      path: [...b.path, ...(b.protocol.path.length > 0 ? b.protocol.path : ['port'])],
                      messageId: 'protocolConflict',
                      data: { ...pair, protocol: describe(b), otherProtocol: describe(a) },
                      fixId: 'sameProtocol',
                    }
                  : {
                      path: [...b.path, 'port'],
                      messageId: 'portNumberConflict',
                      data: { ...pair, containerPort: targetB as number, otherPort: a.port },
                      fixId: 'samePortNumber',
                    }),
                related: [{ resource: first, path: a.path, message: `${first.display} port ${a.port} (${describe(a)})` }],
              });
            }
          }
        }
      }
    }
  },
});
