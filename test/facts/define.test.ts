import { describe, expect, it } from 'vitest';
import { defineFact, kindsOf } from '../../src/facts/define.js';

describe('defineFact', () => {
  it('refuses badly named facts and undefined uses (an import cycle)', () => {
    expect(() => defineFact({ id: 'Bad-Name', description: 'x', compute: () => 0 })).toThrow('dotted camelCase');
    expect(() => defineFact({ id: 'test.cycle', description: 'x', uses: [undefined as never], compute: () => 0 })).toThrow('an import cycle?');
  });

  it('gathers the kinds a fact reads itself and through the facts it uses, each once', () => {
    const services = defineFact({ id: 'test.services', description: 'reads Services', reads: ['Service', 'Service'], compute: () => 0 });
    const both = defineFact({ id: 'test.both', description: 'reads Namespaces, uses services', reads: ['Namespace'], uses: [services], compute: () => 0 });
    expect(services.reads).toEqual(['Service']);
    expect(kindsOf([both, services]).sort()).toEqual(['Namespace', 'Service']);
  });
});
