/** The one way to write a rule: metadata (documentation, messages, what it uses) plus one check. */
import { kindsOf } from '../facts/define.js';
import { HOP_OF_CAUSE, type HopName, type Rule, type RuleContext, type RuleDefinitionMeta, type RuleMeta } from './types.js';

const ID_RE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const MESSAGE_ID_RE = /^[a-z][a-zA-Z0-9]*$/;

export function defineRule(rule: { meta: RuleDefinitionMeta; check: (ctx: RuleContext) => void }): Rule {
  const { meta } = rule;
  if (!ID_RE.test(meta.id)) throw new Error(`rule id "${meta.id}" must be kebab-case`);
  for (const field of ['description', 'why', 'fix'] as const) {
    if (!meta[field].trim()) throw new Error(`rule ${meta.id}: meta.${field} is empty`);
  }
  const messages = meta.messages;
  if (Object.keys(messages).length === 0) throw new Error(`rule ${meta.id}: meta.messages is empty`);
  for (const id of [...Object.keys(messages), ...Object.keys(meta.fixes ?? {})]) {
    if (!MESSAGE_ID_RE.test(id)) throw new Error(`rule ${meta.id}: message id "${id}" must be camelCase`);
  }
  const uses = [...(meta.uses ?? [])];
  uses.forEach((fact, i) => {
    if (!fact) throw new Error(`rule ${meta.id}: meta.uses[${i}] is undefined (an import cycle?)`);
  });
  const requires = [...(meta.requires ?? [])];
  const reads = [...new Set([...requires.flat(), ...(meta.reads ?? []), ...kindsOf(uses)])].sort();
  const hops: HopName[] = meta.trace?.hops ?? [HOP_OF_CAUSE[String(meta.cause)] as HopName];
  const frozen: RuleMeta = { ...meta, messages, uses, requires, reads, hops };
  return Object.freeze({ meta: Object.freeze(frozen), check: rule.check });
}

/** The message of a report: the template with each {{placeholder}} filled; unknown ones stay as written. */
export function fillTemplate(template: string, data: Record<string, string | number> | undefined): string {
  return template.replace(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, (whole, name: string) => (data && Object.hasOwn(data, name) ? String(data[name]) : whole));
}

/** The placeholder names a template uses. */
export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g)].map((m) => m[1] as string);
}
