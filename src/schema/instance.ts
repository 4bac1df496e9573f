/** The value ajv validates, and the way back from ajv's JSON pointers to our paths. */
import type { Path, PathSegment } from '../load/parser.js';

/**
 * The value without null-valued fields: Kubernetes decodes `field: null` as "unset" (and prunes it
 * from custom resources), so `creationTimestamp: null` in rendered output is not an error.
 * Most manifests hold no null, and are validated as they are: copying every document cost more
 * than validating it. A copy has no prototype, so keys such as `__proto__` stay plain data.
 */
export function withoutNulls(value: unknown): unknown {
  return containsNull(value, 0) ? copyWithoutNulls(value, 0) : value;
}

function containsNull(value: unknown, depth: number): boolean {
  if (depth > 200 || typeof value !== 'object') return false;
  if (value === null) return true;
  if (Array.isArray(value)) return value.some((item) => containsNull(item, depth + 1));
  for (const key in value) if (Object.hasOwn(value, key) && containsNull((value as Record<string, unknown>)[key], depth + 1)) return true;
  return false;
}

function copyWithoutNulls(value: unknown, depth: number): unknown {
  if (depth > 200 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => copyWithoutNulls(item, depth + 1));
  const out: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== null) out[key] = copyWithoutNulls(v, depth + 1);
  }
  return out;
}

/** ajv's instancePath ("/spec/ports/0/port") as a path, indexes as numbers where the data is an array. */
export function pointerToPath(pointer: string, data: unknown): PathSegment[] {
  if (pointer === '') return [];
  const path: PathSegment[] = [];
  let node = data;
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      const i = Number(seg);
      path.push(i);
      node = node[i];
    } else {
      path.push(seg);
      node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[seg] : undefined;
    }
  }
  return path;
}

/** `spec.ports[0].targetPort`, as users read a field path. */
export function displayPath(path: Path): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/**
 * Does the value hold a mapping key that was itself a collection? YAML reads an unquoted
 * `{{ .Values.x }}` as a flow mapping whose key is `{ .Values.x }`; Kubernetes objects never have
 * such keys, so the document is an unrendered template (reported by its own rule), not an object
 * whose fields are wrong one by one.
 */
export function hasCollectionKey(value: unknown, depth = 0): boolean {
  if (depth > 200 || value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((item) => hasCollectionKey(item, depth + 1));
  for (const key of Object.keys(value)) {
    if (/^[{[].*[}\]]$/s.test(key)) return true;
    if (hasCollectionKey((value as Record<string, unknown>)[key], depth + 1)) return true;
  }
  return false;
}
