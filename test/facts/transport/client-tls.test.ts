import { describe, expect, it } from 'vitest';
import { facts } from '../../../src/facts/index.js';
import { servicePorts } from '../../../src/facts/headless/service-ports.js';
import { client, DB_URL, headlessService, namespaces, peerAuthentication, statefulSet } from '../../helpers/mesh-fixtures.js';
import { analysisOf, workload } from '../../helpers/analysis-of.js';

const decide = (...extra: string[]) => {
  const analysis = analysisOf(namespaces(), headlessService(), statefulSet(), client('app', DB_URL), ...extra);
  const service = analysis.model.services[0];
  if (!service) throw new Error('no service');
  return analysis.use(facts.clientTls).of(service, servicePorts(service)[0] as never, workload(analysis, 'api'));
};

describe('facts.clientTls', () => {
  it('auto mTLS sends mTLS to injected pods', () => {
    expect(decide()).toMatchObject({ mtls: true });
  });
  it('a DestinationRule decides when one applies', () => {
    const dr = (mode: string) => `apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: db, namespace: data}\nspec:\n  host: db\n  trafficPolicy: {tls: {mode: ${mode}}}\n`;
    expect(decide(dr('DISABLE'))).toMatchObject({ mtls: false, tls: { mode: 'DISABLE' } });
    expect(decide(dr('ISTIO_MUTUAL'))).toMatchObject({ mtls: true, tls: { mode: 'ISTIO_MUTUAL' } });
  });
  it('auto mTLS falls back to plaintext under a namespace-wide DISABLE, or with auto mTLS off', () => {
    expect(decide(peerAuthentication('data', '  mtls:\n    mode: DISABLE\n'))).toMatchObject({ mtls: false });
    expect(decide('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: istio, namespace: istio-system}\ndata:\n  mesh: "enableAutoMtls: false"\n')).toMatchObject({ mtls: false });
  });
});
