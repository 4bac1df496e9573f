/**
 * Whether a Service really is headless, read the way the API server reads it, and why an
 * attempt at headless fails. Kubernetes accepts exactly the string "None" (case-sensitive) in
 * `clusterIP`; `clusterIPs` must then be absent or exactly ["None"]; NodePort, LoadBalancer and
 * ExternalName Services cannot be headless
 * (kubernetes/kubernetes pkg/apis/core/validation/validation.go, ValidateService and
 * ValidateServiceClusterIPsRelatedFields; pkg/registry/core/service/storage/storage.go,
 * normalizeClusterIPs: clusterIPs is filled from clusterIP on create, never the reverse).
 */
import type { Path } from '../../load/parser.js';
import { asArray, type Resource } from '../../load/resource.js';
import { closest, levenshtein } from '../../util/did-you-mean.js';

export const NONE = 'None';

export interface HeadlessProblem {
  path: Path;
  /** point at the key rather than the value (a misspelled key) */
  key?: boolean;
  /** what is wrong and what Kubernetes does with it */
  message: string;
  fix: string;
}

export interface HeadlessShape {
  /** the manifest tries to make the Service headless, correctly or not */
  intended: boolean;
  /** Kubernetes will create it as a headless Service */
  headless: boolean;
  problems: HeadlessProblem[];
}

const NONE_SPELLINGS = new Set(['none', 'null', 'nil', '~', 'headless']);

/** A string that was meant as "None" but is not exactly it: "none", " None", "\"None\"", "Noen", "headless". */
export function looksLikeNone(value: unknown): boolean {
  if (typeof value !== 'string' || value === NONE) return false;
  const norm = value.trim().replace(/^["']+|["']+$/g, '').trim().toLowerCase();
  if (NONE_SPELLINGS.has(norm)) return true;
  if (norm.length < 3 || !/^[a-z]+$/.test(norm)) return false;
  // one letter off, or the letters of "none" swapped ("noen")
  return levenshtein(norm, 'none') <= 1 || [...norm].sort().join('') === 'enno';
}

const isNoneish = (value: unknown) => value === NONE || looksLikeNone(value);
const show = (value: unknown) => JSON.stringify(value);

export function headlessShape(service: Resource): HeadlessShape {
  const spec = service.spec;
  const problems: HeadlessProblem[] = [];
  const clusterIP = spec.clusterIP;
  const rawIPs = spec.clusterIPs;
  const ips = asArray(rawIPs);
  const ipsMentionNone = ips.some(isNoneish);
  let intended = clusterIP === NONE || looksLikeNone(clusterIP) || ipsMentionNone;

  if (looksLikeNone(clusterIP)) {
    problems.push({
      path: ['spec', 'clusterIP'],
      message: `clusterIP ${show(clusterIP)} is not the exact string "None" (case-sensitive, no spaces or quotes); the API server rejects it as an invalid IP address, so the Service is not created`,
      fix: 'Write clusterIP: None.',
    });
  } else if (clusterIP !== NONE) {
    const misspelled = misspelledKeys(service);
    if (misspelled.length > 0) intended = true;
    problems.push(...misspelled);
  }

  if (!looksLikeNone(clusterIP) && Array.isArray(rawIPs) && ips.length > 0) {
    const ipsProblem = clusterIPsProblem(clusterIP, ips, ipsMentionNone);
    if (ipsProblem) problems.push(ipsProblem);
  }

  const type = typeof spec.type === 'string' ? spec.type : 'ClusterIP';
  if (intended && (type === 'NodePort' || type === 'LoadBalancer' || type === 'ExternalName')) {
    problems.push({
      path: ['spec', 'type'],
      message:
        type === 'ExternalName'
          ? 'an ExternalName Service is only a DNS CNAME with no endpoints: it cannot be headless, and the API server rejects a clusterIP on it'
          : `a ${type} Service cannot be headless: the API server rejects clusterIP None for it ("may not be set to 'None' for ${type} services")`,
      fix: `Keep the headless Service of type ClusterIP (or no type) and, if the pods must be reachable from outside, add a separate ${type === 'ExternalName' ? 'Service' : type} Service for that.`,
    });
  }

  return { intended, headless: clusterIP === NONE && problems.length === 0, problems };
}

function clusterIPsProblem(clusterIP: unknown, ips: unknown[], mentionsNone: boolean): HeadlessProblem | undefined {
  const path = ['spec', 'clusterIPs'];
  const fix = 'Remove clusterIPs (the API server fills it from clusterIP) or make it exactly [None] next to clusterIP: None.';
  if (clusterIP === NONE) {
    if (ips.length === 1 && ips[0] === NONE) return undefined;
    return {
      path,
      message: `clusterIPs ${show(ips)} contradicts clusterIP None: when clusterIP is None, clusterIPs must be exactly ["None"] ("'None' must be the first and only value", "first value must match clusterIP"), so the API server rejects the Service`,
      fix,
    };
  }
  if (!mentionsNone) return undefined;
  if (clusterIP === undefined || clusterIP === null || clusterIP === '') {
    return {
      path,
      message: `clusterIPs ${show(ips)} is set without clusterIP: the API server only fills clusterIPs from clusterIP, never the reverse, and rejects the Service ("must be empty when clusterIP is not specified")`,
      fix: 'Add clusterIP: None (and keep clusterIPs: [None] or remove it).',
    };
  }
  return {
    path,
    message: `clusterIPs ${show(ips)} asks for None but clusterIP is ${show(clusterIP)}: the first value of clusterIPs must match clusterIP, so the API server rejects the Service`,
    fix: 'Decide: for a headless Service set clusterIP: None and remove clusterIPs.',
  };
}

const CLUSTER_IP_KEYS = ['clusterIP', 'clusterIPs'];

/** `clusterIp: None`, `ClusterIP: None`, `cluster_ip: None`: unknown fields Kubernetes drops (or strict kubectl rejects). */
function misspelledKeys(service: Resource): HeadlessProblem[] {
  const out: HeadlessProblem[] = [];
  for (const key of Object.keys(service.spec)) {
    if (CLUSTER_IP_KEYS.includes(key)) continue;
    const norm = key.toLowerCase().replace(/[-_\s]/g, '');
    const meant = norm === 'clusterip' ? 'clusterIP' : norm === 'clusterips' ? 'clusterIPs' : closest(key, CLUSTER_IP_KEYS);
    if (!meant) continue;
    const value = service.spec[key];
    const saysNone = meant === 'clusterIPs' ? asArray(value).some(isNoneish) : isNoneish(value);
    if (!saysNone) continue;
    out.push({
      path: ['spec', key],
      key: true,
      message: `"${key}" is not a Service field (did you mean "${meant}"?): kubectl's strict field validation rejects the Service, and clients that only warn (Helm, Argo CD, older kubectl) drop the field, so Kubernetes allocates a cluster IP and the Service is not headless`,
      fix: `Rename "${key}" to "${meant}"${meant === 'clusterIP' ? ' with the value None' : ''}.`,
    });
  }
  return out;
}
