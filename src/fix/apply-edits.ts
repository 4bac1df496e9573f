/**
 * Edits of one fix applied to one file's text, one after another (each on the document as the
 * previous edit left it), then checked: every document must still parse, the edited ones must
 * read exactly as the edits applied to their values, the others must be unchanged. A fix that
 * fails the check is not offered: a repair that could damage a manifest is worse than none.
 */
import { isDeepStrictEqual } from 'node:util';
import { valuesOfText } from './parsed-text.js';
import { applyDocumentEdit, EditError, type DocumentEdit } from './yaml-edit.js';

export interface FileEdit {
  /** 0-based document index in the file */
  document: number;
  edit: DocumentEdit;
}

/** One contiguous change of a file's text: the JS string offsets of what is replaced, and the new text. */
export interface TextChange {
  offset: number;
  length: number;
  text: string;
}

export function applyFileEdits(text: string, edits: readonly FileEdit[]): { text: string } | { error: string } {
  const before = valuesOfText(text);
  if (!before) return { error: 'the file does not parse' };
  // Only the edited documents are copied: a fix touches one document of what can be a long file.
  const expected = [...before];
  const copied = new Set<number>();
  let current = text;
  try {
    for (const { document, edit } of edits) {
      current = applyDocumentEdit(current, document, edit);
      if (!copied.has(document)) {
        expected[document] = structuredClone(expected[document]);
        copied.add(document);
      }
      expected[document] = applyToValue(expected[document], edit);
    }
  } catch (error) {
    if (error instanceof EditError) return { error: error.message };
    throw error;
  }
  const after = valuesOfText(current);
  if (!after) return { error: 'the edited file would not parse' };
  if (after.length !== expected.length || !after.every((v, i) => isDeepStrictEqual(v, expected[i]))) return { error: 'the edited file would not read as the edit says' };
  return { text: current };
}

/** The smallest change that turns one text into the other (common prefix and suffix kept). */
export function changeBetween(before: string, after: string): TextChange | undefined {
  if (before === after) return undefined;
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before[endBefore - 1] === after[endAfter - 1]) {
    endBefore--;
    endAfter--;
  }
  // Whole words, so a reader sees `None` for `none`, not `N` for `n`; never half a CRLF or a surrogate pair.
  while (start > 0 && (WORD.test(before[start - 1] as string) || before[start - 1] === '\r' || isHighSurrogate(before.charCodeAt(start - 1)))) start--;
  while (endBefore < before.length && WORD.test(before[endBefore] as string)) {
    endBefore++;
    endAfter++;
  }
  return { offset: start, length: endBefore - start, text: after.slice(start, endAfter) };
}

const WORD = /[A-Za-z0-9_.\-/]/;

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** Apply non-overlapping changes (of different fixes) to a text; overlapping ones after the first are left out. */
export function applyChanges(text: string, changes: readonly TextChange[]): { text: string; applied: TextChange[] } {
  const sorted = [...changes].sort((a, b) => a.offset - b.offset || a.length - b.length);
  const applied: TextChange[] = [];
  let end = -1;
  for (const c of sorted) {
    if (c.offset < end || (c.offset === end && c.length === 0 && applied.at(-1)?.length === 0)) continue;
    applied.push(c);
    end = c.offset + c.length;
  }
  let out = text;
  for (const c of [...applied].reverse()) out = out.slice(0, c.offset) + c.text + out.slice(c.offset + c.length);
  return { text: out, applied };
}

/** The edit applied to a plain value: what the edited document must read as. */
export function applyToValue(root: unknown, edit: DocumentEdit): unknown {
  if (edit.path.length === 0) throw new EditError('an edit needs a path');
  const holder = { root };
  let node: Record<string | number, unknown> = holder as unknown as Record<string, unknown>;
  let key: string | number = 'root';
  const create = edit.op !== 'delete';
  for (const seg of edit.path) {
    let next = node[key];
    if (next === null || next === undefined) {
      if (!create) throw new EditError(`${edit.path.join('.')} does not exist`);
      next = {};
      node[key] = next;
    }
    if (typeof next !== 'object') throw new EditError(`${edit.path.join('.')} passes through a scalar`);
    node = next as Record<string | number, unknown>;
    key = seg;
  }
  switch (edit.op) {
    case 'set':
    case 'add':
      node[key] = structuredClone(edit.value);
      break;
    case 'append': {
      const list = node[key] ?? [];
      if (!Array.isArray(list)) throw new EditError(`${edit.path.join('.')} is not a sequence`);
      list.push(structuredClone(edit.value));
      node[key] = list;
      break;
    }
    case 'delete':
      if (Array.isArray(node)) node.splice(Number(key), 1);
      else delete node[key];
      break;
  }
  return holder.root;
}
