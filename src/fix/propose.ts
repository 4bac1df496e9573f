/**
 * A rule's fix proposal made concrete: edits on document paths, and the text changes they make
 * in each file, checked by applying them. Input that is not the file a user edits (Helm output,
 * Kustomize output, standard input) gets the edits and changes as information only, with the
 * file to change instead.
 */
import type { ProposedFix, Replacement } from '../engine/types.js';
import type { Resource } from '../load/resource.js';
import type { SourceFile } from '../load/source.js';
import { applyFileEdits, changeBetween, type FileEdit } from './apply-edits.js';
import type { Edit, FixProposal } from './edits.js';
import type { DocumentEdit } from './yaml-edit.js';
import { notEditable } from './editable.js';

/** The proposal as data and text changes; undefined when the edits do not apply to this file as written. */
export function concreteFix(proposal: FixProposal, reported: Resource | undefined, description: string): ProposedFix | undefined {
  const byFile = new Map<SourceFile, FileEdit[]>();
  const edits: ProposedFix['edits'] = [];
  const resources: Resource[] = [];
  for (const edit of proposal.edits) {
    const resource = edit.resource ?? reported;
    if (!resource) return undefined;
    resources.push(resource);
    const file = resource.document.file;
    const path = [...resource.base, ...edit.path];
    const documentEdit = toDocumentEdit(edit, path);
    const list = byFile.get(file) ?? [];
    list.push({ document: resource.document.index, edit: documentEdit });
    byFile.set(file, list);
    edits.push({ file: file.path, document: resource.document.index, ...documentEdit, path: [...path] } as ProposedFix['edits'][number]);
  }
  const changes: ProposedFix['changes'] = [];
  for (const [file, fileEdits] of byFile) {
    const applied = applyFileEdits(file.text, fileEdits);
    if ('error' in applied) return undefined;
    const change = changeBetween(file.text, applied.text);
    if (change) changes.push({ file: file.path, replacements: [replacementOf(file, change.offset, change.length, change.text)] });
  }
  if (changes.length === 0) return undefined;
  const reasons = [...new Set(resources.map(notEditable).filter((r): r is string => r !== null))];
  return { description, edits, changes, notApplicable: reasons.length > 0 ? reasons.join('; ') : null };
}

function toDocumentEdit(edit: Edit, path: (string | number)[]): DocumentEdit {
  switch (edit.op) {
    case 'delete':
      return { op: 'delete', path };
    case 'set':
      return { op: 'set', path, value: edit.value };
    default:
      return { op: edit.op, path, value: edit.value };
  }
}

function replacementOf(file: SourceFile, offset: number, length: number, text: string): Replacement {
  const start = file.position(offset);
  const end = file.position(offset + length);
  const byteOffset = Buffer.byteLength(file.text.slice(0, offset), 'utf8');
  return {
    offset,
    length,
    byteOffset,
    byteLength: Buffer.byteLength(file.text.slice(offset, offset + length), 'utf8'),
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.column,
    text,
  };
}
