/**
 * Walks over yaml's concrete syntax tree. The walk keeps its own stack instead of recursing,
 * because hostile input can nest collections a hundred thousand levels deep.
 */
import type { CST } from 'yaml';

export interface CstVisit {
  token: CST.Token;
  /** number of collections around this token (a top-level mapping is at depth 1) */
  depth: number;
}

const COLLECTIONS = new Set(['block-map', 'block-seq', 'flow-collection']);

export function isCollection(token: CST.Token): boolean {
  return COLLECTIONS.has(token.type);
}

/** Every token under `root` (root included), in source order. */
export function* walkCst(root: CST.Token): Generator<CstVisit> {
  const stack: CstVisit[] = [{ token: root, depth: isCollection(root) ? 1 : 0 }];
  while (stack.length > 0) {
    const visit = stack.pop() as CstVisit;
    yield visit;
    const children = childrenOf(visit.token);
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i] as CST.Token;
      stack.push({ token: child, depth: visit.depth + (isCollection(child) ? 1 : 0) });
    }
  }
}

function childrenOf(token: CST.Token): CST.Token[] {
  const out: CST.Token[] = [];
  const add = (t: CST.Token | null | undefined) => {
    if (t) out.push(t);
  };
  const addAll = (ts: readonly CST.Token[] | undefined) => {
    if (ts) for (const t of ts) out.push(t);
  };
  switch (token.type) {
    case 'document':
      addAll(token.start);
      add(token.value);
      addAll(token.end);
      break;
    case 'block-map':
    case 'block-seq':
    case 'flow-collection':
      if (token.type === 'flow-collection') add(token.start);
      for (const item of token.items) {
        addAll(item.start);
        add(item.key);
        addAll(item.sep);
        add(item.value);
      }
      if (token.type === 'flow-collection') addAll(token.end);
      break;
    case 'block-scalar':
      addAll(token.props);
      break;
    case 'alias':
    case 'scalar':
    case 'single-quoted-scalar':
    case 'double-quoted-scalar':
      addAll(token.end);
      break;
    case 'doc-end':
      addAll(token.end);
      break;
    default:
      break;
  }
  return out;
}

/** Offset just past the text of a scalar token (a block scalar's body follows its header). */
export function scalarEnd(token: CST.Token): number {
  if (token.type === 'block-scalar') {
    const last = token.props[token.props.length - 1];
    const bodyStart = last ? last.offset + ('source' in last ? last.source.length : 0) : token.offset;
    return bodyStart + token.source.length;
  }
  return token.offset + ('source' in token ? token.source.length : 0);
}
