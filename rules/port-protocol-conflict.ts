import { WORKLOAD_KINDS, type Workload } from '../src/model/workload.js';
import { facts } from '../src/facts/index.js';
import { defineRule } from '../src/engine/rule.js';
import { containerPortOf, servicePorts, type ServicePort } from '../src/facts/headless/service-ports.js';
import type { IstioProtocol } from '../src/facts/transport/port-protocol.js';
import { serverFirstProtocol } from '../src/knowledge/server-first.js';
import { asString, type Resource } from '../src/load/resource.js';

function order(a: Resource, b: Resource): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.document.index - b.document.index;
}

function describe(p: ServicePort): string {
  return p.protocol.protocol === 'auto' ? 'auto-detected' : p.protocol.protocol;
}

/**
 * How the sidecar handles a port's bytes: parsed as HTTP, forwarded as opaque TCP, or sniffed.
 * Istio's Mongo, Redis and MySQL filters are off by default and TLS/HTTPS inbound is forwarded
 * without parsing, so they all handle the bytes as TCP does.
 */
function handling(protocol: IstioProtocol): 'http' | 'tcp' | 'auto' {
  if (protocol === 'auto') return 'auto';
  return ['HTTP', 'HTTP2', 'GRPC', 'GRPC-Web', 'HTTP_PROXY'].includes(protocol) ? 'http' : 'tcp';
}

/** The server-first protocol the workload serves on a container port, if the knowledge base knows one. */
function serverFirstOn(workload: Workload, port: number | undefined): string | undefined {
  if (port === undefined) return undefined;
  for (const c of workload.containers()) {
    const known = serverFirstProtocol(asString(c.container.image) ?? '', port);
    if (known) return known.name;
  }
  return undefined;
}

/**
 * Whether two declarations of one port make the sidecar treat the traffic differently. Sniffing
 * a client-first protocol ends where the declared protocol starts (TCP or HTTP alike), so only
 * HTTP against TCP, two HTTP flavours, or sniffing on a port where the server speaks first
 * change what happens to the bytes.
 */
function differs(a: IstioProtocol, b: IstioProtocol, serverFirst: string | undefined): boolean {
  if (a === b) return false;
  const [ha, hb] = [handling(a), handling(b)];
  if (ha === 'auto' || hb === 'auto') return serverFirst !== undefined;
  if (ha !== hb) return true;
  return ha === 'http';
}

const CONSEQUENCE = ": the sidecar keeps one inbound listener per port, so one Service's traffic is handled the other's way.";

export default defineRule({
  meta: {
    id: 'port-protocol-conflict',
    cause: 'beyond',
    severity: 'warning',
    description: 'Two Services select the same injected pods with the same port number but protocols the sidecar handles differently (HTTP against TCP, sniffing where the server speaks first), or send the same container port under different port numbers.',
    why:
      'The sidecar builds one inbound listener per container port, with one protocol. When two Services selecting the same pods (typically the headless governing Service and a ClusterIP Service) disagree on a port\'s protocol, or map the same targetPort to different ports, istiod keeps one of them ("Conflicting inbound listener") and the other Service\'s traffic is handled with the wrong protocol: 404s, resets or lost HTTP features. Only disagreements that change how the bytes are handled matter: HTTP against TCP, two HTTP flavours, or auto-detection on a port where the server speaks first (the sniffing listener waits for client bytes that never come). Auto-detection against TCP on a client-first protocol ends the same way (the sniffer sees non-HTTP bytes and forwards them as TCP), so it is not reported. Pods without a sidecar have no inbound listeners: the rule looks only at injected pods. istioctl only checks Deployments; StatefulSets are where headless Services live.',
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
      'https://istio.io/latest/docs/ops/configuration/traffic-management/protocol-selection/#automatic-protocol-selection (sniffing: HTTP/1.1 and HTTP/2 detected, anything else forwarded as TCP)',
      'https://istio.io/latest/docs/ops/deployment/application-requirements/#server-first-protocols',
    ],
    messages: {
      protocolConflict: `{{service}} and {{other}} both select the pods of {{workload}}, and port {{port}} is {{protocol}} here but {{otherProtocol}} in {{other}}${CONSEQUENCE}`,
      serverFirstSniffed: `{{service}} and {{other}} both select the pods of {{workload}}, and port {{port}} is {{protocol}} here but {{otherProtocol}} in {{other}}, while the pods serve {{serverFirst}} there, where the server speaks first: the sidecar keeps one inbound listener per port, and if it is the sniffing one, connections wait for client bytes that never come and stall.`,
      portNumberConflict: `{{service}} and {{other}} both select the pods of {{workload}}, and container port {{containerPort}} is exposed as port {{port}} here but as port {{otherPort}} in {{other}}${CONSEQUENCE}`,
    },
    fixes: {
      sameProtocol: 'Use the same protocol prefix (or appProtocol) for port {{port}} in both Services.',
      samePortNumber: 'Expose container port {{containerPort}} under the same port number in both Services.',
    },
    // A pair of Services is reported once, for the first workload both select: that workload is an example of the
    // shared pods. The two Services, the ports and the protocols identify the finding.
    volatileData: ['workload'],
    uses: [facts.injection],
    requires: ['Service'],
    reads: WORKLOAD_KINDS,
  },
  check({ model, use, report }) {
    const seen = new Set<string>();
    for (const workload of model.workloads) {
      // Inbound listeners are the sidecar's: pods without one take every Service's traffic alike.
      if (use(facts.injection).of(workload).injected !== true) continue;
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
              const serverFirst = samePort ? serverFirstOn(workload, targetB ?? targetA) : undefined;
              const conflict = samePort ? differs(a.protocol.protocol, b.protocol.protocol, serverFirst) : targetA !== undefined && targetA === targetB;
              const key = `${first.display}\u0000${second.display}\u0000${a.index}\u0000${b.index}`;
              if (!conflict || seen.has(key)) continue;
              seen.add(key);
              const pair = { service: second.display, other: first.display, workload: workload.display, port: b.port };
              report({
                resource: second,
                ...(samePort
                  ? {
                      path: [...b.path, ...(b.protocol.path.length > 0 ? b.protocol.path : ['port'])],
                      messageId: serverFirst && (a.protocol.protocol === 'auto' || b.protocol.protocol === 'auto') ? 'serverFirstSniffed' : 'protocolConflict',
                      data: { ...pair, protocol: describe(b), otherProtocol: describe(a), ...(serverFirst ? { serverFirst } : {}) },
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
