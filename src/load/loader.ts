/** Turns walked files into resources: decode, parse, unwrap Lists, resolve namespaces. */
import { readFileSync } from 'node:fs';
import { parseSource, type ParseProblem, type SourceDocument } from './parser.js';
import { asObj, isClusterScoped, Resource } from './resource.js';
import { SourceFile } from './source.js';
import { describeFsError, STDIN, type WalkedFile } from './walker.js';

export interface LoadOptions {
  /** namespace of namespaced objects that name none, as `kubectl apply -n` would */
  defaultNamespace: string;
  readStdin?: () => string;
}

export interface LoadedInput {
  files: SourceFile[];
  documents: SourceDocument[];
  resources: Resource[];
  problems: ParseProblem[];
  /** files that could not be read at all */
  unreadable: { path: string; message: string }[];
}

export function decode(bytes: Buffer): { text: string } | { error: string } {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return { text: bytes.subarray(2).toString('utf16le') };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    const swapped = Buffer.from(bytes.subarray(2));
    swapped.swap16();
    return { text: swapped.toString('utf16le') };
  }
  const start = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const body = bytes.subarray(start);
  if (body.includes(0)) return { error: 'binary file (contains NUL bytes), not a manifest' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body) };
  } catch {
    return { error: 'not valid UTF-8 text' };
  }
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
    const file = new SourceFile(entry.displayPath, 'text' in decoded ? decoded.text : '');
    result.files.push(file);
    if ('error' in decoded) {
      result.problems.push({ file, code: 'UNREADABLE_TEXT', message: decoded.error, span: file.span(0, 0) });
      continue;
    }
    addSource(file, result, options);
  }
  return result;
}

export function addSource(file: SourceFile, into: LoadedInput, options: LoadOptions): void {
  const parsed = parseSource(file);
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
