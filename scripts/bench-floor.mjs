// The parse-only floor: read every manifest under a folder and parse it with `yaml`
// (parseAllDocuments with a LineCounter, then toJS), nothing else.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { LineCounter, parseAllDocuments } from 'yaml';

function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else if (/\.(ya?ml|json)$/.test(entry.name)) yield full;
  }
}

let documents = 0;
for (const file of walk(process.argv[2])) {
  const lineCounter = new LineCounter();
  for (const doc of parseAllDocuments(readFileSync(file, 'utf8'), { lineCounter })) {
    doc.toJS();
    documents++;
  }
}
process.stdout.write(`${documents}\n`);
