/**
 * What the tool knows about clustered systems, from the catalogue (knowledge/systems/):
 * `explain --system <id>` prints one entry, `explain --systems` lists them, and
 * `explain --workload NS/NAME [paths...]` says which system a workload runs, from which evidence,
 * and the connections its replicas open to each other.
 */
import { lint } from '../lint.js';
import { facts } from '../facts/index.js';
import type { Resource } from '../load/resource.js';
import type { Path } from '../load/parser.js';
import { isPeerPort, modeOf, portsOf, systemById, systems, type SystemEntry, type SystemPort } from '../knowledge/systems.js';
import { suggestion } from '../util/did-you-mean.js';
import { parseSubcommand, type SubcommandIo } from './subcommand.js';
import { UsageError } from './usage-error.js';

export const EXPLAIN_SYSTEM_HELP = `Usage: headless-lint explain --system <id>
       headless-lint explain --systems
       headless-lint explain --workload NS/NAME [paths...]

--system prints what the catalogue knows about a clustered system: how it is recognised, its
ports and roles, how peers address each other, bind settings, whether peers must see each other
before they are ready, and what its own docs recommend for Istio, with sources.
--systems lists the catalogue. --workload reads the manifests and says which system the
workload runs (with the evidence, file:line) and the connections its replicas open to each other.`;

const portNumber = (p: SystemPort) => (p.number !== undefined ? String(p.number) : `${p.derivedFrom?.port} ${(p.derivedFrom?.offset ?? 0) >= 0 ? '+' : '-'} ${Math.abs(p.derivedFrom?.offset ?? 0)}`);

function portLines(ports: readonly SystemPort[]): string[] {
  return ports.map((p) => {
    const flags = [p.protocol, p.serverFirst ? 'server-first' : '', isPeerPort(p) ? 'peers dial it' : ''].filter(Boolean).join(', ');
    const setting = p.setting ? `; set by ${[...(p.setting.args ?? []), ...(p.setting.env ?? []), ...(p.setting.configKeys ?? [])].join(', ')}` : '';
    return `  ${p.name.padEnd(16)} ${portNumber(p).padEnd(14)} ${p.role.padEnd(11)} ${flags}${setting}${p.note ? `\n  ${''.padEnd(16)} ${p.note}` : ''}`;
  });
}

function recogniseLine(entry: SystemEntry): string[] {
  const r = entry.recognise;
  const parts = [
    r.labels && `labels ${r.labels.map((l) => (l.value ? `${l.key} ~ ${l.value}` : l.key)).join(', ')}`,
    r.env && `env ${r.env.join(', ')}`,
    r.args && `args ${r.args.join(', ')}`,
    r.configKeys && `config keys ${r.configKeys.join(', ')}`,
    r.images && `images ${r.images.join(', ')}`,
    r.ports && `container ports ${r.ports.join(', ')}`,
  ].filter((p): p is string => Boolean(p));
  return parts.map((p) => `  ${p}`);
}

export function explainSystem(id: string): string {
  const entry = systemById(id);
  if (!entry) throw new UsageError(`unknown system "${id}"${suggestion(id, systems().map((s) => s.id))}; see explain --systems`);
  const lines = [`${entry.name} (${entry.id})`, '', 'Recognised by (strongest first):', ...recogniseLine(entry)];
  if (entry.needsMode) lines.push('  and only with the evidence of one of its modes (the image also runs standalone)');
  lines.push('', 'Ports:', ...portLines(entry.ports));
  for (const mode of entry.modes ?? []) {
    lines.push('', `Mode ${mode.id}: ${mode.name}${mode.default ? ' (default)' : ''}`);
    const r = mode.recognise;
    if (r) lines.push(...recogniseLine({ ...entry, recognise: r }));
    if (mode.ports?.length) lines.push(...portLines(mode.ports));
    if (mode.peerAddressing) lines.push(`  peers address each other by ${mode.peerAddressing.default}${mode.peerAddressing.setting ? `: ${mode.peerAddressing.setting}` : ''}`);
    if (mode.needsNotReadyPeers) lines.push(`  needs not-ready peers published: ${mode.needsNotReadyPeers.value ? 'yes' : 'no'}: ${mode.needsNotReadyPeers.failure}`);
  }
  const a = entry.peerAddressing;
  lines.push('', `Peers address each other by: ${a.default}${a.setting ? ` (${a.setting})` : ''}`);
  for (const o of a.overrides ?? []) lines.push(`  ${o.value} when ${recogniseLine({ ...entry, recognise: o.when }).map((l) => l.trim()).join('; ')}`);
  if (entry.bindSettings?.length) lines.push('', 'Bind address:', ...entry.bindSettings.map((b) => `  ${b.setting}: default ${b.default}${b.note ? ` (${b.note})` : ''}`));
  lines.push('', `Needs not-ready peers published: ${entry.needsNotReadyPeers.value ? 'yes' : 'no'}: ${entry.needsNotReadyPeers.failure}`);
  if (entry.istio?.length) lines.push('', 'Istio, per its own documentation:', ...entry.istio.map((i) => `  - ${i.recommendation} (${i.source})`));
  if (entry.initPeerDialing?.length) lines.push('', 'Init containers that dial peers:', ...entry.initPeerDialing.map((i) => `  - ${i.chart}: ${i.container} ${i.dials}`));
  lines.push('', 'Sources:', ...entry.sources.map((s) => `  - ${s}`), '');
  return lines.join('\n');
}

export function listSystems(): string {
  const all = systems();
  const width = Math.max(...all.map((s) => s.id.length));
  const peerPorts = (s: SystemEntry) => [...new Set([...s.ports, ...(s.modes ?? []).flatMap((m) => m.ports ?? [])].filter(isPeerPort).map(portNumber))].join(', ');
  return `${all.map((s) => `${s.id.padEnd(width)}  ${s.name}${s.modes ? ` [${s.modes.map((m) => m.id).join(', ')}]` : ''}; peer ports: ${peerPorts(s) || 'none'}`).join('\n')}\n`;
}

function where(resource: Resource | undefined, path: Path | undefined): string {
  if (!resource) return 'catalogue default';
  const file = resource.file;
  if (!path) return file;
  const { line, column } = resource.locate(path).span.start;
  return `${file}:${line}:${column}`;
}

export function runExplainSystem(argv: string[], io: SubcommandIo): number {
  const { values, positionals } = parseSubcommand('explain', {
    args: argv,
    allowPositionals: true,
    strict: true,
    options: { system: { type: 'string' }, systems: { type: 'boolean' }, workload: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    io.stdout(`${EXPLAIN_SYSTEM_HELP}\n`);
    return 0;
  }
  if (values.systems) {
    io.stdout(listSystems());
    return 0;
  }
  if (values.system !== undefined) {
    if (positionals.length > 0) throw new UsageError('explain --system takes a system id only, e.g. headless-lint explain --system kafka');
    io.stdout(explainSystem(values.system));
    return 0;
  }
  if (!values.workload) throw new UsageError('explain needs a rule id, --system <id>, --systems, or --workload NS/NAME [paths...]');
  const [namespace, name] = values.workload.includes('/') ? values.workload.split('/', 2) : [undefined, values.workload];
  const outcome = lint({ paths: positionals.length > 0 ? positionals : ['.'], cwd: io.cwd, readStdin: io.readStdin, rules: [] });
  for (const e of outcome.inputErrors) io.stderr(`headless-lint: ${e.path}: ${e.message}\n`);
  if (outcome.inputErrors.length > 0) return 2;
  const { analysis } = outcome;
  const workload = analysis.model.workloads.find((w) => w.name === name && (namespace === undefined || w.namespace === namespace));
  if (!workload) throw new UsageError(`explain: no workload ${values.workload} in the input`);
  const match = analysis.use(facts.systems).of(workload);
  if (!match) {
    io.stdout(`${workload.display}: no catalogued clustered system recognised (see explain --systems)\n`);
    return 0;
  }
  const mode = modeOf(match.system, match.mode);
  const lines = [`${workload.display} runs ${match.system.name} (${match.system.id})${mode ? `, mode ${mode.id}${mode.name === mode.id ? '' : `: ${mode.name}`}` : ''}`, '', 'Evidence:'];
  lines.push(...match.evidence.map((e) => `  ${e.kind.padEnd(9)} ${e.text}  (${where(e.resource, e.path)})`));
  const peers = analysis.use(facts.peerTraffic).of(workload);
  lines.push('', peers.length > 0 ? 'Its replicas connect to each other on:' : 'Its replicas open no connections to each other that the catalogue knows of.');
  for (const p of peers) {
    lines.push(`  ${String(p.port).padEnd(6)} ${(p.portName ?? '').padEnd(14)} ${p.role.padEnd(11)} ${p.protocol}${p.serverFirst ? ' (server-first)' : ''}, by ${p.addressing}${p.service ? ` through ${p.service.display}` : ''}`);
    lines.push(`         ${p.evidence.text} (${where(p.evidence.resource, p.evidence.path)})`);
  }
  const notReady = mode?.needsNotReadyPeers ?? match.system.needsNotReadyPeers;
  lines.push('', `Needs not-ready peers published: ${notReady.value ? 'yes' : 'no'}: ${notReady.failure}`);
  lines.push(`Ports in this mode: ${portsOf(match.system, match.mode).map((p) => `${p.name} ${portNumber(p)}`).join(', ')}`, `More: headless-lint explain --system ${match.system.id}`, '');
  io.stdout(lines.join('\n'));
  return 0;
}
