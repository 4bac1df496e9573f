/**
 * Fixes on mutated examples: whatever the layout (comments inserted, lines duplicated, CRLF,
 * characters replaced), --fix never throws, every file it changes still parses with no error,
 * the values of documents it did not mean to change stay equal, and a second --fix changes
 * nothing. FUZZ_RUNS=2000 searches longer.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { fixSources, MAX_PASSES } from '../../src/fix/fixer.js';
import { lintSources } from '../../src/lint.js';

const examplesDir = path.resolve(__dirname, '../../examples');
const exampleDirs = readdirSync(examplesDir).filter((d) => readdirSync(path.join(examplesDir, d)).some((f) => f.endsWith('.yaml')));
const filesOf = (dir: string) =>
  readdirSync(path.join(examplesDir, dir))
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => ({ path: `${dir}/${f}`, text: readFileSync(path.join(examplesDir, dir, f), 'utf8') }));
// Only examples where a fix applies are worth mutating.
const withFixes = exampleDirs.filter((d) => lintSources(filesOf(d)).result.findings.some((f) => f.autofix?.notApplicable === null));
const runs = (n: number) => Number(process.env.FUZZ_RUNS ?? n);

type Mutation = (text: string) => string;
const atLine = (t: string, n: number, f: (lines: string[], i: number) => void) => {
  const lines = t.split('\n');
  f(lines, n % lines.length);
  return lines.join('\n');
};
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.nat().map((n): Mutation => (t) => atLine(t, n, (l, i) => l.splice(i, 0, '# inserted comment'))),
  fc.nat().map((n): Mutation => (t) => atLine(t, n, (l, i) => l.splice(i, 0, l[i] ?? ''))),
  fc.nat().map((n): Mutation => (t) => atLine(t, n, (l, i) => void (l[i] = `${l[i]}   # trailing`))),
  fc.constant<Mutation>((t) => t.replace(/\n/g, '\r\n')),
  fc.tuple(fc.nat(), fc.constantFrom(':', '-', '{', '}', '[', ']', '"', "'", '#', ' ', '\t', 'x', '\n')).map(([n, token]): Mutation => (t) => {
    const i = n % Math.max(1, t.length);
    return t.slice(0, i) + token + t.slice(i + 1);
  }),
);

function values(text: string): unknown[] | undefined {
  const docs = parseAllDocuments(text, { version: '1.1' });
  if (!Array.isArray(docs) || docs.some((d) => d.errors.length > 0)) return undefined;
  return docs.map((d) => d.toJS());
}

describe('fuzz: --fix on mutated examples', () => {
  it('has examples with fixes to mutate', () => {
    expect(withFixes.length).toBeGreaterThan(5);
  });

  it('never throws; changed files parse; a second --fix changes nothing', () => {
    fc.assert(
      fc.property(fc.constantFrom(...withFixes), fc.array(mutation, { minLength: 1, maxLength: 3 }), (dir, mutations) => {
        const sources = filesOf(dir).map((s) => ({ ...s, text: mutations.reduce((t, m) => m(t), s.text) }));
        const first = fixSources(sources);
        for (const s of sources) {
          const fixed = first.texts.get(s.path) as string;
          if (fixed === s.text) continue;
          const after = values(fixed);
          expect(after, `${s.path} no longer parses:\n${fixed}`).toBeDefined();
          const before = values(s.text);
          // The same number of documents; most of them unchanged (a fix edits few).
          if (before) {
            expect(after?.length).toBe(before.length);
            expect(after?.filter((v, i) => !isDeepStrictEqual(v, before[i])).length).toBeLessThanOrEqual(first.applied);
          }
        }
        if (first.passes < MAX_PASSES) {
          const second = fixSources([...first.texts].map(([p, text]) => ({ path: p, text })));
          expect(second.applied).toBe(0);
        }
      }),
      { numRuns: runs(60) },
    );
  }, 120_000);
});
