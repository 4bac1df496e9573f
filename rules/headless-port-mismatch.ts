import { facts } from '../src/facts/index.js';
import { defineRule } from '../src/engine/rule.js';
import type { RelatedTarget } from '../src/engine/types.js';
import { WORKLOAD_KINDS, type ContainerPort, type Workload } from '../src/model/workload.js';
import { asArray, asObj, asString } from '../src/load/resource.js';
import { systemListensOn } from '../src/facts/apps/system-ports.js';

const NOTHING_MAPS = '{{service}} is headless: callers connect to podIP:{{port}} directly, so nothing maps port {{port}}';

export default defineRule({
  meta: {
    id: 'headless-port-mismatch',
    cause: 2,
    severity: 'error',
    description: "A headless Service port's targetPort differs from its port (nothing maps one to the other), or the port is not among the selected pods' container ports.",
    why:
      "A headless Service has no virtual IP and kube-proxy programs nothing for it: callers resolve the name to pod IPs and connect to podIP:port themselves, so a targetPort different from port is never applied. Istio builds the per-pod listeners of a headless Service on the Service port, so a client dialling the real pod port bypasses them (passthrough, no mTLS: reset by STRICT servers) and a client dialling the Service port reaches a port the app does not serve. Istio's maintainers call targetPort != port meaningless for headless Services. A port the pods do not declare is not evidence that nothing listens there (containerPort is informational, and operators such as Keycloak's declare none for their peer ports): when the catalogue of clustered systems knows the application listens on it, nothing is reported; otherwise it is an info to check. A targetPort mismatch is an error when the input shows something dialling the port through the Service's names (callers naming the Service or its pods, or replicas that dial each other on it per the catalogue); with no such caller in view it is a warning: the mismatch breaks the first client that comes.",
    diagnose: [
      'kubectl -n <ns> get service <name> -o jsonpath="{range .spec.ports[*]}{.port}->{.targetPort}{\'\\n\'}{end}"',
      'kubectl -n <ns> get pod <pod> -o jsonpath="{.spec.containers[*].ports}"',
      'istioctl proxy-config listener <caller-pod>.<ns> --address <pod-ip>',
    ],
    fix: 'Make port equal to the port the pods listen on and drop targetPort (or set it to the same number). If clients need another port number, run an ordinary (non-headless) Service for them.',
    sources: [
      'https://github.com/istio/istio/issues/23675',
      'https://github.com/istio/istio/issues/51908 (maintainer: targetPort != port has no meaning for a headless Service)',
      'https://github.com/istio/istio/pull/37405 (closed: Istio keeps using the Service port)',
      'https://kubernetes.io/docs/concepts/services-networking/service/#headless-services (no load balancing or proxying)',
      'istio/istio pilot/pkg/networking/core/listener.go (headless listeners built on servicePort.Port)',
    ],
    messages: {
      targetPortDiffers: `${NOTHING_MAPS} to targetPort {{targetPort}}, and Istio builds its per-pod listeners on {{port}}.`,
      namedTargetPortDiffers: `${NOTHING_MAPS} to targetPort "{{targetPort}}" (containerPort {{containerPort}} in {{workload}}), and Istio builds its per-pod listeners on {{port}}.`,
      namedTargetPortUnknown:
        '{{service}} is headless and its targetPort "{{targetPort}}" names no container port of the selected pods ({{workloads}}); callers connect to podIP:{{port}} directly, so the pods must listen on {{port}}.',
      portNotDeclared:
        '{{service}} is headless and port {{port}}/{{protocol}} is not among the container ports its pods declare ({{declared}}); callers connect to podIP:{{port}} directly, so the app must listen on {{port}} (declarations are informational: check the app).',
    },
    fixes: {
      usePodPort: 'The pods listen on {{targetPort}}: set port: {{targetPort}} and drop targetPort.',
      alignPorts: 'Set targetPort to {{port}} (or drop it) and make the pods listen on {{port}}, or set port: {{targetPort}}.',
      useNamedPort: 'Set port: {{containerPort}} and drop targetPort, or make the pods listen on {{port}}.',
      dropTargetPort: 'Drop targetPort (or set it to {{port}}) and check that the pods listen on {{port}}.',
      declarePort: 'Use the port the app listens on as the Service port, or declare containerPort {{port}} if the app does listen on it.',
    },
    // The Service, its port and targetPort identify a finding; the selected workloads, the first
    // one's number for a named targetPort and the ports the pods declare describe it.
    volatileData: ['workload', 'containerPort', 'workloads', 'declared'],
    uses: [facts.headless, facts.headlessFlows, facts.systems, facts.peerTraffic],
    requires: ['Service'],
    reads: WORKLOAD_KINDS,
  },
  check({ model, use, report }) {
    const systems = use(facts.systems);
    const peerTraffic = use(facts.peerTraffic);
    for (const service of model.services) {
      if (!use(facts.headless).shapeOf(service).headless) continue;
      const pods = model.selectedBy(service);
      if (pods.length === 0) continue;
      // A port someone dials through the Service's names (its pods' IPs) fails outright; otherwise the mismatch waits for its first caller.
      const dialled = new Set(use(facts.headlessFlows).of(service).filter((f) => f.reference).map((f) => f.port));
      for (const w of pods) for (const peer of peerTraffic.of(w)) dialled.add(peer.port);
      const mismatchSeverity = (port: number) => (dialled.has(port) ? undefined : 'warning');
      asArray(service.spec.ports).forEach((raw, i) => {
        const entry = asObj(raw);
        const port = entry?.port;
        if (!entry || typeof port !== 'number' || !Number.isInteger(port)) return;
        const protocol = asString(entry.protocol) ?? 'TCP';
        const tp = entry.targetPort;
        const tpNumber = typeof tp === 'number' ? tp : typeof tp === 'string' && /^\d+$/.test(tp) ? Number(tp) : undefined;
        const at = ['spec', 'ports', i, 'targetPort'];
        const data = { service: service.display, port };
        if (tpNumber !== undefined && tpNumber !== port) {
          const declared = declaredPorts(pods, protocol).filter(({ p }) => p.containerPort === tpNumber);
          report({
            resource: service,
            path: at,
            severity: mismatchSeverity(port),
            messageId: 'targetPortDiffers',
            data: { ...data, targetPort: tpNumber },
            fixId: declared.length > 0 ? 'usePodPort' : 'alignPorts',
            related: declared.map(containerPortNote),
          });
          return;
        }
        if (typeof tp === 'string' && tpNumber === undefined) {
          const resolved = pods.map((w) => ({ w, p: w.resolveNamedPort(tp) }));
          const differing = resolved.filter((r): r is { w: Workload; p: ContainerPort } => r.p !== undefined && r.p.containerPort !== port);
          if (differing.length > 0) {
            const first = differing[0] as { w: Workload; p: ContainerPort };
            report({
              resource: service,
              path: at,
              severity: mismatchSeverity(port),
              messageId: 'namedTargetPortDiffers',
              data: { ...data, targetPort: tp, containerPort: first.p.containerPort, workload: first.w.display },
              fixId: 'useNamedPort',
              related: differing.map(({ w, p }) => ({ resource: w.resource, path: [...p.path, 'containerPort'], message: `${w.display} declares port "${tp}" as ${p.containerPort}` })),
            });
            return;
          }
          if (resolved.every((r) => r.p === undefined)) {
            report({
              resource: service,
              path: at,
              severity: 'warning',
              messageId: 'namedTargetPortUnknown',
              data: { ...data, targetPort: tp, workloads: pods.map((w) => w.display).join(', ') },
              fixId: 'dropTargetPort',
            });
          }
          return;
        }
        const declared = declaredPorts(pods, protocol);
        if (declared.length === 0 || declared.some(({ p }) => p.containerPort === port)) return;
        // The catalogue knows the system listens there: only the (informational) declaration is missing.
        if (pods.some((w) => systemListensOn(systems, w, port))) return;
        report({
          resource: service,
          path: ['spec', 'ports', i, 'port'],
          severity: 'info',
          messageId: 'portNotDeclared',
          data: { ...data, protocol, declared: [...new Set(declared.map(({ p }) => p.containerPort))].join(', ') },
          fixId: 'declarePort',
          related: declared.slice(0, 3).map(containerPortNote),
        });
      });
    }
  },
});

interface Declared {
  w: Workload;
  p: ContainerPort;
}

function declaredPorts(pods: readonly Workload[], protocol: string): Declared[] {
  return pods.flatMap((w) => w.ports().map((p) => ({ w, p }))).filter(({ p }) => p.protocol === protocol);
}

function containerPortNote({ w, p }: Declared): RelatedTarget {
  return { resource: w.resource, path: [...p.path, 'containerPort'], message: `${w.display} declares containerPort ${p.containerPort}${p.name ? ` ("${p.name}")` : ''}` };
}
