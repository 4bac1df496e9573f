/**
 * The fast reading of a manifest file: values only, no positions. js-yaml builds plain values
 * about ten times faster than yaml's Document API, and positions are needed only for the few
 * documents a finding points into; parser.ts composes those lazily with yaml.
 *
 * Both readings must agree exactly, so plain scalars are resolved by the very YAML 1.1 tags
 * (in their order) that yaml uses for the positioned reading, and the fast reading declines
 * (returns undefined) wherever js-yaml and yaml could part ways or where the positioned
 * reading has something to report: any js-yaml error (syntax, duplicate keys, nesting past
 * its depth limit), anchors and aliases (the alias-bomb guard lives in the slow path), explicit
 * tags, directives, merge keys, template actions, keys that are not plain strings, implicit
 * keys past yaml's 1024-character limit, documents that are not mappings, and comment-only
 * files. The equivalence and fuzz tests in test/load/ hold the two readings together.
 */
import jsyaml from 'js-yaml';
import { parseDocument, type Scalar } from 'yaml';

interface ScalarTag {
  test: RegExp;
  resolve: (source: string, onError: (message: string) => void, options: { intAsBigInt: boolean }) => unknown;
}

// yaml's own YAML 1.1 scalar tags, in the order it tries them on a plain scalar.
const TAGS: ScalarTag[] = parseDocument('', { version: '1.1' })
  .schema.tags.filter((tag) => tag.default === true && !tag.collection && tag.test instanceof RegExp)
  .map((tag) => tag as unknown as ScalarTag);

// First characters with which a YAML 1.1 plain scalar can be something other than a string
// (null, bool, int, float, sexagesimal, timestamp; yaml reads `e1` as a float): any other
// scalar is a string at once.
const NON_STRING_START = new Set('~nNyYtTfFoOeE0123456789+-.'.split(''));

let matched: ScalarTag | undefined;

const SCALAR_TAG = 'tag:headless-lint,2026:yaml-1.1-scalar';

const yaml11Scalars = new jsyaml.Type(SCALAR_TAG, {
  kind: 'scalar',
  resolve(source: string) {
    matched = undefined;
    if (source !== '' && !NON_STRING_START.has(source[0] as string)) return false;
    matched = TAGS.find((tag) => tag.test.test(source));
    return matched !== undefined;
  },
  construct(source: string) {
    const tag = matched as ScalarTag;
    const resolved = tag.resolve(
      source,
      (message) => {
        throw new Decline(message);
      },
      { intAsBigInt: false },
    );
    return resolved !== null && typeof resolved === 'object' && 'value' in resolved && !(resolved instanceof Date) ? (resolved as Scalar).value : resolved;
  },
});

const SCHEMA = jsyaml.FAILSAFE_SCHEMA.extend({ implicit: [yaml11Scalars] });

class Decline extends Error {}

// Cheap text checks for what the fast reading leaves to the positioned one, each named for --stats
// and the tests.
const MAX_IMPLICIT_KEY = 1024;
// js-yaml counts every node, scalars included; deeper files go to the guarded positioned reading.
const MAX_DEPTH = 100;
const DOCUMENT_MARKER = /^(?:---|\.\.\.)(?:\s|$)/m;
const TEXT_CHECKS: [reason: string, declines: (text: string) => boolean][] = [
  // unrendered-template detection needs yaml's tokens; a `{{` in block scalar content is text
  // (findUnrenderedTemplate skips scalars), as in the injector templates of every Istio cluster dump
  ['template action', (t) => t.includes('{{') && outsideBlockScalars(t, (line) => line.includes('{{'))],
  ['merge key', (t) => t.includes('<<')],
  ['__proto__ key', (t) => t.includes('__proto__')],
  // the two disagree on tabs next to indentation
  ['tab', (t) => t.includes('\t')],
  // a line break to yaml, not to js-yaml
  ['lone carriage return', (t) => /\r(?!\n)/.test(t)],
  // %YAML 1.2 switches yaml to another schema for that document
  ['directive', (t) => /^%/m.test(t)],
  // `? key` may be a collection, which each spells differently as a key
  ['explicit key', (t) => /(?:^|[\s[{,])\?(?:\s|$)/.test(t)],
  // a sequence as a flow mapping entry without a value (`{[a]}`): js-yaml's key is "a", yaml's "[ a ]"
  ['flow sequence key', (t) => /[{,][ \r\n]*\[/.test(t)],
  // yaml refuses a block mapping on the marker line, js-yaml reads it
  ['content on a document marker', (t) => /^---[ ]+[^#\s]/m.test(t)],
  // `---word` is a document marker to js-yaml, text to yaml
  ['glued document marker', (t) => /^(?:---|\.\.\.)[^ \r\n]/m.test(t)],
  // after an empty sequence item, js-yaml lets a less indented item join the sequence
  ['empty sequence item', (t) => /^[ ]*(?:-[ ]+)*-[ ]*(?:#.*)?\r?$/m.test(t)],
  // the two differ on blank bodies of block scalars with an indentation indicator (`|2`)
  ['indentation indicator', (t) => /[|>][-+]?[0-9]/.test(t)],
  // yaml refuses a block scalar that opens with blank lines holding spaces
  ['blank block scalar start', (t) => /[|>][-+]?[ ]*(?:#.*)?\r?\n(?:\r?\n)*[ ]+(?:\r?\n|$)/.test(t)],
  // yaml limits implicit keys to 1024 characters
  ['long key line', hasLongKeyLine],
];

/** A line long enough to hold an implicit key past yaml's limit, with a colon past it. */
function hasLongKeyLine(text: string): boolean {
  if (text.length <= MAX_IMPLICIT_KEY) return false;
  // A block scalar's content line is no key, however long (kubectl's last-applied-configuration).
  return outsideBlockScalars(text, (line) => line.length > MAX_IMPLICIT_KEY && line.indexOf(':', MAX_IMPLICIT_KEY) !== -1);
}

interface LoaderState {
  anchor: string | null;
  tag: string | null;
  kind: string | null;
  result: unknown;
  input: string;
  position: number;
}

interface OpenNode {
  /** where js-yaml began looking for the node */
  from: number;
  /** the node is a flow collection */
  flow: boolean;
  /** ... inside a block collection (or at the top of a document) */
  flowInBlock: boolean;
}

// The nodes open around the current one, innermost last (loads are synchronous: one stack serves all).
const opened: OpenNode[] = [];
let flowDepth = 0;

/**
 * js-yaml reports each node as it opens and closes. Anchors and explicit tags, keys that are
 * not plain strings (null, a collection, a timestamp: js-yaml and yaml spell those differently),
 * quoted or plain scalars that run over several lines, and flow collections whose lines are not
 * indented past their block (yaml is stricter about both) make the file one for the positioned
 * reading.
 */
function listener(event: jsyaml.EventType, state: jsyaml.State): void {
  const s = state as unknown as LoaderState;
  if (event === 'open') {
    const c = s.input[contentStart(s.input, s.position, s.input.length)];
    const flow = c === '[' || c === '{';
    opened.push({ from: s.position, flow, flowInBlock: flow && flowDepth === 0 });
    if (flow) flowDepth++;
  } else {
    const node = opened.pop() as OpenNode;
    if (node.flow) flowDepth--;
    listenClose(s, node);
  }
}

function listenClose(state: LoaderState, node: OpenNode): void {
  if (state.anchor !== null) throw new Decline('anchor');
  const tag = state.tag;
  if (tag !== null && tag !== '?' && tag !== SCALAR_TAG) throw new Decline('tag');
  const result = state.result;
  const input = state.input;
  if (result === null || typeof result === 'object') {
    let at = state.position;
    while (input[at] === ' ' || input[at] === '\t') at++;
    if (input[at] === ':') throw new Decline('key');
    if (node.flowInBlock && opened.length > 0 && !indentedPastStart(input, contentStart(input, node.from, state.position), state.position)) throw new Decline('flow indentation');
  } else if (state.kind === 'scalar' && spansLines(input, node.from, state.position)) {
    throw new Decline('multi-line scalar');
  }
}

/** The first character of a node js-yaml began looking for at `from`: past blanks, line breaks and comments. */
function contentStart(input: string, from: number, to: number): number {
  let at = from;
  for (;;) {
    const c = input[at];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') at++;
    else if (c === '#') {
      const eol = input.indexOf('\n', at);
      if (eol === -1 || eol >= to) return to;
      at = eol + 1;
    } else return at;
  }
}

/** Whether every line after the first of [start, end) that holds text is indented past the first line. */
function indentedPastStart(input: string, start: number, end: number): boolean {
  const lineStart = input.lastIndexOf('\n', start - 1) + 1;
  let indent = 0;
  while (input[lineStart + indent] === ' ') indent++;
  for (let eol = input.indexOf('\n', start); eol !== -1 && eol < end; eol = input.indexOf('\n', eol + 1)) {
    let col = 0;
    while (input[eol + 1 + col] === ' ') col++;
    const c = input[eol + 1 + col];
    if (c === '\n' || c === '\r' || c === '#' || c === undefined) continue;
    if (col <= indent) return false;
  }
  return true;
}

/** Whether the flow scalar that starts after `from` (past blanks and comments) crosses a line break before `to`. */
function spansLines(input: string, from: number, to: number): boolean {
  const at = contentStart(input, from, to);
  if (input[at] === '|' || input[at] === '>') return false; // block scalars are multi-line by design
  for (let i = at; i < to; i++) {
    const c = input.charCodeAt(i);
    if (c === 0x0a || c === 0x0d) return true;
  }
  return false;
}

/**
 * A key that was not a string in the source and that js-yaml spells differently from yaml: a
 * mapping (as a flow mapping entry without a value) or null.
 */
function hasForeignKey(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasForeignKey);
  if (value === null || typeof value !== 'object' || value instanceof Date) return false;
  for (const key in value) {
    if (key === '[object Object]' || key === 'null') return true;
    if (hasForeignKey((value as Record<string, unknown>)[key])) return true;
  }
  return false;
}

export type FastReading = { values: unknown[] } | { declined: string };

/** Values of every document of `text`, or why the positioned reading must read it. */
export function readFast(text: string): FastReading {
  for (const [reason, declines] of TEXT_CHECKS) if (declines(text)) return { declined: reason };
  let values: unknown[];
  opened.length = 0;
  flowDepth = 0;
  try {
    values = jsyaml.loadAll(text, undefined, { schema: SCHEMA, listener, maxDepth: MAX_DEPTH } as jsyaml.LoadOptions);
  } catch (error) {
    return { declined: error instanceof Decline ? error.message : 'js-yaml error' };
  }
  for (const value of values) {
    if (value === null) continue;
    if (typeof value !== 'object' || Array.isArray(value) || value instanceof Date) return { declined: 'not a mapping' };
    if (hasForeignKey(value)) return { declined: 'key' };
  }
  // js-yaml reads a file of comments as one empty document, yaml as none.
  if (values.includes(null) && !DOCUMENT_MARKER.test(text)) return { declined: 'comments only' };
  return { values };
}

/** Values of every document of `text`, or undefined when the positioned reading must read it. */
export function readValuesFast(text: string): unknown[] | undefined {
  const reading = readFast(text);
  return 'values' in reading ? reading.values : undefined;
}

// `key: |`, `- |`, `key: >-  # comment`: the line opens a block scalar.
const BLOCK_SCALAR_START = /(?:^[ ]*|:[ ]+|-[ ]+)[|>][-+]?[ ]*(?:#.*)?\r?$/;

/**
 * Whether some line outside block scalar content passes the test. The content is the lines at or
 * past the indentation of the first one, which must be past the node that holds the scalar (the
 * key after any `- `), as yaml reads a header without an indentation indicator (those are
 * declined anyway); blank lines belong to it. So the scan never hides a line yaml reads as structure.
 */
export function outsideBlockScalars(text: string, test: (line: string) => boolean): boolean {
  let holder = -1;
  let content = -1;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const line = text.slice(start, end);
    start = end + 1;
    if (holder >= 0) {
      const spaces = /^[ ]*/.exec(line)?.[0].length ?? 0;
      if (line.trim() === '') continue;
      if (content === -1 && spaces > holder) content = spaces;
      if (content !== -1 && spaces >= content) continue;
      holder = -1;
      content = -1;
    }
    if (test(line)) return true;
    if (BLOCK_SCALAR_START.test(line)) holder = /^[ ]*(?:-[ ]+)*/.exec(line)?.[0].length ?? 0;
  }
  return false;
}
