/** `--list-rules` and `explain <id>`, both printed from rule metadata. */
import { CAUSE_TITLES, type Rule } from '../engine/types.js';
import { suggestion } from '../util/did-you-mean.js';
import { UsageError } from './usage-error.js';

export function causeLabel(cause: Rule['meta']['cause']): string {
  return typeof cause === 'number' ? `cause ${cause}` : cause;
}

export function listRules(rules: readonly Rule[]): string {
  const idWidth = Math.max(...rules.map((r) => r.meta.id.length));
  const lines = rules.map((r) => `${r.meta.id.padEnd(idWidth)}  ${r.meta.severity.padEnd(7)}  ${causeLabel(r.meta.cause).padEnd(7)}  ${r.meta.description}`);
  return `${'rule'.padEnd(idWidth)}  ${'default'.padEnd(7)}  ${'cause'.padEnd(7)}  description\n${lines.join('\n')}\n`;
}

export function explainRule(rules: readonly Rule[], id: string): string {
  const rule = rules.find((r) => r.meta.id === id);
  if (!rule) throw new UsageError(`unknown rule "${id}"${suggestion(id, rules.map((r) => r.meta.id))}; see --list-rules`);
  const m = rule.meta;
  const title = CAUSE_TITLES[String(m.cause)] ?? '';
  return [
    `${m.id} (${m.severity}, ${causeLabel(m.cause)}: ${title})`,
    '',
    m.description,
    '',
    'Why traffic breaks:',
    `  ${m.why}`,
    '',
    'How to confirm on a live cluster:',
    ...m.diagnose.map((d) => `  $ ${d}`),
    '',
    'How to fix:',
    `  ${m.fix}`,
    '',
    'Sources:',
    ...m.sources.map((s) => `  - ${s}`),
    '',
  ].join('\n');
}
