/**
 * The repairs rules offer, built once here so that each rule adds one call to its report and
 * two rules never spell the same repair differently. Each returns the report fields `fix`
 * and/or `suggestions` (edits on paths), or nothing where the input rules a repair out
 * (a key that is already taken, a value a rule cannot rewrite as a whole scalar).
 */
import type { Report } from '../engine/types.js';
import type { Path } from '../load/parser.js';
import { asObj, hasOwn, type Obj, type Resource } from '../load/resource.js';
import type { Verdict } from '../netpol/evaluator.js';
import { blockingSides } from '../netpol/findings.js';
import { addKey, appendItem, deletePath, egressRuleTo, setValue, type Edit, type FixProposal } from './edits.js';

export type Repairs = Pick<Report, 'fix' | 'suggestions'>;

const fix = (edits: Edit[], fixId?: string): Repairs => ({ fix: { edits, ...(fixId ? { fixId } : {}) } });
const suggest = (...proposals: FixProposal[]): Repairs => ({ suggestions: proposals });

/** The value at a path of a resource, as read. */
export function valueAt(resource: Resource, path: Path): unknown {
  let node: unknown = resource.value;
  for (const seg of path) {
    if (Array.isArray(node) && typeof seg === 'number') node = node[seg];
    else if (asObj(node) && hasOwn(node as Obj, String(seg))) node = (node as Obj)[String(seg)];
    else return undefined;
  }
  return node;
}

/** invalid-headless-cluster-ip: the exact "None", the key spelled right, clusterIPs consistent with it. */
export function headlessClusterIpRepair(service: Resource, kind: string, problemPath: Path, data: Record<string, string>): Repairs {
  const spec = service.spec;
  switch (kind) {
    case 'notExactlyNone':
    case 'clusterIPsWithoutClusterIP':
      return fix([setValue(['spec', 'clusterIP'], 'None')]);
    case 'misspelledKey': {
      const meant = data.meant;
      if (meant !== 'clusterIP' && meant !== 'clusterIPs') return {};
      if (hasOwn(spec, meant)) return {};
      return fix([deletePath(problemPath), meant === 'clusterIP' ? setValue(['spec', 'clusterIP'], 'None') : addKey(['spec', 'clusterIPs'], ['None'])]);
    }
    case 'clusterIPsContradictNone':
      return fix([deletePath(['spec', 'clusterIPs'])]);
    case 'clusterIPsMismatch':
      return suggest({ edits: [setValue(['spec', 'clusterIP'], 'None'), deletePath(['spec', 'clusterIPs'])] });
    default:
      return {};
  }
}

/** A Service port read as TCP: appProtocol, which Istio reads before the port name. */
export function appProtocolTcp(portPath: Path): Edit[] {
  return [setValue([...portPath, 'appProtocol'], 'tcp')];
}

/**
 * The port renamed with a protocol prefix (a suggestion: SRV records and references by port
 * name follow the name); only when no other port of the Service has that name.
 */
export function renamePortRepair(service: Resource, portPath: Path, name: string, fixId: string): Repairs {
  const ports = valueAt(service, ['spec', 'ports']);
  if (!Array.isArray(ports) || ports.some((p) => asObj(p)?.name === name)) return {};
  return suggest({ fixId, edits: [setValue([...portPath, 'name'], name)] });
}

/**
 * A port added to a Service, named for TCP. Kubernetes requires every port of a Service with
 * more than one to be named: with an unnamed port there, or the name taken, nothing is offered.
 */
export function declarePortRepair(service: Resource, port: number): Repairs {
  const ports = valueAt(service, ['spec', 'ports']);
  if (!Array.isArray(ports)) return {};
  const name = `tcp-${port}`;
  if (ports.some((p) => typeof asObj(p)?.name !== 'string' || asObj(p)?.name === name || asObj(p)?.port === port)) return {};
  return fix([appendItem(['spec', 'ports'], { name, port, targetPort: port, protocol: 'TCP' }, service)]);
}

/** A label in the pod template where an annotation or the workload's own metadata holds it. */
export function templateLabel(resource: Resource, labelPath: Path, value: string, remove?: Path, fixId?: string): Repairs {
  if (valueAt(resource, labelPath) !== undefined) return {};
  return fix([...(remove ? [deletePath(remove)] : []), setValue(labelPath, value)], fixId);
}

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/**
 * The value a label must have to say what an annotation or metadata key says: the injector's
 * object selector matches sidecar.istio.io/inject "true" or "false" exactly; other keys keep
 * their value when it is a valid label value. undefined: no label can say it.
 */
export function labelValue(key: string, value: string): string | undefined {
  if (key === 'sidecar.istio.io/inject') return /^(true|y|yes|on|1)$/i.test(value) ? 'true' : /^(false|n|no|off|0)$/i.test(value) ? 'false' : undefined;
  return value.length <= 63 && LABEL_VALUE.test(value) ? value : undefined;
}

/** A label moved to the Namespace object (suggestion: it applies to every pod of the namespace). */
export function namespaceLabel(namespace: Resource | undefined, label: string, value: string, remove: { resource: Resource; path: Path }, fixId: string): Repairs {
  if (!namespace || namespace.labels[label] !== undefined) return {};
  return suggest({ fixId, edits: [deletePath(remove.path, remove.resource), setValue(['metadata', 'labels', label], value, namespace)] });
}

/** A label of the pod template in place of an annotation or metadata key, when a label can say the same. */
export function asTemplateLabel(resource: Resource, labelPath: Path, key: string, value: string, remove?: Path, fixId?: string): Repairs {
  const label = labelValue(key, value);
  return label === undefined ? {} : templateLabel(resource, labelPath, label, remove, fixId);
}

/**
 * NetworkPolicy rules that let one workload reach pods on some ports: an egress rule in the
 * policy that isolates the workload's egress, an ingress rule in the one that isolates the
 * other end's ingress. Only for a certain denial: an uncertain one is not known to need it.
 */
export function allowTrafficRepair(
  verdict: Verdict,
  from: { namespace: string; labels: Record<string, string> },
  to: { namespace: string; labels: Record<string, string>; hostNetwork?: boolean },
  ports: { protocol: 'TCP' | 'UDP'; port: number }[],
  fixId: string,
): Repairs {
  if (verdict.allowed !== false || to.hostNetwork) return {};
  const edits: Edit[] = [];
  for (const side of blockingSides(verdict, ports[0]!.port)) {
    const policy = side.isolatedBy[0];
    if (!policy) continue;
    if (side.direction === 'egress') edits.push(appendItem(['spec', 'egress'], egressRuleTo(to.namespace, to.labels, ports), policy.resource));
    else {
      const rule = egressRuleTo(from.namespace, from.labels, ports);
      edits.push(appendItem(['spec', 'ingress'], { from: rule.to, ports: rule.ports }, policy.resource));
    }
  }
  return edits.length > 0 ? suggest({ fixId, edits }) : {};
}

/** istiod's --domain set to the cluster's, in the form it is written (`--domain=x` or `--domain`, `x`). */
export function istiodDomainEdits(resource: Resource, domainPath: Path | undefined, argsPath: Path, domain: string): Edit[] {
  if (domainPath) {
    const written = valueAt(resource, domainPath);
    if (typeof written !== 'string') return [];
    return [setValue(domainPath, written.startsWith('--domain=') ? `--domain=${domain}` : domain)];
  }
  const args = argsPath.at(-1) === 'args' ? argsPath : [...argsPath, 'args'];
  return [appendItem(args, '--domain'), appendItem(args, domain)];
}

/**
 * --domain of istiod set to the cluster domain: a fix when the cluster's own configuration
 * (the user, kubelet, kubeadm or the CoreDNS zone) decides the domain and no declaration
 * disagrees; a suggestion when the domain is assumed, taken from Istio's values, or declared
 * two ways, for then either side could be the one to change.
 */
export function istiodDomainRepair(
  resource: Resource,
  istiod: { domainPath?: Path; argsPath: Path },
  domain: { effective: string; decidedBy?: { kind: string }; decidedByZone?: unknown; sources: { value: string; implicit: boolean }[] },
  fixId: string,
): Repairs {
  const edits = istiodDomainEdits(resource, istiod.domainPath, istiod.argsPath, domain.effective);
  if (edits.length === 0) return {};
  const norm = (d: string) => d.trim().replace(/\.$/, '').toLowerCase();
  const decided = domain.decidedByZone !== undefined || ['user', 'kubelet', 'kubeadm'].includes(domain.decidedBy?.kind ?? '');
  const agreed = domain.sources.every((s) => s.implicit || norm(s.value) === norm(domain.effective));
  return decided && agreed ? fix(edits, fixId) : suggest({ fixId, edits });
}

/** A host rewritten as a whole scalar; nothing when the host is part of a longer text. */
export function replaceHost(resource: Resource, path: Path, host: string, replacement: string | undefined, fixId: string): Repairs {
  if (replacement === undefined || valueAt(resource, path) !== host) return {};
  return suggest({ fixId, edits: [setValue(path, replacement)] });
}

export { fix as safeFix, suggest as suggestions };
