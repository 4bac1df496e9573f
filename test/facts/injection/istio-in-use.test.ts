import { describe, expect, it } from 'vitest';
import { facts } from '../../../src/facts/index.js';
import { analysisOfFiles } from '../../helpers/analysis-of.js';
import { istiod, namespace } from '../../helpers/injection-fixtures.js';

describe('facts.istioInUse', () => {
  const inUse = (...docs: string[]) => analysisOfFiles({ 'a.yaml': docs.join('---\n') }).use(facts.istioInUse);

  it('an ambient namespace counts as a sign that Istio is in use', () => {
    expect(inUse(namespace('data', { 'istio.io/dataplane-mode': 'ambient' }))).toBe(true);
  });

  it('so do istiod, an Istio API object and injection labels; plain Kubernetes does not', () => {
    expect(inUse(istiod())).toBe(true);
    expect(inUse('apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: default\n')).toBe(true);
    expect(inUse(namespace('data', { 'istio-injection': 'enabled' }))).toBe(true);
    expect(inUse(namespace('data', { team: 'db' }))).toBe(false);
  });
});
