/**
 * Finding cluster DNS names inside configuration text, and splitting them into their parts.
 * Kubernetes DNS names: https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/
 *   <svc>.<ns>.svc.<domain>            a Service
 *   <hostname>.<svc>.<ns>.svc.<domain> a pod behind a headless Service (StatefulSet pods)
 * Shorter forms are completed by the pod's resolv.conf search path
 * (`<ns>.svc.<domain> svc.<domain> <domain>`, ndots:5).
 */

export interface HostMention {
  /** the host as written, lowercased, without a trailing dot */
  host: string;
  port?: number;
  /** offset of the host inside the scanned text */
  offset: number;
  length: number;
  /** written as a URL or host:port, which makes a single-label name credible */
  qualifiedByForm: boolean;
}

const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const HOST_RE = new RegExp(`^${LABEL}(?:\\.${LABEL})*\\.?$`);
// Separators between list items and around values in args, env and config files.
const TOKEN_RE = /[^\s,;'"`()[\]{}<>=|]+/g;

/** Every credible host[:port] in a piece of text. */
export function scanHosts(text: string): HostMention[] {
  const out: HostMention[] = [];
  TOKEN_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN_RE.exec(text))) {
    let token = m[0];
    let offset = m.index;
    let qualified = false;
    const scheme = token.indexOf('://');
    if (scheme > 0) {
      qualified = true;
      offset += scheme + 3;
      token = token.slice(scheme + 3);
    }
    const slash = token.search(/[/?#]/);
    if (slash >= 0) token = token.slice(0, slash);
    const at = token.lastIndexOf('@');
    if (at >= 0) {
      offset += at + 1;
      token = token.slice(at + 1);
    }
    let host = token;
    let port: number | undefined;
    const colon = token.lastIndexOf(':');
    if (colon > 0) {
      const p = token.slice(colon + 1);
      if (/^\d{1,5}$/.test(p)) {
        port = Number(p);
        qualified = true;
        host = token.slice(0, colon);
      } else {
        continue;
      }
    }
    if (host.length === 0 || host.length > 253 || host !== host.toLowerCase()) continue;
    if (!HOST_RE.test(host)) continue;
    const trimmed = host.replace(/\.$/, '');
    // IP addresses and version-like numbers are not names.
    if (/^[\d.]+$/.test(trimmed)) continue;
    out.push({ host: trimmed, port, offset, length: host.length, qualifiedByForm: qualified });
  }
  return out;
}

export interface NameParts {
  /** per-pod hostname, when the name addresses one pod */
  pod?: string;
  service: string;
  /** namespace when written; undefined means the caller's own */
  namespace?: string;
  /** the domain after `.svc.` when written ('' for names ending in `.svc`) */
  domain?: string;
}

/**
 * The readings of a name, most specific first. `a.b` is ambiguous: pod `a` of Service `b` in
 * the caller's namespace (search path first, ndots:5), or Service `a` in namespace `b`.
 */
export function readingsOf(host: string): NameParts[] {
  const labels = host.split('.');
  const svcAt = labels.lastIndexOf('svc');
  if (svcAt >= 2) {
    const domain = labels.slice(svcAt + 1).join('.');
    const namespace = labels[svcAt - 1] as string;
    const service = labels[svcAt - 2] as string;
    const podLabels = labels.slice(0, svcAt - 2);
    if (podLabels.length > 1) return [];
    return [{ pod: podLabels[0], service, namespace, domain }];
  }
  switch (labels.length) {
    case 1:
      return [{ service: labels[0] as string }];
    case 2:
      return [
        { pod: labels[0], service: labels[1] as string },
        { service: labels[0] as string, namespace: labels[1] },
      ];
    case 3:
      return [{ pod: labels[0], service: labels[1] as string, namespace: labels[2] }];
    default:
      return [];
  }
}

/** Environment variable names and flags whose values are host names. */
export const HOST_CONTEXT_RE = /(host|addr|address|url|uri|server|endpoint|service|svc|peer|broker|bootstrap|node|seed|cluster|master|replica|primary|dsn|connect|upstream|target|backend|discovery|join|quorum|zookeeper|members)/i;

/** Line and column (0-based) of an offset inside a text. */
export function lineColumnOf(text: string, offset: number): { line: number; column: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart };
}
