/** --stats: where the time went (walk, parse, graph, each rule) and how much was read. */
import type { ParseCache } from '../load/parse-cache.js';
import type { Summary } from '../engine/types.js';

export interface Timings {
  phases: [string, number][];
  rules: [string, number][];
}

export function newTimings(): Timings {
  return { phases: [], rules: [] };
}

export function formatStats(t: Timings, summary: Summary, suppressed: number, cache?: ParseCache): string {
  const ruleRows = [...t.rules].sort((a, b) => b[1] - a[1]).map(([id, ms]): [string, string] => [`  ${id}`, ms.toFixed(1)]);
  const rows = t.phases.flatMap(([phase, ms]): [string, string][] => [[phase, ms.toFixed(1)], ...(phase === 'rules' ? ruleRows : [])]);
  const width = Math.max(5, ...rows.map((r) => r[0].length));
  const msWidth = Math.max(2, ...rows.map((r) => r[1].length));
  const total = t.phases.reduce((n, [, ms]) => n + ms, 0);
  return [
    `${'phase'.padEnd(width)}  ${'ms'.padStart(msWidth)}`,
    ...rows.map(([name, ms]) => `${name.padEnd(width)}  ${ms.padStart(msWidth)}`),
    `${'total'.padEnd(width)}  ${total.toFixed(1).padStart(msWidth)}`,
    `files ${summary.files}, documents ${summary.documents}, resources ${summary.resources}, rules run ${t.rules.length}, findings ${summary.errors + summary.warnings + summary.infos}, suppressed ${suppressed}`,
    ...(cache ? [`cache ${cache.location}: ${cache.hits} files reused, ${cache.misses} parsed${cache.discarded ? ` (the previous cache was ${cache.discarded}, so it was started afresh)` : ''}`] : []),
    '',
  ].join('\n');
}
