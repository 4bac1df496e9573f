import { describe, expect, it } from 'vitest';
import { outboundPolicyOf } from '../../src/facts/mesh/outbound-policy.js';
import { graphOf, workload } from './graph-of.js';

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

describe('outboundPolicyOf', () => {
  it('is ALLOW_ANY by default', () => {
    const g = graphOf(api);
    expect(outboundPolicyOf(g, workload(g, 'api'))).toEqual({ mode: 'ALLOW_ANY' });
  });
  it('reads the mesh config', () => {
    const g = graphOf(api, mesh('REGISTRY_ONLY'));
    expect(outboundPolicyOf(g, workload(g, 'api'))).toMatchObject({ mode: 'REGISTRY_ONLY', decidedBy: { origin: 'ConfigMap istio-system/istio (key mesh)' } });
  });
  it("the caller's Sidecar overrides the mesh config, also from the root namespace", () => {
    const own = graphOf(api, mesh('REGISTRY_ONLY'), sidecar('app', 'ALLOW_ANY'));
    expect(outboundPolicyOf(own, workload(own, 'api')).mode).toBe('ALLOW_ANY');
    const root = graphOf(api, sidecar('istio-system', 'REGISTRY_ONLY'));
    expect(outboundPolicyOf(root, workload(root, 'api'))).toMatchObject({ mode: 'REGISTRY_ONLY', decidedBy: { origin: 'Sidecar istio-system/default (root namespace)' } });
  });
});
