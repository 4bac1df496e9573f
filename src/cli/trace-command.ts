/**
 * `headless-lint trace <paths...> --from NS/WORKLOAD --to NAME[:PORT] [--format text|json]`:
 * one connection walked hop by hop. Exit 0 every hop ok, 1 a hop broken, 3 unknown hops remain,
 * 2 usage error.
 */
import type { Finding } from '../engine/types.js';
import { lint } from '../lint.js';
import { parseClusters } from './options.js';
import { traceJson, traceText } from '../trace/render.js';
import { trace } from '../trace/trace.js';
import { UsageError } from './usage-error.js';
import { parseSubcommand, type SubcommandIo } from './subcommand.js';

export const TRACE_HELP = `Usage: headless-lint trace <paths...> --from NS/WORKLOAD --to NAME[:PORT] [--format text|json]

Walks one connection hop by hop and says where it breaks: 1 DNS, 2 Service, 3 mesh membership,
4 istiod's view, 5 network (NetworkPolicies, DNS and istiod reachability), 6 transport (protocol,
mTLS, DestinationRule TLS), 7 authorization. Each hop prints its checks with the file:line behind
them and the lint findings that concern it.
NAME is any DNS name the caller could use (db, db-0.db, db.data, db-0.db.data.svc.cluster.local)
or NS/SERVICE. Without :PORT the port the caller's manifest uses, or the Service's only port.

Options:
  -f, --format <text|json>   output format (default text)
  -n, --namespace <ns>       namespace of objects that name none (default: default)
      --cluster-domain <d>   the cluster's DNS domain, when no manifest declares it
      --cluster <name>=<path> a cluster of a multi-cluster mesh (repeatable), as for lint: the
                             trace runs in the first cluster that has the --from workload,
                             or in the one named: --from CLUSTER:NS/WORKLOAD

Exit codes: 0 every hop ok, 1 a hop is broken, 3 some hops are unknown (the input does not
show enough), 2 usage error.`;

export const EXIT_TRACE_OK = 0;
export const EXIT_TRACE_BROKEN = 1;
export const EXIT_TRACE_UNKNOWN = 3;

export type TraceIo = SubcommandIo;

export function runTraceCommand(argv: string[], io: TraceIo): number {
  const { values, positionals } = parseSubcommand('trace', {
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      format: { type: 'string', short: 'f' },
      namespace: { type: 'string', short: 'n' },
      'cluster-domain': { type: 'string' },
      cluster: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(`${TRACE_HELP}\n`);
    return EXIT_TRACE_OK;
  }
  if (!values.from || !values.to) throw new UsageError('trace needs --from NS/WORKLOAD and --to NAME[:PORT]');
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`trace: unknown format "${format}"; use text or json`);
  const clusters = parseClusters(values.cluster ?? []);
  const outcome = lint({
    clusters,
    paths: positionals.length > 0 ? positionals : clusters ? [] : ['.'],
    cwd: io.cwd,
    readStdin: io.readStdin,
    settings: {
      ...(values.namespace ? { defaultNamespace: values.namespace } : {}),
      ...(values['cluster-domain'] ? { clusterDomain: { value: values['cluster-domain'], origin: '--cluster-domain' } } : {}),
    },
  });
  for (const e of outcome.inputErrors) io.stderr(`headless-lint: ${e.path}: ${e.message}\n`);
  if (outcome.inputErrors.length > 0) return 2;
  const result = outcome.clusters ? traceInClusters(outcome.clusters, outcome.result.findings, values.from, values.to) : trace(outcome.analysis, outcome.result.findings, values.from, values.to);
  io.stdout(format === 'json' ? traceJson(result) : traceText(result));
  return result.verdict === 'ok' ? EXIT_TRACE_OK : result.verdict === 'broken' ? EXIT_TRACE_BROKEN : EXIT_TRACE_UNKNOWN;
}

/**
 * The trace in the cluster `--from CLUSTER:NS/WORKLOAD` names, else in the first cluster that has
 * the caller; with that cluster's findings and those of files every cluster reads.
 */
function traceInClusters(clusters: NonNullable<ReturnType<typeof lint>['clusters']>, findings: readonly Finding[], from: string, to: string) {
  const named = /^([^:/]+):(.+)$/.exec(from);
  const candidates = named ? clusters.filter((c) => c.name === named[1]) : clusters;
  if (named && candidates.length === 0) throw new UsageError(`trace --from ${from}: no cluster ${named[1]} (the clusters are ${clusters.map((c) => c.name).join(', ')})`);
  const caller = named ? (named[2] as string) : from;
  let first: unknown;
  for (const { name, analysis } of candidates) {
    try {
      const own = findings.filter((f) => f.cluster === undefined || f.cluster === name);
      return { ...trace(analysis, own, caller, to), cluster: name };
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      first ??= error;
    }
  }
  throw first;
}
