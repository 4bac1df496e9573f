/**
 * The string form of a label selector (`env in (qa, prod),app=web,!legacy`), as kubectl -l and
 * CoreDNS' `labels` option write it (k8s.io/apimachinery pkg/labels/selector.go Parse).
 */
import type { LabelSelector, Requirement } from '../model/selector.js';

const KEY = String.raw`[A-Za-z0-9][-A-Za-z0-9_./]*`;
const VALUE = String.raw`[-A-Za-z0-9_.]*`;

/** undefined when the text is not a selector this parser understands (`gt`/`lt`, a typo). */
export function parseSelectorString(text: string): LabelSelector | undefined {
  const requirements: Requirement[] = [];
  for (const part of splitTopLevel(text)) {
    const req = parseRequirement(part.trim());
    if (!req) return undefined;
    requirements.push(req);
  }
  return { requirements, invalid: false };
}

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  if (current.trim() || parts.length > 0) parts.push(current);
  return parts;
}

function parseRequirement(part: string): Requirement | undefined {
  let m = new RegExp(`^(${KEY})\\s+(in|notin)\\s*\\(([^)]*)\\)$`).exec(part);
  if (m) {
    const values = (m[3] as string).split(',').map((v) => v.trim());
    if (!values.every((v) => new RegExp(`^${VALUE}$`).test(v))) return undefined;
    return { key: m[1] as string, operator: m[2] === 'in' ? 'In' : 'NotIn', values };
  }
  m = new RegExp(`^(${KEY})\\s*(==|=|!=)\\s*(${VALUE})$`).exec(part);
  if (m) return { key: m[1] as string, operator: m[2] === '!=' ? 'NotIn' : 'In', values: [m[3] as string] };
  m = new RegExp(`^(!)?\\s*(${KEY})$`).exec(part);
  if (m) return { key: m[2] as string, operator: m[1] ? 'DoesNotExist' : 'Exists', values: [] };
  return undefined;
}
