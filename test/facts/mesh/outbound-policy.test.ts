import { describe, expect, it } from 'vitest';
import { facts } from '../../../src/facts/index.js';
import type { Analysis } from '../../../src/facts/store.js';
import { analysisOf, workload } from '../../helpers/analysis-of.js';

const api = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: app}
spec:
  template:
    metadata: {labels: {app: api}}
    spec: {containers: [{name: api, image: api}]}
`;
const mesh = (mode: string) => `
apiVersion: v1
kind: ConfigMap
metadata: {name: istio, namespace: istio-system}
data:
  mesh: |-
    outboundTrafficPolicy:
      mode: ${mode}
`;
const sidecar = (namespace: string, mode: string) => `
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: default, namespace: ${namespace}}
spec:
  outboundTrafficPolicy: {mode: ${mode}}
`;

/** The outbound policy of Deployment app/api. */
const policyOfApi = (analysis: Analysis) => analysis.use(facts.outboundPolicy).of(workload(analysis, 'api'));

describe('facts.outboundPolicy', () => {
  it('is ALLOW_ANY by default', () => {
    expect(policyOfApi(analysisOf(api))).toEqual({ mode: 'ALLOW_ANY' });
  });
  it('reads the mesh config', () => {
    expect(policyOfApi(analysisOf(api, mesh('REGISTRY_ONLY')))).toMatchObject({ mode: 'REGISTRY_ONLY', decidedBy: { origin: 'ConfigMap istio-system/istio (key mesh)' } });
  });
  it("the caller's Sidecar overrides the mesh config, also from the root namespace", () => {
    const own = analysisOf(api, mesh('REGISTRY_ONLY'), sidecar('app', 'ALLOW_ANY'));
    expect(policyOfApi(own).mode).toBe('ALLOW_ANY');
    const root = analysisOf(api, sidecar('istio-system', 'REGISTRY_ONLY'));
    expect(policyOfApi(root)).toMatchObject({ mode: 'REGISTRY_ONLY', decidedBy: { origin: 'Sidecar istio-system/default (root namespace)' } });
  });
});
