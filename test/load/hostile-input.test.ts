/**
 * Hostile and odd input: every case ends in a located finding (or nothing, when kubectl would
 * accept the file too), in bounded time, and never hides the other files' findings.
 */
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/engine/types.js';
import { lint, lintSources } from '../../src/lint.js';
import { loadFiles } from '../../src/load/loader.js';

// A ConfigMap no content rule reads, so that only duplicate-resource speaks about it.
const configMap = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: db\n  namespace: data\ndata:\n  a: b\n';
const dupService = { 'z1.yaml': configMap, 'z2.yaml': configMap };

const at = (f: Finding) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`;

function lintText(files: Record<string, string>) {
  return lintSources(Object.entries(files).map(([p, text]) => ({ path: p, text }))).result;
}

/** The other files' findings survive: two copies of one ConfigMap always yield one duplicate-resource finding. */
function expectOthersIntact(findings: Finding[]) {
  expect(findings.filter((f) => f.file === 'z2.yaml').map(at)).toEqual(['z2.yaml:4:9 duplicate-resource']);
}

const dirs: string[] = [];
function tempDir(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'headless-lint-'));
  dirs.push(dir);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('resource exhaustion', () => {
  it.each([
    ['100k unclosed [', '['.repeat(100_000)],
    ['100k balanced []', `${'['.repeat(100_000)}${']'.repeat(100_000)}`],
    ['100k nested flow maps', `a: ${'{a: '.repeat(100_000)}`],
    ['1000 nested block maps', Array.from({ length: 1000 }, (_, i) => `${' '.repeat(i)}a:`).join('\n')],
    ['1000 nested block sequences', Array.from({ length: 1000 }, (_, i) => `${' '.repeat(i * 2)}-`).join('\n')],
  ])('%s: one located yaml-syntax finding, no stack overflow, the rest intact', (_name, text) => {
    // Twice in one run: a recovered stack overflow used to abort the process on the next parse.
    const result = lintText({ 'deep.yaml': text, 'deep2.yaml': text, ...dupService });
    const deep = result.findings.filter((f) => f.file === 'deep.yaml');
    expect(deep.map((f) => f.ruleId)).toEqual(['yaml-syntax']);
    expect(deep[0]?.message).toMatch(/nested more than 200 levels/);
    expect(deep[0]?.line).toBeGreaterThanOrEqual(1);
    expectOthersIntact(result.findings);
  });

  it('keeps documents nested as deep as real manifests get', () => {
    // A custom resource: its schema is not modelled, so only nesting is at stake.
    const text = `apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: deep\nspec:\n  x: ${'['.repeat(150)}${']'.repeat(150)}\n`;
    const result = lintText({ 'ok.yaml': text });
    expect(result.findings).toEqual([]);
    expect(result.summary.resources).toBe(1);
  });

  it('stops an alias bomb ("billion laughs") at a located finding', () => {
    const lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) lines.push(`a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(',')}]`);
    const result = lintText({ 'bomb.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: lol\ndata:\n  ${lines.join('\n  ')}\n`, ...dupService });
    expect(result.findings.filter((f) => f.file === 'bomb.yaml').map(at)).toEqual(['bomb.yaml:1:1 yaml-syntax']);
    expect(result.findings[0]?.message).toMatch(/alias/i);
    expectOthersIntact(result.findings);
  });

  it('reads a 30 MB scalar in bounded time and memory', () => {
    const big = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\n  namespace: data\ndata:\n  blob: ${'x'.repeat(30 * 1024 * 1024)}\n`;
    const result = lintText({ 'big.yaml': big, 'big-too.yaml': big.replace('name: big', 'name: big2') });
    expect(result.findings).toEqual([]);
    expect(result.summary.resources).toBe(2);
  });

  it('walks and lints five thousand files', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 5000; i++) files[`d${i % 50}/cm-${i}.yaml`] = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${i}\n  namespace: ns-${i % 7}\ndata:\n  k: v\n`;
    files['d0/cm-0-copy.yaml'] = files['d0/cm-0.yaml'] as string;
    const dir = tempDir(files);
    const { result, inputErrors } = lint({ paths: ['.'], cwd: dir });
    expect(inputErrors).toEqual([]);
    expect(result.summary.files).toBe(5001);
    expect(result.findings.map(at)).toEqual(['d0/cm-0.yaml:4:9 duplicate-resource']);
  }, 60_000);
});

describe('encodings and odd files', () => {
  const manifest = configMap;
  const utf16be = (text: string) => {
    const le = Buffer.from(text, 'utf16le');
    return Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(le).swap16()]);
  };

  it.each([
    ['UTF-8 with a byte order mark', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(manifest)])],
    ['UTF-16 LE with a byte order mark', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(manifest, 'utf16le')])],
    ['UTF-16 BE with a byte order mark', utf16be(manifest)],
  ])('decodes %s into the same resource', (_name, bytes) => {
    const dir = tempDir({ 'a.yaml': bytes, 'b.yaml': manifest });
    const { result, inputErrors } = lint({ paths: ['.'], cwd: dir });
    expect(inputErrors).toEqual([]);
    // Decoded correctly, the two files describe one object.
    expect(result.findings.map(at)).toEqual(['b.yaml:4:9 duplicate-resource']);
  });

  it.each([
    ['a binary file', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]), '1:1', /binary file/],
    ['invalid UTF-8 on line 3', Buffer.concat([Buffer.from('a: 1\nb: 2\nc: caf'), Buffer.from([0xe9, 0x0a])]), '3:7', /not valid UTF-8.*0xe9/],
    ['UTF-16 without a byte order mark', Buffer.from(manifest, 'utf16le'), '1:2', /UTF-16 text without a byte order mark/],
    ['a git-crypt encrypted file', Buffer.concat([Buffer.from('\u0000GITCRYPT\u0000', 'latin1'), Buffer.from([1, 2, 3, 0xff])]), '1:1', /git-crypt/],
  ])('reports %s at the first offending byte and goes on', (_name, bytes, position, message) => {
    const dir = tempDir({ 'bad.yaml': bytes, ...dupService });
    const { result, inputErrors } = lint({ paths: ['.'], cwd: dir });
    expect(inputErrors).toEqual([]);
    const bad = result.findings.filter((f) => f.file === 'bad.yaml');
    expect(bad.map((f) => `${f.line}:${f.column} ${f.ruleId}`)).toEqual([`${position} yaml-syntax`]);
    expect(bad[0]?.message).toMatch(message);
    expectOthersIntact(result.findings);
  });

  it.each([
    ['an empty file', ''],
    ['a comment-only file', '# nothing here yet\n'],
    ['empty documents between separators', '---\n---\n# c\n---\n'],
    ['an explicit null document', '~\n'],
  ])('accepts %s silently, as kubectl does', (_name, text) => {
    const result = lintText({ 'empty.yaml': text });
    expect(result.findings).toEqual([]);
    expect(result.summary.resources).toBe(0);
  });

  it.each([
    ['a string', 'just some text\n', '1:1', 'a string'],
    ['a number', '42\n', '1:1', 'a number'],
    ['a sequence', '- apiVersion: v1\n  kind: Namespace\n', '1:1', 'a sequence'],
    ['a sequence in the second document', 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n---\n- x\n', '6:1', 'a sequence'],
  ])('reports a document that is %s under yaml-syntax', (_name, text, position, shape) => {
    const result = lintText({ 'doc.yaml': text, ...dupService });
    const found = result.findings.filter((f) => f.file === 'doc.yaml');
    expect(found.map((f) => `${f.line}:${f.column} ${f.ruleId}`)).toEqual([`${position} yaml-syntax`]);
    expect(found[0]?.message).toContain(`this document is ${shape}, not a Kubernetes object`);
    expectOthersIntact(result.findings);
  });
});

describe('file system', () => {
  it('never hangs on a directory symlink to an ancestor', () => {
    const dir = tempDir({ 'sub/svc.yaml': configMap });
    symlinkSync(dir, path.join(dir, 'sub', 'loop'), 'dir');
    symlinkSync(path.join(dir, 'sub'), path.join(dir, 'sub', 'self'), 'dir');
    const { result, inputErrors } = lint({ paths: ['.', 'sub'], cwd: dir });
    expect(inputErrors).toEqual([]);
    expect(result.summary.files).toBe(1);
    expect(result.findings).toEqual([]);
  });

  it('names a missing path and a file that vanished before it was read, and lints the rest', () => {
    const dir = tempDir(dupService);
    const { result, inputErrors } = lint({ paths: ['z1.yaml', 'z2.yaml', 'missing.yaml'], cwd: dir });
    expect(inputErrors).toEqual([{ path: 'missing.yaml', message: 'no such file or directory' }]);
    expectOthersIntact(result.findings);
    const loaded = loadFiles([{ absPath: path.join(dir, 'gone.yaml'), displayPath: 'gone.yaml' }], { defaultNamespace: 'default' });
    expect(loaded.unreadable).toEqual([{ path: 'gone.yaml', message: 'no such file or directory' }]);
  });
});
