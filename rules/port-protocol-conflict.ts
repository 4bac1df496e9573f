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
    requires: ['Service'],
    reads: WORKLOAD_KINDS,
  },
  check({ model, use, report }) {
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
              let problem: string | undefined;
              if (a.port === b.port && a.protocol.protocol !== b.protocol.protocol) {
                problem = `port ${b.port} is ${describe(b)} here but ${describe(a)} in ${first.display}`;
              } else if (targetA !== undefined && targetA === targetB && a.port !== b.port) {
                problem = `container port ${targetB} is exposed as port ${b.port} here but as port ${a.port} in ${first.display}`;
              }
              const key = `${first.display}\u0000${second.display}\u0000${a.index}\u0000${b.index}`;
              if (!problem || seen.has(key)) continue;
              seen.add(key);
              const samePort = a.port === b.port;
              report({
                resource: second,
                path: samePort ? [...b.path, ...(b.protocol.path.length > 0 ? b.protocol.path : ['port'])] : [...b.path, 'port'],
                message: `${second.display} and ${first.display} both select the pods of ${workload.display}, and ${problem}: the sidecar keeps one inbound listener per port, so one Service's traffic is handled the other's way.`,
                fix: samePort ? `Use the same protocol prefix (or appProtocol) for port ${b.port} in both Services.` : `Expose container port ${targetB} under the same port number in both Services.`,
                related: [{ resource: first, path: a.path, message: `${first.display} port ${a.port} (${describe(a)})` }],
              });
            }
          }
        }
      }
    }
  },
});
