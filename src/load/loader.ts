/** Turns walked files into resources: decode, parse, unwrap Lists, resolve namespaces. */
import { readFileSync } from 'node:fs';
import { decode } from './decode.js';
import { splitRendered } from './helm.js';
import type { ParseCache } from './parse-cache.js';
import { parseSource, PROBLEM, type ParseProblem, type SourceDocument } from './parser.js';
import { asObj, isClusterScoped, Resource } from './resource.js';
import { SourceFile } from './source.js';
import { describeFsError, STDIN, type WalkedFile } from './walker.js';

export interface LoadOptions {
  /** namespace of namespaced objects that name none, as `kubectl apply -n` would */
  defaultNamespace: string;
  readStdin?: () => string;
  /** values of files parsed by earlier runs (--cache) */
  cache?: ParseCache;
}

export interface LoadedInput {
  files: SourceFile[];
  documents: SourceDocument[];
  resources: Resource[];
  problems: ParseProblem[];
  /** files that could not be read at all */
  unreadable: { path: string; message: string }[];
}

export function loadFiles(walked: WalkedFile[], options: LoadOptions): LoadedInput {
  const result: LoadedInput = { files: [], documents: [], resources: [], problems: [], unreadable: [] };
  for (const entry of walked) {
    let bytes: Buffer;
    try {
      bytes =
        entry.absPath === STDIN
          ? Buffer.from(options.readStdin ? options.readStdin() : readFileSync(0))
          : readFileSync(entry.absPath);
    } catch (error) {
      result.unreadable.push({ path: entry.displayPath, message: describeFsError(error) });
      continue;
    }
    const decoded = decode(bytes);
    if ('error' in decoded) {
      // The file is kept as the text before the fault, so the fault gets a line and column.
      const file = new SourceFile(entry.displayPath, decoded.before);
      result.files.push(file);
      result.problems.push({ file, code: PROBLEM.unreadableText, message: decoded.error, span: file.span(decoded.before.length, decoded.before.length) });
      continue;
    }
    for (const file of splitRendered(entry.displayPath, decoded.text)) {
      result.files.push(file);
      addSource(file, result, options);
    }
  }
  return result;
}

export function addSource(file: SourceFile, into: LoadedInput, options: LoadOptions): void {
  let parsed: ReturnType<typeof parseSource>;
  try {
    parsed = parseSource(file, options.cache);
  } catch (error) {
    // A parser bug on one file must not hide the findings of the others.
    const reason = error instanceof Error ? error.message : String(error);
    into.problems.push({ file, code: PROBLEM.parserFailure, message: `the YAML parser failed on this file (${reason}); it is not linted. Please report this with the file`, span: file.span(0, 0) });
    return;
  }
  into.problems.push(...parsed.problems);
  for (const document of parsed.documents) {
    into.documents.push(document);
    into.resources.push(...resourcesOf(document, options));
  }
}

/** The objects of one document: the document itself, or the members of a `kind: List` / `*List`. */
export function resourcesOf(document: SourceDocument, options: LoadOptions): Resource[] {
  const value = asObj(document.value);
  if (!value) return [];
  const kind = typeof value.kind === 'string' ? value.kind : '';
  if (kind.endsWith('List') && Array.isArray(value.items)) {
    const out: Resource[] = [];
    value.items.forEach((item, i) => {
      const obj = asObj(item);
      if (obj) out.push(makeResource(document, ['items', i], obj, options));
    });
    return out;
  }
  return [makeResource(document, [], value, options)];
}

function makeResource(document: SourceDocument, base: (string | number)[], value: Record<string, unknown>, options: LoadOptions): Resource {
  const kind = typeof value.kind === 'string' ? value.kind : '';
  const ns = asObj(value.metadata)?.namespace;
  const namespace = isClusterScoped(kind) ? null : typeof ns === 'string' && ns !== '' ? ns : options.defaultNamespace;
  return new Resource(document, base, value, namespace);
}
