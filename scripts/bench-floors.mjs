// The floors headless-lint is measured against, one per mode, each reading every manifest under a
// folder and doing nothing else:
//   bytes    read the files
//   js-yaml  read and load them with js-yaml's loadAll (the fastest JavaScript YAML reader)
//   yaml     read and parse them with `yaml` (parseAllDocuments with a LineCounter, then toJS),
//            the library headless-lint parses with
// Usage: node scripts/bench-floors.mjs <mode> <dir>
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const [mode, dir] = process.argv.slice(2);

function* walk(folder) {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else if (/\.(ya?ml|json)$/.test(entry.name)) yield full;
  }
}

let count = 0;
if (mode === 'bytes') {
  for (const file of walk(dir)) count += readFileSync(file).length;
} else if (mode === 'js-yaml') {
  const { loadAll } = await import('js-yaml');
  for (const file of walk(dir)) count += loadAll(readFileSync(file, 'utf8')).length;
} else if (mode === 'yaml') {
  const { LineCounter, parseAllDocuments } = await import('yaml');
  for (const file of walk(dir)) {
    const lineCounter = new LineCounter();
    for (const doc of parseAllDocuments(readFileSync(file, 'utf8'), { lineCounter })) {
      doc.toJS();
      count++;
    }
  }
} else {
  process.stderr.write(`unknown floor ${mode}: bytes, js-yaml or yaml\n`);
  process.exit(2);
}
process.stdout.write(`${count}\n`);
