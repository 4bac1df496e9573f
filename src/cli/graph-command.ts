/** `headless-lint graph <paths...> --format mermaid|dot|svg`: the mesh picture, broken edges in red. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { lint } from '../lint.js';
import { buildPicture } from '../picture/model.js';
import { toSvg } from '../picture/svg.js';
import { toDot, toMermaid } from '../picture/text-formats.js';
import { UsageError } from './usage-error.js';
import { parseSubcommand } from './subcommand.js';

const RENDERERS = { mermaid: toMermaid, dot: toDot, svg: toSvg } as const;

export const GRAPH_HELP = `Usage: headless-lint graph <paths...> [--format mermaid|dot|svg] [-o FILE]

Draws the mesh: namespaces as groups; headless Services, their workloads, their callers, istiod
and cluster DNS as nodes; calls, selections and control-plane links as edges. What a finding
concerns is red and labelled with its rule ids.

Options:
  -f, --format <mermaid|dot|svg>  output format (default mermaid)
  -o, --output <file>             write to a file instead of standard output
  -n, --namespace <ns>            namespace of objects that name none (default: default)
      --cluster-domain <d>        the cluster's DNS domain, when no manifest declares it`;

export interface CommandIo {
  stdout: (text: string) => void;
  cwd: string;
}

export function runGraphCommand(argv: string[], io: CommandIo): number {
  const { values, positionals } = parseSubcommand('graph', {
    args: argv,
    options: { format: { type: 'string', short: 'f' }, output: { type: 'string', short: 'o' }, namespace: { type: 'string', short: 'n' }, 'cluster-domain': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    io.stdout(`${GRAPH_HELP}\n`);
    return 0;
  }
  const format = values.format ?? 'mermaid';
  if (!(format in RENDERERS)) throw new UsageError(`graph: unknown format "${format}"; use mermaid, dot or svg`);
  const outcome = lint({
    paths: positionals.length > 0 ? positionals : ['.'],
    cwd: io.cwd,
    settings: {
      ...(values.namespace ? { defaultNamespace: values.namespace } : {}),
      ...(values['cluster-domain'] ? { clusterDomain: { value: values['cluster-domain'], origin: '--cluster-domain' } } : {}),
    },
  });
  if (outcome.inputErrors.length > 0) {
    const first = outcome.inputErrors[0] as { path: string; message: string };
    throw new UsageError(`${first.path}: ${first.message}`);
  }
  const text = RENDERERS[format as keyof typeof RENDERERS](buildPicture(outcome.analysis, outcome.result.findings));
  if (values.output) writeFileSync(path.resolve(io.cwd, values.output), text);
  else io.stdout(text.endsWith('\n') ? text : `${text}\n`);
  return 0;
}
