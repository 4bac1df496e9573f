/**
 * Property-based tests: random manifests and mutated copies of the examples never make the
 * linter throw, always give JSON of the documented shape, and give the same result for the
 * same input in any file order. Runs are bounded so the suite stays fast; a failure prints
 * fast-check's seed and the shrunk input to replay it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { rules } from '../../rules/index.js';
import { compareFindings } from '../../src/engine/run.js';
import type { LintResult } from '../../src/engine/types.js';
import { lintSources } from '../../src/lint.js';
import { decode } from '../../src/load/decode.js';

const examplesDir = path.resolve(__dirname, '../../examples');
const exampleFiles: { path: string; text: string }[] = readdirSync(examplesDir, { recursive: true, encoding: 'utf8' })
  .filter((f) => /\.(ya?ml|json)$/.test(f))
  .sort()
  .map((f) => ({ path: f.split(path.sep).join('/'), text: readFileSync(path.join(examplesDir, f), 'utf8') }));

const SEVERITIES = ['error', 'warning', 'info'];
/** FUZZ_RUNS=5000 npx vitest run test/fuzz searches longer; the default keeps `npm test` fast. */
const runs = (n: number) => Number(process.env.FUZZ_RUNS ?? n);
const timeout = process.env.FUZZ_RUNS ? 3_600_000 : undefined;

/** The documented JSON output contract (src/engine/types.ts). */
function expectShape(result: LintResult): void {
  expect(result.version).toBe(1);
  expect(Object.keys(result).sort()).toEqual(['findings', 'summary', 'suppressed', 'version']);
  for (const f of result.findings) {
    expect(Object.keys(f).sort()).toEqual(['autofix', 'column', 'endColumn', 'endLine', 'file', 'fingerprint', 'fix', 'line', 'message', 'messageId', 'movedFingerprint', 'related', 'resource', 'ruleId', 'severity', 'suggestions'].sort());
    expect(typeof f.ruleId).toBe('string');
    expect(f.messageId === null || /^[a-z][a-zA-Z0-9]*$/.test(f.messageId)).toBe(true);
    expect(f.fingerprint).toMatch(/^[0-9a-f]{32}$/);
    expect(SEVERITIES).toContain(f.severity);
    expect(f.message.length).toBeGreaterThan(0);
    expect(Number.isInteger(f.line) && f.line >= 1).toBe(true);
    expect(Number.isInteger(f.column) && f.column >= 1).toBe(true);
    expect(f.endLine > f.line || (f.endLine === f.line && f.endColumn >= f.column)).toBe(true);
    expect(f.fix === null || typeof f.fix === 'string').toBe(true);
    expect(Array.isArray(f.related)).toBe(true);
  }
  const count = (s: string) => result.findings.filter((f) => f.severity === s).length;
  expect([result.summary.errors, result.summary.warnings, result.summary.infos]).toEqual([count('error'), count('warning'), count('info')]);
  const sorted = [...result.findings].sort(compareFindings);
  expect(result.findings).toEqual(sorted);
}

function lintAll(files: { path: string; text: string }[]): { json: string; result: LintResult } {
  const { result } = lintSources(files, { rules });
  return { json: JSON.stringify(result), result };
}

/** Lints, checks the shape and that no rule crashed, and checks determinism across runs and file orders. */
function checkProperties(files: { path: string; text: string }[]): void {
  const first = lintAll(files);
  const parsed = JSON.parse(first.json) as LintResult;
  expectShape(parsed);
  expect(parsed.findings.filter((f) => f.ruleId === 'internal-error').map((f) => f.message)).toEqual([]);
  expect(lintAll(files).json).toBe(first.json);
  expect(lintAll([...files].reverse()).json).toBe(first.json);
}

const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString'];
const key = fc.oneof(fc.constantFrom('app', 'version', 'sidecar.istio.io/inject', 'istio-injection', 'istio.io/rev', ...HOSTILE_KEYS), fc.string({ maxLength: 8 }));
const labelMap = fc.dictionary(key, fc.oneof(fc.string({ maxLength: 8 }), fc.boolean(), fc.integer()), { maxKeys: 4 });
const name = fc.constantFrom('db', 'api', 'istiod', 'coredns', 'istio', 'default', '', '__proto__');
const namespace = fc.constantFrom(undefined, 'data', 'default', 'istio-system', 'kube-system');
const kind = fc.constantFrom('Service', 'StatefulSet', 'Deployment', 'Pod', 'ConfigMap', 'Namespace', 'NetworkPolicy', 'Sidecar', 'PeerAuthentication', 'DestinationRule', 'AuthorizationPolicy', 'IstioOperator', 'ClusterConfiguration', 'List', 'Endpoints', 'EndpointSlice');
const apiVersion = fc.constantFrom('v1', 'apps/v1', 'networking.k8s.io/v1', 'networking.istio.io/v1', 'security.istio.io/v1', 'install.istio.io/v1alpha1', 'kubeadm.k8s.io/v1beta3', 'discovery.k8s.io/v1');
const anyValue = fc.anything({ maxDepth: 3, maxKeys: 4, withNullPrototype: false, withObjectString: false, withBigInt: false, withDate: false, withTypedArray: false, withSparseArray: false, withMap: false, withSet: false, withBoxedValues: false });
const podSpec = fc.record(
  {
    subdomain: name,
    containers: fc.array(fc.record({ name, image: fc.constant('x'), args: fc.array(fc.constantFrom('--domain', 'cluster.local', 'corp.internal', 'discovery'), { maxLength: 4 }), ports: fc.array(fc.record({ containerPort: fc.integer({ min: -1, max: 70000 }) }), { maxLength: 2 }) }), { maxLength: 2 }),
  },
  { requiredKeys: [] },
);
const spec = fc.record(
  {
    clusterIP: fc.constantFrom('None', '10.0.0.1', ''),
    selector: fc.oneof(labelMap, fc.record({ matchLabels: labelMap })),
    serviceName: name,
    ports: fc.array(fc.record({ name: fc.string({ maxLength: 6 }), port: fc.oneof(fc.integer({ min: 0, max: 70000 }), fc.string({ maxLength: 4 })) }), { maxLength: 2 }),
    template: fc.record({ metadata: fc.record({ labels: labelMap, annotations: labelMap }, { requiredKeys: [] }), spec: podSpec }, { requiredKeys: [] }),
    junk: anyValue,
  },
  { requiredKeys: [] },
);
const manifest = fc.record(
  {
    apiVersion,
    kind,
    metadata: fc.record({ name, namespace, labels: labelMap, annotations: labelMap }, { requiredKeys: [] }),
    spec,
    data: fc.dictionary(fc.constantFrom('Corefile', 'mesh', 'config', 'values', 'ClusterConfiguration', ...HOSTILE_KEYS), fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('.:53 {\n  kubernetes corp.internal in-addr.arpa\n}\n', 'trustDomain: x\ndefaultConfig:\n  proxyMetadata: {}\n', '[', '{{ .Values.x }}'))),
    items: fc.array(anyValue, { maxLength: 2 }),
  },
  { requiredKeys: ['kind'] },
);

const toYaml = (doc: unknown) => stringify(doc, { version: '1.1' });
const fileOf = fc.array(manifest, { minLength: 1, maxLength: 4 }).map((docs) => docs.map(toYaml).join('---\n'));

/** Mutations a hand edit, a bad merge or a broken generator could make. */
const TOKENS = ['{', '}', '[', ']', ':', '- ', '"', "'", '\t', '\n', '&a', '*a', '!!str ', '|', '>', '#', '%', '@', '`', '---\n', '{{ .Values.x }}', '\u0000', '\ufeff', 'on', '0755', '~'];
type Mutation = (text: string) => string;
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.tuple(fc.nat(), fc.constantFrom(...TOKENS)).map(([at, token]): Mutation => (t) => {
    const i = t.length === 0 ? 0 : at % t.length;
    return t.slice(0, i) + token + t.slice(i + 1);
  }),
  fc.tuple(fc.nat(), fc.integer({ min: 0, max: 0xffff })).map(([at, code]): Mutation => (t) => {
    const i = t.length === 0 ? 0 : at % t.length;
    return t.slice(0, i) + String.fromCharCode(code) + t.slice(i + 1);
  }),
  fc.nat().map((at): Mutation => (t) => {
    const lines = t.split('\n');
    lines.splice(at % lines.length, 1);
    return lines.join('\n');
  }),
  fc.tuple(fc.nat(), fc.integer({ min: -4, max: 4 })).map(([at, shift]): Mutation => (t) => {
    const lines = t.split('\n');
    const i = at % lines.length;
    const line = lines[i] as string;
    lines[i] = shift >= 0 ? ' '.repeat(shift) + line : line.replace(new RegExp(`^ {0,${-shift}}`), '');
    return lines.join('\n');
  }),
  fc.tuple(fc.nat(), fc.constantFrom('name', 'namespace', 'kind', 'apiVersion', 'clusterIP', 'selector', 'metadata', 'spec', '__proto__', 'constructor', 'items')).map(([at, newKey]): Mutation => (t) => {
    const keys = [...t.matchAll(/^(\s*-?\s*)([A-Za-z][\w.-]*):/gm)];
    const m = keys[keys.length === 0 ? 0 : at % keys.length];
    if (!m || m.index === undefined) return t;
    const start = m.index + (m[1] as string).length;
    return t.slice(0, start) + newKey + t.slice(start + (m[2] as string).length);
  }),
  fc.nat().map((at): Mutation => (t) => {
    const lines = t.split('\n');
    const i = at % lines.length;
    lines.splice(i, 0, lines[i] as string);
    return lines.join('\n');
  }),
);

describe('fuzzing', () => {
  it('random manifests: never throws, JSON of the documented shape, deterministic in any file order', () => {
    fc.assert(
      fc.property(fc.array(fileOf, { minLength: 1, maxLength: 3 }), (texts) => {
        checkProperties(texts.map((text, i) => ({ path: `f${i}.yaml`, text })));
      }),
      { numRuns: runs(100) },
    );
  }, timeout);

  it('mutated examples: never throws, JSON of the documented shape, deterministic in any file order', () => {
    expect(exampleFiles.length).toBeGreaterThan(3);
    fc.assert(
      fc.property(fc.subarray(exampleFiles, { minLength: 1, maxLength: 4 }), fc.array(fc.tuple(fc.nat(), mutation), { minLength: 1, maxLength: 5 }), (files, mutations) => {
        const mutated = files.map((f) => ({ ...f, text: f.text }));
        for (const [which, mutate] of mutations) {
          const target = mutated[which % mutated.length] as { text: string };
          target.text = mutate(target.text);
        }
        checkProperties(mutated);
      }),
      { numRuns: runs(120) },
    );
  }, timeout);

  it('random bytes decode to text or to a located error, never a throw', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const decoded = decode(Buffer.from(bytes));
        if ('error' in decoded) expect(bytes.length).toBeGreaterThan(0);
        else expect(typeof decoded.text).toBe('string');
      }),
      { numRuns: runs(300) },
    );
  });
});
