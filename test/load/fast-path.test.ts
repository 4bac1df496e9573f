/**
 * The fast reading (js-yaml, values only) must agree with the positioned reading (yaml) on every
 * file it accepts: same documents, same indexes, same values, no problem missed; and a lint run
 * must report the same findings with the fast path on or off.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { lint } from '../../src/lint.js';
import { readFast } from '../../src/load/fast-yaml.js';
import { parsePositioned, parseSource, useFastPath, type ParseResult } from '../../src/load/parser.js';
import { SourceFile } from '../../src/load/source.js';

const root = path.resolve(__dirname, '../..');
const corpus = [path.resolve(root, '../shared/corpus'), path.resolve(root, '../../shared/corpus')].find((dir) => existsSync(dir));

function manifests(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...manifests(full));
    else if (/\.(ya?ml|json)$/.test(entry)) out.push(full);
  }
  return out;
}

const summary = (r: ParseResult) => ({ documents: r.documents.map((d) => [d.index, d.value]), problems: r.problems.map((p) => [p.code, p.message, p.span]) });

function expectSameReading(name: string, text: string): boolean {
  const file = new SourceFile(name, text);
  const fast = 'values' in readFast(text);
  if (fast) expect(isDeepStrictEqual(summary(parseSource(file)), summary(parsePositioned(file))), name).toBe(true);
  return fast;
}

afterEach(() => useFastPath(true));

describe('fast and positioned readings agree', () => {
  it('on every example manifest, and the fast path reads most of them', () => {
    const files = manifests(path.join(root, 'examples'));
    const fast = files.filter((f) => expectSameReading(f, readFileSync(f, 'utf8')));
    expect(fast.length).toBeGreaterThan(files.length / 2);
  });

  it.skipIf(!corpus)('on every corpus manifest', () => {
    for (const f of manifests(corpus as string)) expectSameReading(f, readFileSync(f, 'utf8'));
  });

  it('on YAML 1.1 scalars as Kubernetes reads them', () => {
    const text = 'a: yes\nb: off\nc: 0755\nd: 1_000\ne: 1:30\nf: .inf\ng: ~\nh: 0x1F\ni: 2024-01-01\nj: e1\nk: -0\nl: 1e3\nm: Y\nn: "yes"\n';
    expect(readFast(text)).toHaveProperty('values');
    expect(expectSameReading('scalars.yaml', text)).toBe(true);
  });

  it('reads templates and long lines that are block scalar content, as a cluster dump holds them', () => {
    const dump = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: istio-sidecar-injector',
      '  annotations:',
      `    kubectl.kubernetes.io/last-applied-configuration: |\n      {"apiVersion":"v1","data":{"x":"${'y'.repeat(1100)}"}}`,
      'data:',
      '  config: |-',
      '    policy: enabled',
      '    templates:',
      '      sidecar: |',
      '        {{- if .Values.global.x }}',
      '',
      '        image: "{{ .ProxyImage }}"',
      '        {{- end }}',
      '  values: |-',
      '    {"global": {"a": "{{ b }}"}}',
      '',
    ].join('\n');
    expect(readFast(dump)).toHaveProperty('values');
    expect(expectSameReading('dump.yaml', dump)).toBe(true);
    expect(expectSameReading('items.yaml', 'x:\n  - |\n      {{ a }}\n  - b: >-\n      {{ c }}\n')).toBe(true);
  });

  it('declines what only the positioned reading handles exactly', () => {
    const declined = {
      anchor: 'a: &x 1\nb: *x\n',
      'duplicate key': 'a: 1\na: 2\n',
      'explicit tag': 'a: !!str 1\n',
      directive: '%YAML 1.2\n---\na: yes\n',
      template: 'a: {{ .Values.x }}\n',
      'template in a quoted scalar': 'a: "{{ .Values.x }}"\n',
      'template after a block scalar ends': 'a: |\n    text\n  b: {{ x }}\n',
      'template on a line shallower than the block content': 'a: |\n      deep\n   {{ x }}\n',
      'template past a sequence item scalar': '- a: |\n    text\n  b: {{ x }}\n',
      'long key outside a block scalar': `a: 1\n${'k'.repeat(1100)}: v\n`,
      tab: 'a:\n\t- b\n',
      'null key': '~: a\n',
      'collection key': '{ {a: 1} }\n',
      'multi-line quoted scalar': 'a:\n  b: "x\n y"\n',
      'empty item then outer item': 'a:\n- - x\n  -\n- y\n',
      'comments only': '# nothing\n',
      'not a mapping': '- a\n',
      'deep nesting': `${'['.repeat(150)}${']'.repeat(150)}\n`,
    };
    for (const [name, text] of Object.entries(declined)) expect(readFast(text), name).toHaveProperty('declined');
  });

  it('on random YAML near the edges of both readers', () => {
    let seed = 42;
    const rnd = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
    const scalars = ['yes', 'No', 'on', '0755', '0x1F', '1_000', '1:30', '2024-01-01', '.inf', '.', '0_', 'e1', '~', 'null', "''", '"a\\tb"', "'it''s'", 'a #b', 'a#b', 'x:y', '-', '{a: 1}', '[1, b]', '|\n  text\n  more', '>-\n  folded\n\n  para', '"multi\n  line"', 'plain\n  continued'];
    const keys = ['a', 'b', 'name', '1', 'yes', 'e1', '"q"', 'x y'];
    const block = (depth: number, indent: number): string => {
      const r = rnd();
      if (depth > 3 || r < 0.4) return ` ${pick(scalars).replace(/\n/g, `\n${' '.repeat(indent + 2)}`)}`;
      const seq = r < 0.6;
      const child = indent + pick([1, 2, 4]);
      return Array.from({ length: 1 + Math.floor(rnd() * 3) }, (_, i) => `\n${' '.repeat(child)}${seq ? '-' : `${pick(keys)}${i}:`}${block(depth + 1, child + (seq ? 2 : 0))}`).join('');
    };
    let accepted = 0;
    for (let n = 0; n < 1500; n++) {
      let text = Array.from({ length: 1 + Math.floor(rnd() * 2) }, () => Array.from({ length: 1 + Math.floor(rnd() * 3) }, (_, i) => `${pick(keys)}${i}:${block(1, 0)}`).join('\n')).join(pick(['\n---\n', '\n...\n---\n']));
      if (rnd() < 0.5) {
        const at = Math.floor(rnd() * text.length);
        text = text.slice(0, at) + pick([' ', ':', '-', '#', '"', '\n', '[', '{', ',', '\r\n']) + text.slice(at);
      }
      if (expectSameReading(`random-${n}.yaml`, text)) accepted++;
    }
    expect(accepted).toBeGreaterThan(100);
  });
});

it('gives the same findings with the fast path on or off', { timeout: 180_000 }, () => {
  const run = () => lint({ paths: ['examples'], cwd: root, useIgnoreFile: false }).result;
  useFastPath(false);
  const slow = run();
  useFastPath(true);
  const fast = run();
  expect(fast.findings.length).toBeGreaterThan(0);
  expect(fast).toEqual(slow);
});
