/**
 * `headless-lint trace <paths...> --from NS/WORKLOAD --to NAME[:PORT] [--format text|json]`:
 * one connection walked hop by hop. Exit 0 every hop ok, 1 a hop broken, 3 unknown hops remain,
 * 2 usage error.
 */
import { lint } from '../lint.js';
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
  const outcome = lint({
    paths: positionals.length > 0 ? positionals : ['.'],
    cwd: io.cwd,
    readStdin: io.readStdin,
    settings: {
      ...(values.namespace ? { defaultNamespace: values.namespace } : {}),
      ...(values['cluster-domain'] ? { clusterDomain: { value: values['cluster-domain'], origin: '--cluster-domain' } } : {}),
    },
  });
  for (const e of outcome.inputErrors) io.stderr(`headless-lint: ${e.path}: ${e.message}\n`);
  if (outcome.inputErrors.length > 0) return 2;
  const result = trace(outcome.analysis, outcome.result.findings, values.from, values.to);
  io.stdout(format === 'json' ? traceJson(result) : traceText(result));
  return result.verdict === 'ok' ? EXIT_TRACE_OK : result.verdict === 'broken' ? EXIT_TRACE_BROKEN : EXIT_TRACE_UNKNOWN;
}
