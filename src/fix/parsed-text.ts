/**
 * Parsing a file for the fixer, remembered for the last few texts. Every finding in a file makes
 * its own fix from the same original text, and checking a fix means reading that text before and
 * after: without the memo a large file (a cluster dump) is parsed three times per finding.
 * The memo holds what parsing returned; callers only read it.
 */
import { parseAllDocuments, type Document } from 'yaml';
import { readValuesFast } from '../load/fast-yaml.js';

export const YAML_READING = { version: '1.1', uniqueKeys: true, prettyErrors: false, strict: false } as const;
const KEEP = 4;

function remembered<T>(memo: Map<string, T>, text: string, make: () => T): T {
  const known = memo.get(text);
  if (known !== undefined) return known;
  const made = make();
  memo.set(text, made);
  if (memo.size > KEEP) memo.delete(memo.keys().next().value as string);
  return made;
}

const documentsMemo = new Map<string, Document.Parsed[]>();
const valuesMemo = new Map<string, { values: unknown[] | undefined }>();

/** The positioned documents of a text, as yaml reads them with Kubernetes' YAML 1.1 rules. */
export function documentsOf(text: string): Document.Parsed[] {
  return remembered(documentsMemo, text, () => parseAllDocuments(text, YAML_READING) as Document.Parsed[]);
}

/**
 * The values of every document, or undefined when the text does not parse. The fast reader
 * answers where it is sure (it agrees with yaml there, test/load/fast-path.test.ts), yaml otherwise.
 * The result is shared: clone before changing it.
 */
export function valuesOfText(text: string): unknown[] | undefined {
  return remembered(valuesMemo, text, () => ({ values: readValuesFast(text) ?? positionedValues(text) })).values;
}

function positionedValues(text: string): unknown[] | undefined {
  try {
    const docs = documentsOf(text);
    if (!Array.isArray(docs)) return undefined;
    if (docs.some((d) => d.errors.some((e) => e.code !== 'DUPLICATE_KEY'))) return undefined;
    return docs.map((d) => d.toJS({ maxAliasCount: 1000 }));
  } catch {
    return undefined;
  }
}
