/** discoverySelectors: which namespaces istiod watches. */
import { describe, expect, it } from 'vitest';
import { discovered } from '../../../src/facts/mesh/discovery.js';
import { namespaceInfo } from '../../../src/model/namespaces.js';
import { fromLabelSelector } from '../../../src/model/selector.js';

describe('discovered', () => {
  const known = (name: string, labels: Record<string, string>) =>
    namespaceInfo(name, { labels } as unknown as Parameters<typeof namespaceInfo>[1], 'unknown');
  const unknown = (name: string) => namespaceInfo(name, undefined, 'unknown');
  const sel = (s: unknown) => [fromLabelSelector(s)];

  it('selects everything without selectors', () => {
    expect(discovered(undefined, unknown('x'))).toBe('yes');
    expect(discovered([], unknown('x'))).toBe('yes');
  });
  it('ORs the selectors over the namespace labels, including the automatic name label', () => {
    const selectors = [fromLabelSelector({ matchLabels: { env: 'prod' } }), fromLabelSelector({ matchLabels: { 'kubernetes.io/metadata.name': 'data' } })];
    expect(discovered(selectors, known('a', { env: 'prod' }))).toBe('yes');
    expect(discovered(selectors, unknown('data'))).toBe('yes');
    expect(discovered(selectors, known('b', { env: 'dev' }))).toBe('no');
  });
  it('is unsure for a namespace not in the input, unless its name is rejected', () => {
    expect(discovered(sel({ matchLabels: { env: 'prod' } }), unknown('b'))).toBe('maybe');
    expect(discovered(sel({ matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['a'] }] }), unknown('b'))).toBe('no');
    expect(discovered(sel({ matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['b'] }, { key: 'env', operator: 'Exists' }] }), unknown('b'))).toBe('no');
  });
});
