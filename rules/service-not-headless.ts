import { facts } from '../src/facts/index.js';
import { defineRule } from '../src/engine/rule.js';
import type { RelatedTarget } from '../src/engine/types.js';
import type { HeadlessUse } from '../src/facts/headless/uses.js';
import { hasOwn, type Resource } from '../src/load/resource.js';

export default defineRule({
  meta: {
    id: 'service-not-headless',
    cause: 2,
    severity: 'error',
    description: 'A Service used as headless (StatefulSet serviceName, pod subdomain, per-pod DNS names) has no clusterIP: None.',
    why:
      'Kubernetes DNS publishes per-pod records (<pod>.<service>.<ns>.svc.<domain>) and answers the Service name with pod IPs only for a headless Service. With a cluster IP, the per-pod names are NXDOMAIN and the Service name answers with one virtual IP; Istio then builds a single VIP listener instead of per-pod listeners, so peers that dial pod IPs fall through to passthrough without mTLS and are reset by STRICT servers.',
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
    uses: [facts.headless, facts.headlessUses],
    requires: ['Service'],
  },
  check({ model, use, report }) {
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
      report({
        resource: service,
        path,
        message: `${service.display} is used as headless (${uses[0]?.description}${uses.length > 1 ? `, and ${uses.length - 1} more` : ''}) but ${state(service, type)}: Kubernetes publishes no per-pod DNS records for it, and Istio gives it ${type === 'ExternalName' ? 'no endpoints' : 'one virtual-IP listener instead of per-pod ones'}.`,
        fix: cannot
          ? `A ${type} Service cannot be headless: add a headless Service (clusterIP: None, type ClusterIP) selecting the same pods and point ${uses[0]?.via === 'subdomain' ? 'the subdomain' : 'serviceName'} at it; keep this one for its ${type} role.`
          : 'Set spec.clusterIP: None (clusterIP is immutable: recreate the Service); keep a separate ordinary Service if clients need a load-balanced name.',
        related: relatedUses(uses),
      });
    }
  },
});

/** The governing StatefulSet first: it is the strongest reason, then pod subdomains, then callers. */
const WEIGHT: Record<HeadlessUse['via'], number> = { serviceName: 0, subdomain: 1, 'per-pod-name': 2 };
const weight = (use: HeadlessUse) => WEIGHT[use.via];

function state(service: Resource, type: string): string {
  if (type === 'ExternalName') return 'it is of type ExternalName, a DNS alias without endpoints';
  if (type === 'NodePort' || type === 'LoadBalancer') return `it is of type ${type}, which always has a cluster IP`;
  const ip = service.spec.clusterIP;
  if (ip === undefined) return 'it has no clusterIP, so Kubernetes allocates a cluster IP';
  if (ip === null || ip === '') return `its clusterIP is ${ip === null ? 'null' : 'empty'}, which means "allocate one"`;
  return `it has clusterIP ${JSON.stringify(ip)}`;
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
