/**
 * The data files of knowledge/ (YAML, written and reviewed by people), as a run reads them. The
 * build converts each to JSON under dist/knowledge/, which reads several times faster than YAML;
 * run from the sources (tests), the YAML itself is read. One build writes both, so they agree.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { packageRoot } from '../util/package-info.js';

/** knowledge/<relative>.yaml, e.g. `istio/annotations` or `systems/kafka`, as plain data. */
export function readKnowledgeFile(relative: string): unknown {
  const built = builtJson(relative);
  if (built && existsSync(built)) return JSON.parse(readFileSync(built, 'utf8')) as unknown;
  return parse(readFileSync(path.join(packageRoot(), 'knowledge', `${relative}.yaml`), 'utf8'));
}

/** Where the build writes a data file's JSON, when this module runs from the built package. */
function builtJson(relative: string): string | undefined {
  const dist = path.join(packageRoot(), 'dist');
  return fileURLToPath(import.meta.url).startsWith(dist + path.sep) ? knowledgeJsonFile(dist, relative) : undefined;
}

export function knowledgeJsonFile(distDir: string, relative: string): string {
  return path.join(distDir, 'knowledge', `${relative}.json`);
}
