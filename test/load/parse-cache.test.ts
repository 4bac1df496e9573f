/**
 * --cache keeps the values parsing produced, keyed by content: an unchanged file is not parsed
 * again, the results are the same with and without it, and a cache file is trusted for nothing.
 */
import { appendFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/lint.js';
import { cacheKeyOf, ParseCache, type CacheKey } from '../../src/load/parse-cache.js';

const ROOT = path.resolve(__dirname, '../..');
const EXAMPLES = path.join(ROOT, 'examples');
const KEY: CacheKey = { version: '1.0.0', config: { rules: {} }, ruleIds: ['a', 'b'] };

const scratch = () => mkdtempSync(path.join(tmpdir(), 'headless-lint-cache-'));

/** Lints a folder with the cache at `location`, saves it, and returns what was found and what the cache did. */
function run(dir: string, location: string, key: CacheKey = KEY) {
  const cache = new ParseCache(location, cacheKeyOf(key));
  const { result } = lint({ paths: [dir], cwd: dir, cache });
  expect(cache.save()).toBeUndefined();
  return { findings: JSON.stringify(result.findings), summary: result.summary, hits: cache.hits, misses: cache.misses, discarded: cache.discarded };
}

function withoutCache(dir: string): string {
  return JSON.stringify(lint({ paths: [dir], cwd: dir }).result.findings);
}

describe('the parse cache', () => {
  it('gives the same findings, positions included, as a run without it, on every example, cold and warm', () => {
    const location = path.join(scratch(), 'cache');
    let reused = 0;
    for (const example of readdirSync(EXAMPLES)) {
      const dir = path.join(EXAMPLES, example);
      const expected = withoutCache(dir);
      expect(run(dir, location).findings, `${example}, cold`).toBe(expected);
      const warm = run(dir, location);
      expect(warm.findings, `${example}, warm`).toBe(expected);
      reused += warm.hits;
    }
    // The warm runs must really have come from the cache for the comparison to mean anything.
    expect(reused).toBeGreaterThan(50);
  });

  it('parses again exactly the files whose content changed', () => {
    const dir = scratch();
    cpSync(path.join(EXAMPLES, 'healthy-mesh'), dir, { recursive: true });
    const location = path.join(dir, '.headless-lintcache');
    const cold = run(dir, location);
    expect(cold.hits).toBe(0);
    const files = cold.misses;
    expect(files).toBeGreaterThan(2);
    const changed = path.join(dir, readdirSync(dir).find((f) => f.endsWith('.yaml'))!);
    appendFileSync(changed, '# a comment\n');
    const warm = run(dir, location);
    expect({ hits: warm.hits, misses: warm.misses }).toEqual({ hits: files - 1, misses: 1 });
    expect(warm.findings).toBe(withoutCache(dir));
  });

  it('sees an edit that changes a finding (a value cached for the old content is not reused)', () => {
    const dir = scratch();
    cpSync(path.join(EXAMPLES, 'istiod-domain-mismatch'), dir, { recursive: true });
    const location = path.join(dir, 'cache');
    const broken = run(dir, location);
    expect(broken.summary.errors).toBeGreaterThan(0);
    const istiod = path.join(dir, 'istiod.yaml');
    writeFileSync(istiod, readFileSync(istiod, 'utf8').replace(/--domain\n(\s*)- cluster\.local/, '--domain\n$1- corp.internal'));
    const fixed = run(dir, location);
    expect(fixed.findings).toBe(withoutCache(dir));
    expect(fixed.summary.errors).toBeLessThan(broken.summary.errors);
  });

  it.each([
    ['the tool version', { ...KEY, version: '1.0.1' }],
    ['the configuration', { ...KEY, config: { rules: { 'pod-dns-policy': 'off' } } }],
    ['the rule set', { ...KEY, ruleIds: ['a', 'b', 'c'] }],
  ])('starts afresh when %s changes', (_what, key) => {
    const dir = path.join(EXAMPLES, 'healthy-mesh');
    const location = path.join(scratch(), 'cache');
    run(dir, location);
    const after = run(dir, location, key);
    expect(after.hits).toBe(0);
    expect(after.discarded).toMatch(/another version, configuration or rule set/);
    // ...and what it wrote is then valid for the new key.
    expect(run(dir, location, key).misses).toBe(0);
  });

  it.each([
    ['random bytes', Buffer.from('not a cache at all \u0000\u0001')],
    ['a truncated cache', () => readFileSync(goodCache()).subarray(0, 40)],
    ['another program\'s serialised data', serialize({ some: 'thing' })],
    ['entries of the wrong type', serialize({ format: 'headless-lint parse cache 1', key: cacheKeyOf(KEY), entries: new Map([['h', 'text']]) })],
    ['an entry that does not decode', serialize({ format: 'headless-lint parse cache 1', key: cacheKeyOf(KEY), entries: new Map([['h', Buffer.from([0xff, 0x0f])]]) })],
    ['an empty file', Buffer.alloc(0)],
  ])('ignores and rewrites %s, never trusting it, never failing', (_what, content) => {
    const dir = path.join(EXAMPLES, 'istiod-domain-mismatch');
    const location = path.join(scratch(), 'cache');
    writeFileSync(location, typeof content === 'function' ? content() : content);
    const first = run(dir, location);
    expect(first.findings).toBe(withoutCache(dir));
    expect(first.hits).toBe(0);
    expect(run(dir, location).misses).toBe(0);
  });

  it('keeps only the files the last run read', () => {
    const dir = scratch();
    cpSync(path.join(EXAMPLES, 'healthy-mesh'), dir, { recursive: true });
    const location = path.join(scratch(), 'cache');
    const all = run(dir, location).misses;
    const one = path.join(dir, readdirSync(dir).find((f) => f.endsWith('.yaml'))!);
    run(one, location);
    expect(run(dir, location)).toMatchObject({ hits: 1, misses: all - 1 });
  });

  it('reports, not throws, when it cannot write', () => {
    const cache = new ParseCache(path.join(scratch(), 'a-file', 'cache'), cacheKeyOf(KEY));
    writeFileSync(path.join(path.dirname(path.dirname(cache.location)), 'a-file'), 'in the way');
    expect(cache.save()).toMatch(/cannot write the cache/);
  });
});

function goodCache(): string {
  const location = path.join(scratch(), 'cache');
  run(path.join(EXAMPLES, 'healthy-mesh'), location);
  return location;
}
