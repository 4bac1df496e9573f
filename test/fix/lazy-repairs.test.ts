/**
 * Repairs are checked by applying them to the file, which costs a parse per finding: a run whose
 * output shows no repair (the text formats) must not pay for them, and one that does gets the
 * same repair as before.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintSources } from '../../src/lint.js';

const file = path.resolve(__dirname, 'cases', 'odd-layout.yaml');

describe('repairs made concrete only when read', () => {
  it('leaves each repair uncomputed until something reads it, then keeps the value', () => {
    const { result } = lintSources([{ path: 'odd-layout.yaml', text: readFileSync(file, 'utf8') }]);
    const fixable = result.findings.filter((f) => Object.getOwnPropertyDescriptor(f, 'autofix')?.get);
    expect(fixable.length).toBe(result.findings.length);
    const finding = fixable.find((f) => f.autofix !== null);
    expect(finding?.autofix?.changes.length).toBeGreaterThan(0);
    const descriptor = Object.getOwnPropertyDescriptor(finding, 'autofix');
    expect(descriptor?.get).toBeUndefined();
    expect(descriptor?.value).toBe(finding?.autofix);
    expect(Object.keys(finding as object)).toContain('suggestions');
    expect(JSON.parse(JSON.stringify(finding)).autofix.changes).toEqual(finding?.autofix?.changes);
  });
});
