import { facts } from '../src/facts/index.js';
import type { Analysis } from '../src/facts/store.js';
import type { PeerTraffic } from '../src/facts/apps/peer-traffic.js';
import { defineRule } from '../src/engine/rule.js';
import type { RelatedTarget } from '../src/engine/types.js';
import type { HeadlessUse } from '../src/facts/headless/uses.js';
import { hasOwn, type Resource } from '../src/load/resource.js';

const USED_AS_HEADLESS = '{{service}} is used as headless ({{uses}}) but';
const VIP_EFFECT = 'Kubernetes publishes no per-pod DNS records for it, and Istio gives it one virtual-IP listener instead of per-pod ones.';
const ADD_HEADLESS = 'A {{type}} Service cannot be headless: add a headless Service (clusterIP: None, type ClusterIP) selecting the same pods and';

export default defineRule({
  meta: {
    id: 'service-not-headless',
    cause: 2,
    severity: 'error',
    description: 'A Service used as headless (StatefulSet serviceName, pod subdomain, per-pod DNS names) has no clusterIP: None.',
    why:
      'Kubernetes DNS publishes per-pod records (<pod>.<service>.<ns>.svc.<domain>) and answers the Service name with pod IPs only for a headless Service. With a cluster IP, the per-pod names are NXDOMAIN and the Service name answers with one virtual IP; Istio then builds a single VIP listener instead of per-pod listeners, so peers that dial pod IPs fall through to passthrough without mTLS and are reset by STRICT servers. It is an error when something in view relies on that: a caller naming a per-pod name, or replicas of a system the catalogue of clustered systems knows to address each other by per-pod name or pod IP; a serviceName or subdomain with no such use is a warning (the names are asked for, nothing in the input dials them).',
    diagnose: [
      'kubectl -n <ns> get service <name> -o jsonpath="{.spec.clusterIP}"',
      'kubectl -n <ns> exec <caller-pod> -- nslookup <pod-0>.<name>.<ns>.svc.cluster.local',
      'istioctl proxy-config listener <caller-pod>.<ns> --port <port>',
    ],
    fix: 'Set spec.clusterIP: None on the Service. clusterIP is immutable: delete and recreate the Service (kubectl replace --force -f service.yaml); if clients also need a load-balanced name, add a second, ordinary Service for them.',
    sources: [
      'https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/ (per-pod A/AAAA records need a headless Service named like the subdomain)',
      'https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#stable-network-id',
      'https://kubernetes.io/docs/concepts/services-networking/service/#headless-services',
      'istio/istio pilot/pkg/serviceregistry/kube/conversion.go (clusterIP None becomes resolution Passthrough)',
    ],
    messages: {
      noClusterIP: `${USED_AS_HEADLESS} it has no clusterIP, so Kubernetes allocates a cluster IP: ${VIP_EFFECT}`,
      blankClusterIP: `${USED_AS_HEADLESS} its clusterIP is {{blank}}, which means "allocate one": ${VIP_EFFECT}`,
      clusterIPAddress: `${USED_AS_HEADLESS} it has clusterIP {{clusterIP}}: ${VIP_EFFECT}`,
      typeAlwaysHasClusterIP: `${USED_AS_HEADLESS} it is of type {{type}}, which always has a cluster IP: ${VIP_EFFECT}`,
      externalNameType: `${USED_AS_HEADLESS} it is of type ExternalName, a DNS alias without endpoints: Kubernetes publishes no per-pod DNS records for it, and Istio gives it no endpoints.`,
    },
    fixes: {
      setNone: 'Set spec.clusterIP: None (clusterIP is immutable: recreate the Service); keep a separate ordinary Service if clients need a load-balanced name.',
      addHeadlessService: `${ADD_HEADLESS} point serviceName at it; keep this one for its {{type}} role.`,
      addHeadlessServiceForSubdomain: `${ADD_HEADLESS} point the subdomain at it; keep this one for its {{type}} role.`,
    },
    // What relies on the Service being headless (the first use, and how many more) describes the
    // finding; the Service and the way its clusterIP is written identify it.
    volatileData: ['uses'],
    uses: [facts.headless, facts.headlessUses, facts.peerTraffic],
    requires: ['Service'],
  },
  check({ model, use, report }) {
    const peerTraffic = use(facts.peerTraffic);
    for (const service of model.services) {
      const uses = [...use(facts.headlessUses).of(service)].sort((a, b) => weight(a) - weight(b));
      if (uses.length === 0) continue;
      // Attempts at None that fail are invalid-headless-cluster-ip's findings.
      if (use(facts.headless).shapeOf(service).intended) continue;
      const spec = service.spec;
      const type = typeof spec.type === 'string' ? spec.type : 'ClusterIP';
      // NodePort, LoadBalancer and ExternalName Services can never be headless: another Service is needed.
      const cannot = type === 'NodePort' || type === 'LoadBalancer' || type === 'ExternalName';
      const path = hasOwn(spec, 'clusterIP') && type !== 'ExternalName' ? ['spec', 'clusterIP'] : cannot ? ['spec', 'type'] : ['spec'];
      const state = stateOf(service, type);
      report({
        resource: service,
        path,
        severity: perPodAddressing(model, peerTraffic, service, uses) ? undefined : 'warning',
        messageId: state.messageId,
        data: { service: service.display, uses: `${uses[0]?.description}${uses.length > 1 ? `, and ${uses.length - 1} more` : ''}`, type, ...state.data },
        fixId: !cannot ? 'setNone' : uses[0]?.via === 'subdomain' ? 'addHeadlessServiceForSubdomain' : 'addHeadlessService',
        related: relatedUses(uses),
      });
    }
  },
});

/**
 * Whether something relies on what only a headless Service gives: per-pod names (a caller names
 * one) or per-pod listeners (the replicas of a catalogued system address each other by per-pod
 * name or pod IP). A serviceName or subdomain alone only asks for the names; nothing in view uses them.
 */
function perPodAddressing(model: Analysis['model'], peerTraffic: PeerTraffic, service: Resource, uses: readonly HeadlessUse[]): boolean {
  if (uses.some((u) => u.via === 'per-pod-name')) return true;
  const pods = new Set([...model.selectedBy(service), ...model.governedBy(service)]);
  return [...pods].some((w) => peerTraffic.of(w).some((p) => p.addressing === 'per-pod-name' || p.addressing === 'pod-ip'));
}

/** The governing StatefulSet first: it is the strongest reason, then pod subdomains, then callers. */
const WEIGHT: Record<HeadlessUse['via'], number> = { serviceName: 0, subdomain: 1, 'per-pod-name': 2 };
const weight = (use: HeadlessUse) => WEIGHT[use.via];

/** Why the Service is not headless: the message for its type or clusterIP. */
function stateOf(service: Resource, type: string): { messageId: string; data?: Record<string, string> } {
  if (type === 'ExternalName') return { messageId: 'externalNameType' };
  if (type === 'NodePort' || type === 'LoadBalancer') return { messageId: 'typeAlwaysHasClusterIP' };
  const ip = service.spec.clusterIP;
  if (ip === undefined) return { messageId: 'noClusterIP' };
  if (ip === null || ip === '') return { messageId: 'blankClusterIP', data: { blank: ip === null ? 'null' : 'empty' } };
  return { messageId: 'clusterIPAddress', data: { clusterIP: JSON.stringify(ip) } };
}

function relatedUses(uses: HeadlessUse[]): RelatedTarget[] {
  const seen = new Set<string>();
  const out: RelatedTarget[] = [];
  for (const use of uses) {
    const key = `${use.by.file}\u0000${use.path.join('.')}\u0000${use.description}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ resource: use.by, path: use.path, located: use.located, message: use.description });
  }
  return out;
}
