/** The revisions and tags a control plane serves: istiods and their injector webhooks. */
import { describe, expect, it } from 'vitest';
import { facts } from '../../../src/facts/index.js';
import { analysisOfFiles } from '../../helpers/analysis-of.js';
import { istiod, webhook } from '../../helpers/injection-fixtures.js';

const revisionsOf = (...docs: string[]) => analysisOfFiles({ 'a.yaml': docs.join('---\n') }).use(facts.revisions);

describe('facts.revisions', () => {
  it('a tag installed outside istio-system is read from its label, not its suffixed name', () => {
    const tag = webhook('istio-revision-tag-prod-istio-1', { 'istio.io/tag': 'prod', 'istio.io/rev': '1-24' });
    expect([...(revisionsOf(istiod('1-24'), tag).served ?? [])].sort()).toEqual(['1-24', 'prod']);
  });

  it('a webhook without the chart labels is read by its selectors', () => {
    const entries = `
  - name: rev.namespace.sidecar-injector.istio.io
    namespaceSelector:
      matchExpressions:
        - {key: istio.io/rev, operator: In, values: [blue]}
  - name: namespace.sidecar-injector.istio.io
    namespaceSelector:
      matchLabels: {istio-injection: enabled}
`;
    const revisions = revisionsOf(webhook('istio-injector-custom', {}, entries));
    expect([...(revisions.served ?? [])].sort()).toEqual(['blue', 'default']);
    const blue = revisions.servers.find((s) => s.revision === 'blue');
    expect(blue?.path).toEqual(['webhooks', 0, 'namespaceSelector']);
  });
});
