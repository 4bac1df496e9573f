/**
 * Applies one path-based edit to the text of a YAML file through yaml's positioned Document:
 * the node at the path gives the byte range to replace or the line to insert after, and only
 * that range changes. Everything else (comments, key order, quoting, indentation, blank lines,
 * line endings, the other documents) is left as written, because it is never re-serialised.
 * New text follows the file's own layout: its indentation unit, whether sequences are indented
 * under their key, CRLF or LF, flow or block style of the collection it goes into.
 */
import { isMap, isPair, isScalar, isSeq, stringify, type Document, type Node as YamlNode, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import type { Path } from '../load/parser.js';
import { documentsOf } from './parsed-text.js';
import type { ScalarValue } from './edits.js';

/** An edit on a document of the file, its path taken from the document's root. */
export type DocumentEdit =
  | { op: 'set'; path: Path; value: ScalarValue }
  | { op: 'add'; path: Path; value: unknown }
  | { op: 'append'; path: Path; value: unknown }
  | { op: 'delete'; path: Path };

export { YAML_READING } from './parsed-text.js';

export class EditError extends Error {}

interface Splice {
  offset: number;
  length: number;
  text: string;
}

/** The file's text with the edit applied to its document `index`. */
export function applyDocumentEdit(text: string, index: number, edit: DocumentEdit): string {
  const docs = documentsOf(text);
  const doc = Array.isArray(docs) ? docs[index] : undefined;
  if (!doc || !('contents' in doc)) throw new EditError(`document ${index + 1} not found`);
  if (doc.errors.some((e) => e.code !== 'DUPLICATE_KEY')) throw new EditError('the document does not parse');
  const splice = new Editor(text, doc, docs as Document.Parsed[]).splice(edit);
  return text.slice(0, splice.offset) + splice.text + text.slice(splice.offset + splice.length);
}

type Located = { node: unknown; pair?: Pair; parent?: unknown };

class Editor {
  private readonly nl: string;
  private readonly unit: number;
  private readonly indentSeq: boolean;

  constructor(
    private readonly text: string,
    private readonly doc: Document.Parsed,
    all: readonly Document.Parsed[],
  ) {
    this.nl = text.includes('\r\n') ? '\r\n' : '\n';
    const layout = detectLayout(text, all);
    this.unit = layout.unit;
    this.indentSeq = layout.indentSeq;
  }

  splice(edit: DocumentEdit): Splice {
    switch (edit.op) {
      case 'set':
        return this.set(edit.path, edit.value);
      case 'add':
        if (this.find(edit.path)) throw new EditError(`${show(edit.path)} exists already`);
        return this.add(edit.path, edit.value);
      case 'append':
        return this.append(edit.path, edit.value);
      case 'delete':
        return this.remove(edit.path);
    }
  }

  private find(path: Path): Located | undefined {
    let node: unknown = this.doc.contents;
    let pair: Pair | undefined;
    let parent: unknown;
    for (const seg of path) {
      parent = node;
      if (isMap(node)) {
        pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
        if (!pair) return undefined;
        node = pair.value;
      } else if (isSeq(node) && typeof seg === 'number') {
        pair = undefined;
        node = node.items[seg];
        if (node === undefined) return undefined;
      } else {
        return undefined;
      }
    }
    return { node, pair, parent };
  }

  private set(path: Path, value: ScalarValue): Splice {
    const found = this.find(path);
    if (!found) return this.add(path, value);
    const { node } = found;
    if (isScalar(node) && node.range) {
      const [start, end] = node.range;
      if (start === end || node.value === null) return this.replaceEmpty(node, value, found.pair);
      return { offset: start, length: end - start, text: scalarLike(node, value) };
    }
    throw new EditError(`${show(path)} is not a scalar`);
  }

  /** A key written with no value (`labels:`) or with null/~: the value goes in its place. */
  private replaceEmpty(node: YamlNode, value: unknown, pair: Pair | undefined): Splice {
    const [start, end] = node.range as [number, number, number];
    if (start !== end) return { offset: start, length: end - start, text: flowText(value) };
    if (!isCollectionValue(value)) return { offset: start, length: 0, text: `${this.text[start - 1] === ':' ? ' ' : ''}${scalarText(value as ScalarValue)}` };
    const keyIndent = pair && isScalar(pair.key) && pair.key.range ? this.column(pair.key.range[0]) : 0;
    return { offset: start, length: 0, text: this.nl + this.block(value, Array.isArray(value) && !this.indentSeq ? keyIndent : keyIndent + this.unit).replace(new RegExp(`${escapeRe(this.nl)}$`), '') };
  }

  /** Add path's last key with the value, creating the missing parents as nested maps. */
  private add(path: Path, value: unknown): Splice {
    for (let depth = path.length - 1; depth >= 0; depth--) {
      const parent = depth === 0 ? { node: this.doc.contents } : this.find(path.slice(0, depth));
      if (!parent) continue;
      let nested: unknown = value;
      for (let i = path.length - 1; i > depth; i--) nested = { [String(path[i])]: nested };
      const key = path[depth] as string | number;
      if (isMap(parent.node)) return this.insertPair(parent.node, String(key), nested);
      if (isScalar(parent.node) && parent.node.value === null && parent.node.range) return this.replaceEmpty(parent.node, { [String(key)]: nested }, parent.pair);
      throw new EditError(`${show(path.slice(0, depth))} is not a map`);
    }
    throw new EditError(`${show(path)} cannot be added`);
  }

  private insertPair(map: YAMLMap, key: string, value: unknown): Splice {
    const range = map.range as [number, number, number];
    if (map.flow) {
      const close = this.text.lastIndexOf('}', range[1]);
      const entry = `${keyText(key)}: ${flowText(value)}`;
      if (map.items.length === 0) return { offset: close, length: 0, text: entry };
      const last = map.items[map.items.length - 1] as Pair;
      return { offset: endOf(last), length: 0, text: `, ${entry}` };
    }
    const first = map.items[0] as Pair | undefined;
    if (!first || !isScalar(first.key) || !first.key.range) throw new EditError('an empty block map');
    const indent = this.column(first.key.range[0]);
    const at = this.afterLine(endOf(map.items[map.items.length - 1] as Pair));
    return this.insertLines(at, this.keyValueLines(key, value, indent));
  }

  private append(path: Path, value: unknown): Splice {
    const found = this.find(path);
    if (!found) return this.add(path, [value]);
    const { node } = found;
    if (isScalar(node) && node.value === null && node.range) return this.replaceEmpty(node, [value], found.pair);
    if (!isSeq(node)) throw new EditError(`${show(path)} is not a sequence`);
    const seq = node as YAMLSeq;
    const range = seq.range as [number, number, number];
    if (seq.flow) {
      const close = this.text.lastIndexOf(']', range[1]);
      if (seq.items.length === 0) return { offset: close, length: 0, text: flowText(value) };
      return { offset: endOf(seq.items[seq.items.length - 1]), length: 0, text: `, ${flowText(value)}` };
    }
    const dash = this.text.lastIndexOf('-', range[0]);
    const indent = this.column(dash);
    const at = this.afterLine(endOf(seq.items[seq.items.length - 1]));
    return this.insertLines(at, this.block([value], indent));
  }

  private remove(path: Path): Splice {
    const found = this.find(path);
    if (!found) throw new EditError(`${show(path)} does not exist`);
    const { parent } = found;
    const flow = (isMap(parent) || isSeq(parent)) && parent.flow;
    const item = found.pair ?? found.node;
    const start = found.pair && isScalar(found.pair.key) && found.pair.key.range ? found.pair.key.range[0] : startOf(found.node);
    const end = endOf(item);
    if (flow) {
      const parentItems = (parent as YAMLMap | YAMLSeq).items as unknown[];
      const i = parentItems.indexOf(item);
      if (parentItems.length === 1) return { offset: start, length: end - start, text: '' };
      if (i < parentItems.length - 1) {
        const nextStart = startOf(parentItems[i + 1]);
        return { offset: start, length: nextStart - start, text: '' };
      }
      const prevEnd = endOf(parentItems[i - 1]);
      return { offset: prevEnd, length: end - prevEnd, text: '' };
    }
    const siblings = (parent as YAMLMap | YAMLSeq).items as unknown[];
    const holder = path.length > 1 ? this.find(path.slice(0, -1)) : undefined;
    if (siblings.length === 1 && holder?.pair && isScalar(holder.pair.key) && holder.pair.key.range) {
      // The last entry goes: the key keeps an empty collection, not null (which reads differently).
      const colon = this.text.indexOf(':', holder.pair.key.range[1]);
      return { offset: colon + 1, length: this.afterLine(end) - (colon + 1), text: ` ${isSeq(parent) ? '[]' : '{}'}${this.nl}` };
    }
    const lineStart = this.lineStart(start);
    const before = this.text.slice(lineStart, start);
    const dashed = isSeq(parent) ? this.text.lastIndexOf('-', start) : -1;
    if (isSeq(parent) && dashed >= lineStart && /^\s*$/.test(this.text.slice(lineStart, dashed))) {
      return { offset: lineStart, length: this.afterLine(end) - lineStart, text: '' };
    }
    if (!/^\s*$/.test(before)) throw new EditError(`${show(path)} shares its line with other content`);
    return { offset: lineStart, length: this.afterLine(end) - lineStart, text: '' };
  }

  /** Lines for `key: value` at an indentation, ending with a newline. */
  private keyValueLines(key: string, value: unknown, indent: number): string {
    const pad = ' '.repeat(indent);
    if (!isCollectionValue(value) || isEmptyCollection(value)) return `${pad}${keyText(key)}: ${isCollectionValue(value) ? flowText(value) : scalarText(value as ScalarValue)}${this.nl}`;
    const childIndent = Array.isArray(value) && !this.indentSeq ? indent : indent + this.unit;
    return `${pad}${keyText(key)}:${this.nl}${this.block(value, childIndent)}`;
  }

  /** A collection as block YAML, every line indented by `indent`, lines ending with the file's newline. */
  private block(value: unknown, indent: number): string {
    return stringify(value, { version: '1.1', indent: this.unit, indentSeq: this.indentSeq, lineWidth: 0 })
      .replace(/\n$/, '')
      .split('\n')
      .map((line) => `${' '.repeat(indent)}${line}${this.nl}`)
      .join('');
  }

  private insertLines(at: number, lines: string): Splice {
    if (at === this.text.length && !this.text.endsWith('\n')) return { offset: at, length: 0, text: this.nl + lines.slice(0, -this.nl.length) };
    return { offset: at, length: 0, text: lines };
  }

  private lineStart(offset: number): number {
    return this.text.lastIndexOf('\n', offset - 1) + 1;
  }

  private column(offset: number): number {
    return offset - this.lineStart(offset);
  }

  /** The start of the line after the one that holds `offset - 1` (the end of a node). */
  private afterLine(offset: number): number {
    if (offset > 0 && this.text[offset - 1] === '\n') return offset;
    const nl = this.text.indexOf('\n', offset);
    return nl === -1 ? this.text.length : nl + 1;
  }
}

function show(path: Path): string {
  return path.length === 0 ? 'the document' : path.join('.');
}

function escapeRe(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}

function isCollectionValue(value: unknown): boolean {
  return value !== null && typeof value === 'object';
}

function isEmptyCollection(value: unknown): boolean {
  return Array.isArray(value) ? value.length === 0 : Object.keys(value as object).length === 0;
}

/** The end of a pair or node: its value's end, without the trailing comment or newline. */
function endOf(item: unknown): number {
  if (isPair(item)) {
    const v = item.value as YamlNode | null;
    if (v && v.range) return v.range[1];
    return (item.key as YamlNode).range?.[1] ?? 0;
  }
  return (item as YamlNode).range?.[1] ?? 0;
}

function startOf(item: unknown): number {
  if (isPair(item)) return (item.key as YamlNode).range?.[0] ?? 0;
  return (item as YamlNode).range?.[0] ?? 0;
}


/** Unquoted when YAML 1.1 reads the bare text back as the same string, quoted otherwise. */
export function scalarText(value: ScalarValue): string {
  if (typeof value !== 'string') return String(value);
  return stringify(value, { version: '1.1', lineWidth: 0 }).replace(/\n$/, '');
}

function keyText(key: string): string {
  return scalarText(key);
}

/** A replacement scalar in the style of the one it replaces: quotes kept, plain kept when it reads back the same. */
function scalarLike(node: YamlNode, value: ScalarValue): string {
  const type = isScalar(node) ? node.type : undefined;
  if (typeof value === 'string') {
    if (type === 'QUOTE_DOUBLE') return JSON.stringify(value);
    if (type === 'QUOTE_SINGLE') return `'${value.replace(/'/g, "''")}'`;
  }
  return scalarText(value);
}

function flowText(value: unknown): string {
  if (!isCollectionValue(value)) return scalarText(value as ScalarValue);
  return stringify(value, { version: '1.1', collectionStyle: 'flow', lineWidth: 0 }).replace(/\n$/, '');
}

/**
 * The file's indentation unit (the first nested map's step) and whether block sequences sit
 * indented under their key (`ports:\n  - port: 80`) or level with it (`ports:\n- port: 80`).
 */
function detectLayout(text: string, docs: readonly Document.Parsed[]): { unit: number; indentSeq: boolean } {
  let unit: number | undefined;
  let indentSeq: boolean | undefined;
  const column = (offset: number) => offset - (text.lastIndexOf('\n', offset - 1) + 1);
  const visit = (node: unknown, keyColumn: number | undefined, depth: number): void => {
    if (depth > 50 || (unit !== undefined && indentSeq !== undefined)) return;
    if (isMap(node) && !node.flow) {
      for (const pair of node.items) {
        if (!isPair(pair) || !isScalar(pair.key) || !pair.key.range) continue;
        const col = column(pair.key.range[0]);
        if (keyColumn !== undefined && unit === undefined && col > keyColumn && text.lastIndexOf('-', pair.key.range[0]) < text.lastIndexOf('\n', pair.key.range[0])) unit = col - keyColumn;
        visit(pair.value, col, depth + 1);
      }
    } else if (isSeq(node) && !node.flow) {
      const dash = text.lastIndexOf('-', node.range?.[0] ?? 0);
      if (keyColumn !== undefined && indentSeq === undefined) indentSeq = column(dash) > keyColumn;
      // Keys inside an item sit after its dash: no indentation unit is learnt from them.
      for (const item of node.items) visit(item, undefined, depth + 1);
    }
  };
  for (const doc of docs) visit(doc.contents, undefined, 0);
  return { unit: unit ?? 2, indentSeq: indentSeq ?? true };
}
