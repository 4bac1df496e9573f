/** The build step behind data-file.ts: every knowledge/**.yaml as JSON under dist/knowledge/. */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { packageRoot } from '../util/package-info.js';
import { knowledgeJsonFile } from './data-file.js';

export function writeKnowledgeJson(distDir: string): number {
  const root = path.join(packageRoot(), 'knowledge');
  let written = 0;
  for (const entry of readdirSync(root, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.yaml')) continue;
    const file = path.join(entry.parentPath, entry.name);
    const relative = path.relative(root, file).replace(/\.yaml$/, '').split(path.sep).join('/');
    const target = knowledgeJsonFile(distDir, relative);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, JSON.stringify(parse(readFileSync(file, 'utf8'))));
    written++;
  }
  return written;
}
