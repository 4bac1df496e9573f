import rule from '../../rules/duplicate-resource.js';
import { findingsOf } from '../helpers/rule-tester.js';
import { expect, it } from 'vitest';

// The cases live in test/rules/duplicate-resource/. A fixture is read in one order: this checks
// that which copy is reported, and what the message lists, do not depend on it.
const svc = (ns: string) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: db\n  namespace: ${ns}\nspec:\n  clusterIP: None\n`;

it('reports the same finding whatever order the files come in', () => {
  const files = { 'a.yaml': svc('data'), 'b.yaml': svc('data'), 'c.yaml': svc('data') };
  const reversed = Object.fromEntries(Object.entries(files).reverse());
  expect(findingsOf(rule, files)).toHaveLength(1);
  expect(findingsOf(rule, reversed)).toEqual(findingsOf(rule, files));
});
