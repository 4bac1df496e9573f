/**
 * A unified diff of one file (what `diff -u` and `git apply` read), for --fix-dry-run. Fixes
 * change a few lines, so the common head and tail are set aside first and only the middle is
 * compared line by line.
 */

const CONTEXT = 3;

type Op = { kind: ' ' | '-' | '+'; line: string };

export function unifiedDiff(file: string, before: string, after: string): string {
  if (before === after) return '';
  const a = splitLines(before);
  const b = splitLines(after);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const ops: Op[] = [
    ...a.slice(0, head).map((line): Op => ({ kind: ' ', line })),
    ...middle(a.slice(head, a.length - tail), b.slice(head, b.length - tail)),
    ...a.slice(a.length - tail).map((line): Op => ({ kind: ' ', line })),
  ];
  return `--- a/${file}\n+++ b/${file}\n${hunks(ops)}`;
}

function splitLines(text: string): string[] {
  const lines = text.split('\n').map((l, i, all) => (i < all.length - 1 ? `${l}\n` : l));
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/** Line-level longest common subsequence of the changed middle (small: a fix's lines). */
function middle(a: string[], b: string[]): Op[] {
  if (a.length * b.length > 4_000_000) return [...a.map((line): Op => ({ kind: '-', line })), ...b.map((line): Op => ({ kind: '+', line }))];
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      ops.push({ kind: ' ', line: a[i++]! });
      j++;
    } else if (i < a.length && (j === b.length || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) {
      ops.push({ kind: '-', line: a[i++]! });
    } else {
      ops.push({ kind: '+', line: b[j++]! });
    }
  }
  return ops;
}

function hunks(ops: Op[]): string {
  const changed = ops.map((op, i) => (op.kind === ' ' ? -1 : i)).filter((i) => i >= 0);
  let out = '';
  let k = 0;
  while (k < changed.length) {
    const start = Math.max(0, changed[k]! - CONTEXT);
    let end = changed[k]! + CONTEXT + 1;
    while (k + 1 < changed.length && changed[k + 1]! - CONTEXT <= end) end = changed[++k]! + CONTEXT + 1;
    k++;
    end = Math.min(ops.length, end);
    const before = ops.slice(0, start);
    const aStart = before.filter((o) => o.kind !== '+').length + 1;
    const bStart = before.filter((o) => o.kind !== '-').length + 1;
    const body = ops.slice(start, end);
    const aLen = body.filter((o) => o.kind !== '+').length;
    const bLen = body.filter((o) => o.kind !== '-').length;
    out += `@@ -${aLen === 0 ? aStart - 1 : aStart},${aLen} +${bLen === 0 ? bStart - 1 : bStart},${bLen} @@\n`;
    for (const op of body) out += `${op.kind}${op.line.endsWith('\n') ? op.line : `${op.line}\n\\ No newline at end of file\n`}`;
  }
  return out;
}
