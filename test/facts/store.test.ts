import { describe, expect, it } from 'vitest';
import { defineFact } from '../../src/facts/define.js';
import { FactStore } from '../../src/facts/store.js';
import { Model } from '../../src/model/model.js';

describe('FactStore', () => {
  it('computes a fact once per run, on first use', () => {
    let runs = 0;
    const counted = defineFact({ id: 'test.counted', description: 'counts its runs', compute: () => ++runs });
    const store = new FactStore(new Model([]));
    expect(runs).toBe(0);
    expect([store.use(counted), store.use(counted)]).toEqual([1, 1]);
    expect(new FactStore(new Model([])).use(counted)).toBe(2);
  });

  it('can be destructured: trace and the picture take { model, use } from the analysis', () => {
    const one = defineFact({ id: 'test.one', description: 'one', compute: () => 1 });
    const { model, use } = new FactStore(new Model([]));
    expect(model.resources).toEqual([]);
    expect(use(one)).toBe(1);
  });

  it('lets a fact use only the facts it declares', () => {
    const base = defineFact({ id: 'test.base', description: 'base', reads: ['Service'], compute: () => 'base' });
    const declared = defineFact({ id: 'test.declared', description: 'declares base', uses: [base], compute: ({ use }) => `${use(base)}+` });
    const undeclared = defineFact({ id: 'test.undeclared', description: 'does not declare base', compute: ({ use }) => use(base) });
    const store = new FactStore(new Model([]));
    expect(store.use(declared)).toBe('base+');
    expect(() => store.use(undeclared)).toThrow('test.undeclared uses fact test.base without declaring it in uses');
  });
});
