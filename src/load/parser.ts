/**
 * YAML/JSON parsing that keeps source positions.
 *
 * Values are read with YAML 1.1 rules because that is how Kubernetes decodes manifests
 * (`yes`/`on` are booleans, `0755` is octal); a value that looks like a string to a
 * human but not to Kubernetes must be seen as Kubernetes sees it.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, visit, type CST, type Document, type Node as YamlNode } from 'yaml';
import { scalarEnd, walkCst } from './cst.js';
import { readValuesFast } from './fast-yaml.js';
import { contentHash, type ParseCache } from './parse-cache.js';
import { MAX_DEPTH, parseYamlSafely } from './safe-yaml.js';
import { SourceFile, type Span } from './source.js';
import { findUnrenderedTemplate } from './templates.js';

export type PathSegment = string | number;
export type Path = readonly PathSegment[];

/** Codes of the problems headless-lint adds to yaml's own. */
export const PROBLEM = {
  /** the file is a Go/Helm template that was never rendered (rule unrendered-template) */
  unrenderedTemplate: 'UNRENDERED_TEMPLATE',
  /** not text: binary, invalid UTF-8, UTF-16 without a byte order mark */
  unreadableText: 'UNREADABLE_TEXT',
  /** a document that is a scalar or a sequence rather than an object */
  notAMapping: 'NOT_A_MAPPING',
  nestingTooDeep: 'NESTING_TOO_DEEP',
  aliasExpansion: 'ALIAS_EXPANSION',
  /** yaml threw instead of reporting an error: a bug, kept to the one file */
  parserFailure: 'PARSER_FAILURE',
} as const;

export interface ParseProblem {
  file: SourceFile;
  /** yaml's error code, e.g. DUPLICATE_KEY, BAD_INDENT, or one of PROBLEM */
  code: string;
  message: string;
  span: Span;
}

export interface Located {
  span: Span;
  /** false when the path did not exist and the span is its nearest existing parent */
  exact: boolean;
}

export interface LocateOptions {
  /** point at the key of a map entry instead of its value */
  key?: boolean;
}

// Bounds against hostile input: alias expansion and nesting depth.
const MAX_ALIAS_COUNT = 1000;

/** A positioned yaml document, or how to compose it when a position is first asked for. */
export type PositionedDocument = Document.Parsed | (() => Document.Parsed | undefined);

export class SourceDocument {
  private positioned: PositionedDocument | undefined;

  constructor(
    readonly file: SourceFile,
    /** 0-based index of the document within its file */
    readonly index: number,
    readonly value: unknown,
    doc: PositionedDocument,
  ) {
    this.positioned = doc;
  }

  /** The positioned document; composed on first use for documents read by the fast path. */
  private get doc(): Document.Parsed | undefined {
    if (typeof this.positioned === 'function') this.positioned = this.positioned();
    return this.positioned;
  }

  /**
   * Span of the node at `path`. Scalars are located by their value, collections by their key
   * (the field name is what a user looks for); a missing path falls back to the key of its
   * nearest existing parent.
   */
  locate(path: Path, options: LocateOptions = {}): Located {
    let node: unknown = this.doc?.contents;
    let keyNode: YamlNode | undefined;
    let lastGood: YamlNode | undefined = firstKey(node) ?? asNode(node);
    for (let i = 0; i < path.length; i++) {
      const seg = path[i] as PathSegment;
      let nextKey: YamlNode | undefined;
      let next: unknown;
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
        if (!pair) break;
        nextKey = asNode(pair.key);
        next = pair.value;
      } else if (isSeq(node) && typeof seg === 'number') {
        next = node.items[seg];
        if (next === undefined) break;
      } else {
        break;
      }
      node = next;
      keyNode = nextKey;
      const isLast = i === path.length - 1;
      if (isLast) {
        const target = chooseTarget(node, keyNode, options);
        if (target?.range) return { span: this.file.span(target.range[0], target.range[1]), exact: true };
      }
      lastGood = keyNode ?? asNode(node) ?? lastGood;
    }
    if (path.length === 0) {
      const target = lastGood;
      if (target?.range) return { span: this.file.span(target.range[0], target.range[1]), exact: true };
    }
    const range = lastGood?.range ?? [0, 0];
    return { span: this.file.span(range[0], range[1]), exact: false };
  }

  /**
   * Span of a piece of text inside a string scalar (a Corefile or embedded YAML in a ConfigMap).
   * Literal block scalars map line by line; single-line scalars without escapes map exactly;
   * anything else falls back to the scalar itself.
   */
  locateInText(path: Path, line: number, column: number, length: number): Located {
    const base = this.locate(path);
    if (!base.exact) return base;
    const node = this.nodeAt(path);
    if (!isScalar(node) || !node.range || typeof node.value !== 'string') return base;
    const [start, valueEnd] = node.range;
    const text = this.file.text;
    if (node.type === 'BLOCK_LITERAL') {
      const header = this.file.position(start).line;
      const indent = blockIndent(text, this.file.lineOffset(header + 1), valueEnd);
      const srcLine = header + 1 + line;
      const col = indent + column + 1;
      return { span: { start: { line: srcLine, column: col }, end: { line: srcLine, column: col + length } }, exact: true };
    }
    if (line === 0 && !node.value.includes('\n')) {
      const quote = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE' ? 1 : 0;
      const raw = text.slice(start + quote, start + quote + node.value.length);
      if (raw === node.value) {
        const from = start + quote + column;
        return { span: this.file.span(from, from + length), exact: true };
      }
    }
    return base;
  }

  private nodeAt(path: Path): unknown {
    let node: unknown = this.doc?.contents;
    for (const seg of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
        node = pair?.value;
      } else if (isSeq(node) && typeof seg === 'number') {
        node = node.items[seg];
      } else {
        return undefined;
      }
    }
    return node;
  }
}

function asNode(value: unknown): YamlNode | undefined {
  return value && typeof value === 'object' && 'range' in value ? (value as YamlNode) : undefined;
}

function firstKey(node: unknown): YamlNode | undefined {
  if (isMap(node)) {
    const first = node.items[0];
    if (first && isPair(first)) return asNode(first.key);
  }
  return undefined;
}

function chooseTarget(node: unknown, keyNode: YamlNode | undefined, options: LocateOptions): YamlNode | undefined {
  if (options.key && keyNode) return keyNode;
  if (isScalar(node)) return node;
  return keyNode ?? asNode(node);
}

function blockIndent(text: string, from: number, to: number): number {
  let pos = from;
  while (pos < to) {
    let col = 0;
    while (text[pos + col] === ' ') col++;
    const ch = text[pos + col];
    if (ch !== '\n' && ch !== '\r' && ch !== undefined) return col;
    const nl = text.indexOf('\n', pos);
    if (nl === -1) break;
    pos = nl + 1;
  }
  return 0;
}

export interface ParseResult {
  documents: SourceDocument[];
  problems: ParseProblem[];
}

const YAML_OPTIONS = { version: '1.1', uniqueKeys: true, prettyErrors: false, strict: false } as const;

let fastPath = true;

/** Turns the fast reading off or on (tests compare both; the positioned reading is the reference). */
export function useFastPath(enabled: boolean): void {
  fastPath = enabled;
}

/**
 * Parse every document of a file. A document with a syntax error is reported and left out; the
 * others are kept. A file that is an unrendered template yields that one problem and nothing
 * else: its syntax errors would only be noise.
 *
 * Most files are read by the fast path (values only); their positioned documents are composed
 * once per file, and only if a finding or a directive asks for a position in it.
 */
export function parseSource(file: SourceFile, cache?: ParseCache): ParseResult {
  const hash = cache && fastPath ? contentHash(file.text) : undefined;
  const cached = hash === undefined ? undefined : cache?.get(hash);
  const values = cached ?? (fastPath ? readValuesFast(file.text) : undefined);
  if (values === undefined) return parsePositioned(file);
  if (hash !== undefined && cached === undefined) cache?.set(hash, values);
  let positioned: Document.Parsed[] | undefined;
  const documentAt = (index: number) => () => (positioned ??= composePositioned(file.text))[index];
  return { documents: values.map((value, index) => new SourceDocument(file, index, value, documentAt(index))), problems: [] };
}

/** A failure here would surface inside a rule; a missing position falls back to the file's start instead. */
function composePositioned(text: string): Document.Parsed[] {
  try {
    return parseYamlSafely(text, YAML_OPTIONS).documents;
  } catch {
    return [];
  }
}

/** The reference reading: yaml's documents with positions, every problem reported. */
export function parsePositioned(file: SourceFile): ParseResult {
  const documents: SourceDocument[] = [];
  const problems: ParseProblem[] = [];
  const parsed = parseYamlSafely(file.text, YAML_OPTIONS);
  const template = findUnrenderedTemplate(file.text, parsed.tokens);
  if (template !== undefined) {
    const end = file.text.indexOf('}}', template) + 2;
    problems.push({
      file,
      code: PROBLEM.unrenderedTemplate,
      message: `template action "${truncate(file.text.slice(template, end), 60)}" stands where YAML is expected: the file is an unrendered Helm or Go template, not a manifest`,
      span: file.span(template, end),
    });
    return { documents, problems };
  }
  for (const deep of parsed.tooDeep) {
    problems.push({
      file,
      code: PROBLEM.nestingTooDeep,
      message: `collections nested more than ${MAX_DEPTH} levels deep; no manifest needs that, so this document (or, for deep brackets, this file) is not read`,
      span: file.span(deep.offset, deep.offset + 1),
    });
  }
  parsed.documents.forEach((doc, index) => {
    let fatal = false;
    for (const error of doc.errors) {
      const message = cleanMessage(error.message);
      // yaml reports an unclosed quote at the end of the file; the opening quote is what to fix.
      const opening = error.code === 'MISSING_CHAR' && /quote/.test(message) ? openingQuote(parsed.tokens, error.pos[0]) : undefined;
      problems.push({
        file,
        code: error.code,
        message: opening === undefined ? message : `${message}: the string opened here runs on to line ${file.position(error.pos[0]).line}`,
        span: opening === undefined ? file.span(error.pos[0], error.pos[1]) : file.span(opening, opening + 1),
      });
      // A duplicate key leaves a well-formed document (the last value wins, as in Kubernetes'
      // non-strict decoding), so the document is still linted.
      if (error.code !== 'DUPLICATE_KEY') fatal = true;
    }
    if (fatal) return;
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      const range = unresolvedAlias(doc, error)?.range ?? doc.contents?.range ?? [0, 0];
      problems.push({
        file,
        code: PROBLEM.aliasExpansion,
        message: error instanceof Error ? cleanMessage(error.message) : 'document could not be read',
        span: file.span(range[0], range[0]),
      });
      return;
    }
    const shape = nonObjectShape(value);
    if (shape) {
      const range = doc.contents?.range ?? [0, 0];
      problems.push({
        file,
        code: PROBLEM.notAMapping,
        message: `this document is ${shape}, not a Kubernetes object (a mapping with apiVersion, kind and metadata); kubectl cannot apply it`,
        span: file.span(range[0], range[1]),
      });
    }
    documents.push(new SourceDocument(file, index, value, doc));
  });
  return { documents, problems };
}

function openingQuote(tokens: readonly CST.Token[], errorAt: number): number | undefined {
  for (const root of tokens) {
    for (const { token } of walkCst(root)) {
      if ((token.type === 'double-quoted-scalar' || token.type === 'single-quoted-scalar') && token.offset < errorAt && scalarEnd(token) >= errorAt) return token.offset;
    }
  }
  return undefined;
}

/** The alias node an "Unresolved alias" error is about, to point at it rather than at the document. */
function unresolvedAlias(doc: Document.Parsed, error: unknown): YamlNode | undefined {
  const name = error instanceof Error ? /^Unresolved alias .*: (.+)$/.exec(error.message)?.[1] : undefined;
  if (!name) return undefined;
  let found: YamlNode | undefined;
  visit(doc, {
    Alias(_key, node) {
      if (isAlias(node) && node.source === name) {
        found = node;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 3)}...`;
}

/** An empty document (null) is fine: kubectl skips it. */
function nonObjectShape(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value)) return 'a sequence';
  if (typeof value !== 'object') return `a ${typeof value === 'string' ? 'string' : typeof value === 'number' || typeof value === 'bigint' ? 'number' : typeof value === 'boolean' ? 'boolean' : 'scalar'}`;
  if (value instanceof Date) return 'a timestamp';
  return undefined;
}

function cleanMessage(message: string): string {
  // yaml appends "at line X, column Y" and a code frame; our own location is more precise.
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '').trim();
}
