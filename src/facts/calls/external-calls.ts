/**
 * Calls to names outside the cluster: `host:port` (or a URL with a port) written in a workload's
 * configuration, where the host is not a cluster DNS name. The callers index keeps only cluster
 * names; these are the rest, with the port, which is what a sidecar's outbound listeners match
 * when the destination has no VIP of its own.
 */
import type { Located, Path } from '../../load/parser.js';
import type { Resource } from '../../load/resource.js';
import { scanHosts } from '../../text/dns-names.js';
import { WORKLOAD_KINDS, type Workload } from '../../model/workload.js';
import { defineFact } from '../define.js';
import { mentionLocator, resolve, textsOf, type CallerIndexInput } from './callers.js';

export interface ExternalCall {
  caller: Workload;
  /** the host as written, lowercased */
  host: string;
  port: number;
  /** written as an http:// or https:// URL: the caller speaks HTTP (or TLS) on it */
  scheme?: string;
  resource: Resource;
  path: Path;
  readonly located: Located;
}

export interface ExternalCalls {
  of(workload: Workload): ExternalCall[];
}

function callsOf(workload: Workload, input: CallerIndexInput): ExternalCall[] {
  const out: ExternalCall[] = [];
  for (const scanned of textsOf(workload, input)) {
    for (const mention of scanHosts(scanned.text)) {
      // A single label with a port is a cluster name or a typo, never an outside host.
      if (mention.port === undefined || !mention.host.includes('.')) continue;
      if (resolve(mention.host, workload.namespace, input)) continue;
      const before = scanned.text.slice(0, mention.offset);
      const scheme = /([a-z][a-z0-9+.-]*):\/\/[^\s]*$/i.exec(before)?.[1]?.toLowerCase();
      const locate = mentionLocator(scanned, mention);
      out.push({
        caller: workload,
        host: mention.host,
        port: mention.port,
        scheme,
        resource: scanned.resource,
        path: scanned.path,
        get located(): Located {
          return locate();
        },
      });
    }
  }
  return out;
}

export const externalCalls = defineFact({
  id: 'calls.externalCalls',
  description: 'which workload names which host outside the cluster, with the port (env, args, ConfigMaps)',
  reads: [...WORKLOAD_KINDS, 'ConfigMap', 'Service'],
  compute: ({ model }): ExternalCalls => {
    const input: CallerIndexInput = {
      workloads: [...model.workloads],
      configMap: (ns, name) => model.get('ConfigMap', ns, name),
      service: (ns, name) => model.get('Service', ns, name),
    };
    const memo = new Map<Workload, ExternalCall[]>();
    return {
      of(workload) {
        let calls = memo.get(workload);
        if (!calls) memo.set(workload, (calls = callsOf(workload, input)));
        return calls;
      },
    };
  },
});
