/** Documentation generated from rule metadata: the README table and one page per rule. */
import { causeLabel } from '../cli/explain.js';
import { CAUSE_TITLES, type Rule } from '../engine/types.js';

const escapeCell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function ruleTable(rules: readonly Rule[]): string {
  const rows = rules.map((r) => `| [\`${r.meta.id}\`](docs/rules/${r.meta.id}.md) | ${r.meta.severity} | ${causeLabel(r.meta.cause)} | ${escapeCell(r.meta.description)} |`);
  return ['| rule | default | cause | what it finds |', '|---|---|---|---|', ...rows].join('\n');
}

export function ruleDoc(rule: Rule): string {
  const m = rule.meta;
  return [
    `# \`${m.id}\``,
    '',
    `Default severity: **${m.severity}**. Cause: ${causeLabel(m.cause)} (${CAUSE_TITLES[String(m.cause)] ?? ''}).`,
    '',
    m.description,
    '',
    '## Why traffic breaks',
    '',
    m.why,
    '',
    '## How to confirm on a live cluster',
    '',
    '```sh',
    ...m.diagnose,
    '```',
    '',
    '## How to fix',
    '',
    m.fix,
    '',
    ...repairs(rule),
    '## Messages',
    '',
    'Each finding carries one of these `messageId`s (JSON output, SARIF fingerprints and baselines use them):',
    '',
    '| messageId | message |',
    '|---|---|',
    ...Object.entries(m.messages).map(([id, text]) => `| \`${id}\` | ${escapeCell(text)} |`),
    '',
    '## Sources',
    '',
    ...m.sources.map((s) => `- ${s}`),
    '',
    ...inputs(rule),
    '',
    `_Generated from the rule's metadata by \`npm run docs\`; edit \`rules/${m.id}.ts\` instead._`,
    '',
  ].join('\n');
}

/** What --fix applies and what stays a suggestion, with the rule's reasons. */
function repairs(rule: Rule): string[] {
  const f = rule.meta.fixable;
  if (!f) return [];
  return [
    '## Automatic fixes',
    '',
    ...(f.fix ? [`**\`--fix\`** applies a fix to some findings: ${f.fix}`, ''] : []),
    ...(f.suggestions ? [`**Suggestions** (JSON \`suggestions\`, SARIF \`fixes\`, never applied by \`--fix\`): ${f.suggestions}`, ''] : []),
  ];
}

function kindList(kinds: readonly string[]): string {
  return kinds.map((k) => (k === '' ? 'Helm values documents' : k)).join(', ');
}

/** What the rule needs: the kinds without which it is skipped, the facts it uses, every kind it reads. */
function inputs(rule: Rule): string[] {
  const m = rule.meta;
  const requires = m.requires.map((r) => (typeof r === 'string' ? r : `one of ${kindList(r)}`));
  return [
    `Requires: ${requires.length > 0 ? `${requires.join('; ')} (the rule is skipped without)` : 'nothing (it always runs)'}.`,
    `Uses the facts: ${m.uses.length > 0 ? m.uses.map((f) => `\`${f.id}\``).join(', ') : 'none'}.`,
    m.reads.length > 0 ? `Reads: ${kindList(m.reads)}.` : 'Reads: the files themselves.',
  ];
}

/** Replaces the text between `<!-- name:start -->` and `<!-- name:end -->`. */
export function replaceSection(document: string, name: string, content: string): string {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const from = document.indexOf(start);
  const to = document.indexOf(end);
  if (from === -1 || to === -1 || to < from) throw new Error(`markers ${start} / ${end} not found`);
  return `${document.slice(0, from + start.length)}\n${content}\n${document.slice(to)}`;
}
