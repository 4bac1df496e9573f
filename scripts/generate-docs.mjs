// Regenerates docs/rules/*.md and the README's rule table and sample output from rule metadata.
// Run after `npm run build` (npm run docs does both).
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { ruleDoc, ruleTable, replaceSection } from '../dist/src/docs/rule-docs.js';
import { commandSample, COMMAND_SAMPLES, sampleOutput, SAMPLE_COMMAND } from '../dist/src/docs/sample-output.js';
import { rules } from '../dist/rules/index.js';

const root = new URL('../', import.meta.url);
mkdirSync(new URL('docs/rules/', root), { recursive: true });
const wanted = new Set(rules.map((r) => `${r.meta.id}.md`));
for (const file of readdirSync(new URL('docs/rules/', root))) {
  if (!wanted.has(file)) rmSync(new URL(`docs/rules/${file}`, root));
}
for (const rule of rules) writeFileSync(new URL(`docs/rules/${rule.meta.id}.md`, root), ruleDoc(rule));
const readmeUrl = new URL('README.md', root);
let readme = readFileSync(readmeUrl, 'utf8');
readme = replaceSection(readme, 'rules', ruleTable(rules));
readme = replaceSection(readme, 'sample', '```console\n$ ' + SAMPLE_COMMAND + '\n' + sampleOutput(root.pathname) + '```');
for (const sample of COMMAND_SAMPLES) readme = replaceSection(readme, sample.section, commandSample(sample, root.pathname));
writeFileSync(readmeUrl, readme);
console.log(`wrote ${rules.length} rule pages and the README sections`);
