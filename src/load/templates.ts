/**
 * Finds Go template actions (`{{ ... }}`, as Helm, kustomize-less generators and CI templating
 * write them) that stand where YAML structure is expected: the file is a template that was
 * never rendered. Actions inside string values are left alone: quoted strings, block scalars
 * (Istio's sidecar injector ConfigMap carries its template that way on purpose) and plain
 * scalars such as Argo's `{{inputs.parameters.x}}` are data, and so are comments.
 */
import type { CST } from 'yaml';
import { scalarEnd, walkCst } from './cst.js';

const TEXT_TOKENS = new Set(['scalar', 'single-quoted-scalar', 'double-quoted-scalar', 'block-scalar', 'comment']);

/** Offset of the first template action outside any string value or comment, if there is one. */
export function findUnrenderedTemplate(text: string, tokens: readonly CST.Token[]): number | undefined {
  // Most files hold no braces at all; skip the tree walk for them.
  if (!text.includes('{{')) return undefined;
  const ranges = textRanges(tokens);
  for (let at = text.indexOf('{{'); at !== -1; at = text.indexOf('{{', at + 2)) {
    if (!closesOnSameLine(text, at)) continue;
    if (!inside(ranges, at)) return at;
  }
  return undefined;
}

function closesOnSameLine(text: string, at: number): boolean {
  const close = text.indexOf('}}', at + 2);
  if (close === -1) return false;
  const newline = text.indexOf('\n', at);
  return newline === -1 || close < newline;
}

/** [start, end) of every scalar and comment, sorted by start; they never overlap. */
function textRanges(tokens: readonly CST.Token[]): [number, number][] {
  const ranges: [number, number][] = [];
  for (const root of tokens) {
    for (const { token } of walkCst(root)) {
      if (TEXT_TOKENS.has(token.type)) ranges.push([token.offset, scalarEnd(token)]);
    }
  }
  return ranges.sort((a, b) => a[0] - b[0]);
}

function inside(ranges: [number, number][], offset: number): boolean {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [start, end] = ranges[mid] as [number, number];
    if (offset < start) hi = mid - 1;
    else if (offset >= end) lo = mid + 1;
    else return true;
  }
  return false;
}
