/**
 * yaml's composer recurses once per nesting level. Past a few hundred levels it overflows the
 * stack; yaml catches that, but the overflow can leave V8 unable to compile a regular
 * expression later and abort the whole process (seen with node 20). So nesting depth is
 * measured on the concrete syntax tree first, which yaml builds without recursion, and a
 * document deeper than any real manifest is never composed. yaml's CST parser is itself
 * quadratic in flow nesting depth, so deep flow collections are caught even earlier, by its
 * linear lexer, and such a file is not parsed at all.
 */
import { Composer, Lexer, Parser, type CST, type Document, type DocumentOptions, type ParseOptions, type SchemaOptions } from 'yaml';
import { isCollection, walkCst } from './cst.js';

/** Real manifests (CRD schemas included) stay far below this; yaml itself fails near 800. */
export const MAX_DEPTH = 200;

export interface TooDeep {
  /** offset of the collection that crosses the limit */
  offset: number;
}

export interface SafeParse {
  tokens: CST.Token[];
  documents: Document.Parsed[];
  /** documents left out because they nest deeper than MAX_DEPTH */
  tooDeep: TooDeep[];
}

export function tooDeepAt(token: CST.Token, limit = MAX_DEPTH): number | undefined {
  for (const { token: t, depth } of walkCst(token)) {
    if (depth > limit && isCollection(t)) return t.offset;
  }
  return undefined;
}

// The lexer's control tokens stand for no source text.
const CONTROL_TOKENS = new Set(['\u0002', '\u0018', '\u001f', '\ufeff']);

/** Offset of the flow collection that first nests deeper than `limit`, by a linear scan. */
export function flowTooDeepAt(text: string, limit = MAX_DEPTH): number | undefined {
  let openers = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) openers++;
  }
  // Cheap exit for nearly every file: fewer brackets than the limit cannot nest past it.
  if (openers <= limit) return undefined;
  let depth = 0;
  let offset = 0;
  for (const token of new Lexer().lex(text)) {
    if (token === '[' || token === '{') {
      depth++;
      if (depth > limit) return offset;
    } else if (token === ']' || token === '}') {
      depth = Math.max(0, depth - 1);
    } else if (token === '---' || token === '...') {
      depth = 0; // an unclosed bracket does not reach into the next document
    }
    if (!(token.length === 1 && CONTROL_TOKENS.has(token))) offset += token.length;
  }
  return undefined;
}

export function parseYamlSafely(text: string, options: ParseOptions & DocumentOptions & SchemaOptions = {}): SafeParse {
  const flowDepth = flowTooDeepAt(text);
  if (flowDepth !== undefined) return { tokens: [], documents: [], tooDeep: [{ offset: flowDepth }] };
  const tokens = Array.from(new Parser(options.lineCounter?.addNewLine).parse(text));
  const tooDeep: TooDeep[] = [];
  const kept = tokens.filter((token) => {
    if (token.type !== 'document') return true;
    const offset = tooDeepAt(token);
    if (offset === undefined) return true;
    tooDeep.push({ offset });
    return false;
  });
  const documents = Array.from(new Composer(options).compose(kept));
  return { tokens, documents, tooDeep };
}
