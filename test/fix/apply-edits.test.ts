/** Edits on document paths: only the edited bytes change, new text follows the file's layout, a bad edit is refused. */
import { describe, expect, it } from 'vitest';
import { applyFileEdits, changeBetween } from '../../src/fix/apply-edits.js';
import type { FileEdit } from '../../src/fix/apply-edits.js';
import { unifiedDiff } from '../../src/fix/diff.js';

const ok = (text: string, edits: FileEdit[]): string => {
  const r = applyFileEdits(text, edits);
  if ('error' in r) throw new Error(r.error);
  return r.text;
};

describe('applyFileEdits', () => {
  it('sets a scalar in its quoting style, keeping the comment after it', () => {
    expect(ok("a:\n  b: 'x'  # note\n", [{ document: 0, edit: { op: 'set', path: ['a', 'b'], value: 'None' } }])).toBe("a:\n  b: 'None'  # note\n");
    expect(ok('a: "x"\n', [{ document: 0, edit: { op: 'set', path: ['a'], value: 'y' } }])).toBe('a: "y"\n');
  });

  it('quotes a string that YAML 1.1 would read as another type', () => {
    expect(ok('a:\n  b: 1\n', [{ document: 0, edit: { op: 'set', path: ['a', 'c'], value: 'yes' } }])).toBe('a:\n  b: 1\n  c: "yes"\n');
  });

  it('adds missing parents with the file indentation unit', () => {
    expect(ok('spec:\n    x: 1\n', [{ document: 0, edit: { op: 'set', path: ['spec', 'm', 'k'], value: true } }])).toBe('spec:\n    x: 1\n    m:\n        k: true\n');
  });

  it('adds into flow maps and appends to flow and block sequences', () => {
    expect(ok('m: {a: 1}\n', [{ document: 0, edit: { op: 'add', path: ['m', 'b'], value: 2 } }])).toBe('m: {a: 1, b: 2}\n');
    expect(ok('s: [1]\n', [{ document: 0, edit: { op: 'append', path: ['s'], value: 2 } }])).toBe('s: [1, 2]\n');
    expect(ok('s:\n- a: 1\n# tail\n', [{ document: 0, edit: { op: 'append', path: ['s'], value: { a: 2, b: 3 } } }])).toBe('s:\n- a: 1\n- a: 2\n  b: 3\n# tail\n');
  });

  it('deletes a key with its line; the last key leaves an empty map, not null', () => {
    expect(ok('m:\n  a: 1 # gone\n  b: 2\n', [{ document: 0, edit: { op: 'delete', path: ['m', 'a'] } }])).toBe('m:\n  b: 2\n');
    expect(ok('m:\n  a: 1\nz: 0\n', [{ document: 0, edit: { op: 'delete', path: ['m', 'a'] } }])).toBe('m: {}\nz: 0\n');
  });

  it('leaves the other documents and CRLF line ends as they are', () => {
    const text = '# one\r\na: 1\r\n---\r\nb: {c: 2}\r\n';
    const out = ok(text, [{ document: 1, edit: { op: 'add', path: ['b', 'd'], value: 3 } }]);
    expect(out).toBe('# one\r\na: 1\r\n---\r\nb: {c: 2, d: 3}\r\n');
    // The change covers whole words: the `2` before the insertion is part of it.
    expect(changeBetween(text, out)).toEqual({ offset: text.indexOf('}') - 1, length: 1, text: '2, d: 3' });
  });

  it('refuses an edit that cannot be made as said', () => {
    expect(applyFileEdits('a: [1]\n', [{ document: 0, edit: { op: 'set', path: ['a'], value: 1 } }])).toHaveProperty('error');
    expect(applyFileEdits('a: 1\n', [{ document: 0, edit: { op: 'add', path: ['a'], value: 1 } }])).toHaveProperty('error');
    expect(applyFileEdits('a: 1\n', [{ document: 0, edit: { op: 'delete', path: ['b'] } }])).toHaveProperty('error');
    expect(applyFileEdits('a: [\n', [{ document: 0, edit: { op: 'set', path: ['b'], value: 1 } }])).toHaveProperty('error');
  });
});

describe('unifiedDiff', () => {
  it('prints hunks with context that patch reads', () => {
    const before = ['a', 'b', 'c', 'd', 'e', 'f', 'g', ''].join('\n');
    const after = before.replace('d\n', 'D\n');
    expect(unifiedDiff('x.yaml', before, after)).toBe('--- a/x.yaml\n+++ b/x.yaml\n@@ -1,7 +1,7 @@\n a\n b\n c\n-d\n+D\n e\n f\n g\n');
    expect(unifiedDiff('x.yaml', before, before)).toBe('');
  });
});
