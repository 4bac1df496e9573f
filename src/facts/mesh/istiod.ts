/**
 * istiod instances in any revision. A Deployment is istiod when a container runs
 * pilot-discovery: the `pilot` image, or arguments starting with `discovery` (the chart's
 * form, manifests/charts/istio-control/istio-discovery/templates/deployment.yaml). The seed
 * article writes `args: [istiod, --domain, ...]`, accepted too.
 */
import type { Path } from '../../load/parser.js';
import { asArray, asString, textList } from '../../load/resource.js';
import { DEFAULT_CLUSTER_DOMAIN } from '../dns/cluster-domain.js';
import type { Container, Workload } from '../../model/workload.js';
import { defineFact } from '../define.js';
import { WORKLOAD_KINDS } from '../../model/workload.js';

export interface Istiod {
  workload: Workload;
  container: Container;
  /** `--domain`, or cluster.local when absent (pilot-discovery's flag default) */
  domain: string;
  /** path of the domain value in the resource; undefined when the flag is absent */
  domainPath?: Path;
  /** path of the args (or the container) to point at when the flag is absent */
  argsPath: Path;
  /** 'default' for the unrevisioned control plane */
  revision: string;
}

function imageName(image: string): string {
  const noDigest = image.split('@')[0] ?? '';
  const lastSlash = noDigest.lastIndexOf('/');
  const nameAndTag = noDigest.slice(lastSlash + 1);
  return nameAndTag.split(':')[0] ?? '';
}

function runsPilotDiscovery(container: Container): boolean {
  const args = textList(container.container.args);
  const command = textList(container.container.command);
  const image = asString(container.container.image) ?? '';
  if (imageName(image) === 'pilot') return true;
  if (command.some((c) => c.endsWith('pilot-discovery'))) return true;
  const first = args[0];
  return first === 'discovery' || first === 'istiod';
}

export function findIstiods(workloads: Workload[]): Istiod[] {
  const out: Istiod[] = [];
  for (const workload of workloads) {
    // A Deployment, or a live pod standing for one in a dump without its Deployment.
    if (workload.owner.kind !== 'Deployment') continue;
    const container = workload.containers().find(runsPilotDiscovery);
    if (!container) continue;
    const args = asArray(container.container.args);
    let domain = DEFAULT_CLUSTER_DOMAIN;
    let domainPath: Path | undefined;
    args.forEach((arg, i) => {
      if (arg === '--domain' || arg === '-domain') {
        const next = args[i + 1];
        if (typeof next === 'string') {
          domain = next;
          domainPath = [...container.path, 'args', i + 1];
        }
      } else if (typeof arg === 'string' && /^--?domain=/.test(arg)) {
        domain = arg.slice(arg.indexOf('=') + 1);
        domainPath = [...container.path, 'args', i];
      }
    });
    const revision = workload.resource.labels['istio.io/rev'] ?? workload.labels['istio.io/rev'] ?? 'default';
    out.push({
      workload,
      container,
      domain,
      domainPath,
      argsPath: args.length > 0 ? [...container.path, 'args'] : container.path,
      revision,
    });
  }
  return out;
}

export const istiods = defineFact({
  id: 'mesh.istiods',
  description: 'the istiod instances of every revision, with their --domain',
  reads: WORKLOAD_KINDS,
  compute: ({ model }) => findIstiods([...model.workloads]),
});
