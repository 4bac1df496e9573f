import { describe, expect, it } from 'vitest';
import { describeSelector, matches } from '../../src/model/selector.js';
import { parseSelectorString } from '../../src/text/selector-string.js';

describe('parseSelectorString', () => {
  it('reads equality, set and existence requirements', () => {
    const s = parseSelectorString('environment in (staging, qa),application=nginx,tier!=cache,!legacy,team');
    expect(s && describeSelector(s)).toBe('environment in (staging,qa),application=nginx,tier notin (cache),!legacy,team');
  });

  it('matches as Kubernetes does: != and notin accept an absent key', () => {
    const s = parseSelectorString('tier!=cache,zone notin (a)');
    if (!s) throw new Error('unparsed');
    expect(matches(s, {})).toBe(true);
    expect(matches(s, { tier: 'cache' })).toBe(false);
  });

  it('an empty selector selects everything', () => {
    expect(parseSelectorString('')?.requirements).toEqual([]);
  });

  it('refuses what it does not understand', () => {
    expect(parseSelectorString('tier gt 3')).toBeUndefined();
    expect(parseSelectorString('a in (b')).toBeUndefined();
    expect(parseSelectorString('a=b,')).toBeUndefined();
  });
});
