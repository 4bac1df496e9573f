/**
 * The built CLI reads knowledge/ as JSON written by the build; tests read the YAML. The two must be
 * the same data: a YAML value JSON cannot hold (a timestamp, a map with non-string keys, NaN) would
 * make the installed tool judge differently from its tests.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { writeKnowledgeJson } from '../../src/knowledge/build-data.js';
import { knowledgeJsonFile, readKnowledgeFile } from '../../src/knowledge/data-file.js';

const KNOWLEDGE = path.resolve(__dirname, '../../knowledge');
const yamlFiles = readdirSync(KNOWLEDGE, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.replace(/\.yaml$/, '').split(path.sep).join('/'));

describe('knowledge data as the build writes it', () => {
  const dist = mkdtempSync(path.join(tmpdir(), 'headless-lint-knowledge-'));
  const written = writeKnowledgeJson(dist);

  it('has one JSON file per YAML file', () => {
    expect(yamlFiles.length).toBeGreaterThan(1);
    expect(written).toBe(yamlFiles.length);
  });

  it.each(yamlFiles)('%s: the JSON holds exactly what the YAML says', (relative) => {
    const fromYaml = parse(readFileSync(path.join(KNOWLEDGE, `${relative}.yaml`), 'utf8')) as unknown;
    const fromJson = JSON.parse(readFileSync(knowledgeJsonFile(dist, relative), 'utf8')) as unknown;
    expect(fromJson).toStrictEqual(fromYaml);
    // and the reader the rules use gives the same, run from the sources
    expect(readKnowledgeFile(relative)).toStrictEqual(fromYaml);
  });
});
