/**
 * yaml's composer recurses once per nesting level. Past a few hundred levels it overflows the
 * stack; yaml catches that, but the overflow can leave V8 unable to compile a regular
 * expression later and abort the whole process (seen with node 20). So nesting depth is
 * measured on the concrete syntax tree first, which yaml builds without recursion, and a
 * document deeper than any real manifest is never composed.
 */
import { Composer, Parser, type CST, type Document, type DocumentOptions, type ParseOptions, type SchemaOptions } from 'yaml';
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

export function parseYamlSafely(text: string, options: ParseOptions & DocumentOptions & SchemaOptions = {}): SafeParse {
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
