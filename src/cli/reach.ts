/**
 * `headless-lint reach <paths...> --from NS/NAME --to NS/NAME [--port P] [--protocol P] [--format text|json]`:
 * one NetworkPolicy verdict, explained. Exit 0 allowed, 1 denied or partial, 3 unknown, 2 usage error.
 */
import { netpol } from '../facts/network/netpol.js';
import { lint } from '../lint.js';
import { parseCidr } from '../netpol/cidr.js';
import type { Endpoint, NetpolEvaluator } from '../netpol/evaluator.js';
import { verdictJson, verdictText } from '../netpol/explain.js';
import { podGroupDisplay } from '../netpol/pods.js';
import { asProtocol, PROTOCOLS } from '../netpol/ports.js';
import { closest } from '../util/did-you-mean.js';
import { UsageError } from './usage-error.js';
import { parseSubcommand, type SubcommandIo } from './subcommand.js';

export const EXIT_ALLOWED = 0;
export const EXIT_DENIED = 1;
export const EXIT_UNKNOWN = 3;

export const REACH_HELP = `Usage: headless-lint reach <paths...> --from NS/NAME --to NS/NAME [--port P] [--protocol TCP|UDP|SCTP] [--format text|json]

Says whether NetworkPolicies let pods of one workload connect to another, and why.
NAME is a workload or Pod name; either end may be cidr:A.B.C.D/N, addresses outside the cluster,
or node, the node the pods run on (always allowed: kubelet probes).
Without --port the answer covers every port of the protocol ("partial" lists the allowed ones).

Exit codes: 0 allowed, 1 denied or partial, 3 unknown (depends on the network plugin or on
addresses the manifests do not show), 2 usage error.`;

export type ReachIo = SubcommandIo;

export function reach(argv: string[], io: ReachIo): number {
  const { values, positionals } = parseSubcommand('reach', {
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      port: { type: 'string' },
      protocol: { type: 'string' },
      format: { type: 'string', short: 'f' },
      namespace: { type: 'string', short: 'n' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.stdout(`${REACH_HELP}\n`);
    return EXIT_ALLOWED;
  }
  if (!values.from || !values.to) throw new UsageError('reach needs --from NS/NAME and --to NS/NAME');
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`reach: unknown format "${format}"; use text or json`);
  const protocol = asProtocol((values.protocol ?? 'TCP').toUpperCase());
  if (!protocol) throw new UsageError(`reach: --protocol must be one of ${PROTOCOLS.join(', ')}`);
  let port: number | undefined;
  if (values.port !== undefined) {
    port = /^\d+$/.test(values.port) ? Number(values.port) : NaN;
    if (!(port >= 1 && port <= 65535)) throw new UsageError(`reach: --port takes a number from 1 to 65535, not "${values.port}"`);
  }

  const outcome = lint({
    paths: positionals.length > 0 ? positionals : ['.'],
    cwd: io.cwd,
    rules: [],
    readStdin: io.readStdin,
    ...(values.namespace ? { settings: { defaultNamespace: values.namespace } } : {}),
  });
  for (const e of outcome.inputErrors) io.stderr(`headless-lint: ${e.path}: ${e.message}\n`);
  if (outcome.inputErrors.length > 0) return 2;
  const evaluator = outcome.analysis.use(netpol);
  const from = endpoint(values.from, '--from', evaluator);
  const to = endpoint(values.to, '--to', evaluator);
  if (from.kind !== 'pods' && to.kind !== 'pods') throw new UsageError('reach: at least one end must be a workload');
  const verdict = evaluator.evaluate(from, to, protocol, port);
  io.stdout(format === 'json' ? `${JSON.stringify(verdictJson(verdict), null, 2)}\n` : verdictText(verdict));
  return verdict.allowed === true ? EXIT_ALLOWED : verdict.allowed === 'unknown' ? EXIT_UNKNOWN : EXIT_DENIED;
}

/** NS/NAME, NS/KIND/NAME (when a name is taken by two kinds), cidr:RANGE, or node. */
export function endpoint(text: string, flag: string, evaluator: NetpolEvaluator): Endpoint {
  if (text === 'node') return { kind: 'node' };
  if (text.startsWith('cidr:')) {
    const range = parseCidr(text.slice(5));
    if (!range || !text.includes('/')) throw new UsageError(`${flag} "${text}" is not a CIDR range such as cidr:203.0.113.0/24`);
    return { kind: 'cidr', range, text: text.slice(5) };
  }
  const parts = text.split('/');
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => !p)) throw new UsageError(`${flag} "${text}" must be NS/NAME (or cidr:A.B.C.D/N)`);
  const namespace = parts[0] as string;
  const name = parts[parts.length - 1] as string;
  const kind = parts.length === 3 ? parts[1] : undefined;
  const found = evaluator.find(namespace, name).filter((g) => !kind || g.kind.toLowerCase() === kind.toLowerCase());
  if (found.length === 1) return { kind: 'pods', group: found[0]! };
  if (found.length > 1) throw new UsageError(`${flag} "${text}" names ${found.map(podGroupDisplay).join(' and ')}; write NS/KIND/NAME`);
  const names = evaluator.groups.map((g) => `${g.namespace}/${g.name}`);
  const guess = closest(`${namespace}/${name}`, names);
  throw new UsageError(`${flag}: no workload or Pod "${name}" in namespace ${namespace}${guess ? `; did you mean "${guess}"?` : ''}`);
}
