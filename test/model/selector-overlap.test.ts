import { describe, expect, it } from 'vitest';
import { fromLabelSelector } from '../../src/model/selector.js';
import { commonLabels } from '../../src/model/selector-overlap.js';

const KEYS = ['istio-injection', 'istio.io/rev'];
const sel = (matchExpressions: { key: string; operator: string; values?: string[] }[], matchLabels?: Record<string, string>) => fromLabelSelector({ matchExpressions, matchLabels });

describe('commonLabels', () => {
  it('finds the value both In sets allow', () => {
    expect(commonLabels(sel([{ key: 'istio.io/rev', operator: 'In', values: ['a', 'b'] }]), sel([{ key: 'istio.io/rev', operator: 'In', values: ['b', 'c'] }]), KEYS)).toEqual({ 'istio.io/rev': 'b' });
  });

  it('has none when the In sets are disjoint, or a NotIn removes the only shared value', () => {
    expect(commonLabels(sel([{ key: 'istio.io/rev', operator: 'In', values: ['a'] }]), sel([{ key: 'istio.io/rev', operator: 'In', values: ['b'] }]), KEYS)).toBeUndefined();
    expect(commonLabels(sel([{ key: 'istio.io/rev', operator: 'In', values: ['a'] }]), sel([{ key: 'istio.io/rev', operator: 'NotIn', values: ['a'] }]), KEYS)).toBeUndefined();
  });

  it('has none when one requires a key the other forbids', () => {
    expect(commonLabels(sel([{ key: 'istio-injection', operator: 'In', values: ['enabled'] }]), sel([{ key: 'istio-injection', operator: 'DoesNotExist' }]), KEYS)).toBeUndefined();
    expect(commonLabels(sel([{ key: 'istio-injection', operator: 'Exists' }]), sel([{ key: 'istio-injection', operator: 'DoesNotExist' }]), KEYS)).toBeUndefined();
  });

  it('leaves a key absent when only NotIn and DoesNotExist speak of it', () => {
    expect(commonLabels(sel([{ key: 'istio-injection', operator: 'NotIn', values: ['disabled'] }]), sel([{ key: 'istio-injection', operator: 'DoesNotExist' }]), KEYS)).toEqual({});
  });

  it('picks a value outside NotIn for Exists', () => {
    expect(commonLabels(sel([{ key: 'istio-injection', operator: 'Exists' }]), sel([{ key: 'istio-injection', operator: 'NotIn', values: ['enabled'] }]), KEYS)).toEqual({ 'istio-injection': 'true' });
  });

  it('takes a key outside the compared ones as absent: a selector needing it matches nothing', () => {
    const deactivated = sel([], { 'istio.io/deactivated': 'never-match' });
    expect(commonLabels(deactivated, sel([]), KEYS)).toBeUndefined();
    expect(commonLabels(sel([{ key: 'team', operator: 'NotIn', values: ['x'] }]), sel([]), KEYS)).toEqual({});
  });

  it('matches nothing for an invalid selector', () => {
    expect(commonLabels(sel([{ key: 'istio.io/rev', operator: 'Bogus' }]), sel([]), KEYS)).toBeUndefined();
  });

  it('combines matchLabels with matchExpressions', () => {
    expect(commonLabels(sel([{ key: 'istio.io/rev', operator: 'DoesNotExist' }], { 'istio-injection': 'enabled' }), sel([{ key: 'istio-injection', operator: 'In', values: ['enabled', 'x'] }]), KEYS)).toEqual({ 'istio-injection': 'enabled' });
  });
});
