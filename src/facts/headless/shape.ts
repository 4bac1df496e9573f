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

/**
 * What is wrong with an attempt at headless. The words are the reporting rule's
 * (invalid-headless-cluster-ip's message catalogue); `data` holds the values they name.
 */
export type HeadlessProblemKind =
  /** clusterIP is a near-None string ("none", " None", "Headless") */
  | 'notExactlyNone'
  /** clusterIp, ClusterIP, cluster_ip...: data.key as written, data.meant the real field */
  | 'misspelledKey'
  /** clusterIP None with clusterIPs other than exactly [None] */
  | 'clusterIPsContradictNone'
  /** clusterIPs mentions None, clusterIP is absent or empty */
  | 'clusterIPsWithoutClusterIP'
  /** clusterIPs mentions None, clusterIP is an address */
  | 'clusterIPsMismatch'
  /** a NodePort or LoadBalancer Service (data.type) meant to be headless */
  | 'typeCannotBeHeadless'
  /** an ExternalName Service meant to be headless */
  | 'externalNameCannotBeHeadless';

export interface HeadlessProblem {
  kind: HeadlessProblemKind;
  path: Path;
  /** point at the key rather than the value (a misspelled key) */
  key?: boolean;
  /** the values the problem names: what is written (JSON-quoted), the key meant, the type */
  data: Record<string, string>;
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
    problems.push({ kind: 'notExactlyNone', path: ['spec', 'clusterIP'], data: { clusterIP: show(clusterIP) } });
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
    problems.push({ kind: type === 'ExternalName' ? 'externalNameCannotBeHeadless' : 'typeCannotBeHeadless', path: ['spec', 'type'], data: { type } });
  }

  return { intended, headless: clusterIP === NONE && problems.length === 0, problems };
}

function clusterIPsProblem(clusterIP: unknown, ips: unknown[], mentionsNone: boolean): HeadlessProblem | undefined {
  const path = ['spec', 'clusterIPs'];
  const data = { clusterIPs: show(ips), clusterIP: show(clusterIP) ?? '' };
  if (clusterIP === NONE) {
    if (ips.length === 1 && ips[0] === NONE) return undefined;
    return { kind: 'clusterIPsContradictNone', path, data };
  }
  if (!mentionsNone) return undefined;
  if (clusterIP === undefined || clusterIP === null || clusterIP === '') return { kind: 'clusterIPsWithoutClusterIP', path, data };
  return { kind: 'clusterIPsMismatch', path, data };
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
    out.push({ kind: 'misspelledKey', path: ['spec', key], key: true, data: { key, meant } });
  }
  return out;
}
