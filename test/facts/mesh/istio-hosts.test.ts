import { describe, expect, it } from 'vitest';
import { writtenHosts } from '../../../src/facts/mesh/istio-hosts.js';
import { analysisOf } from '../../helpers/analysis-of.js';

describe('writtenHosts', () => {
  it('reads the host fields of each Istio kind, without the Sidecar namespace prefix', () => {
    const { model } = analysisOf(
      `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: vs, namespace: app}
spec:
  hosts: [a]
  tls: [{route: [{destination: {host: b}}]}]
`,
      `
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: sc, namespace: app}
spec:
  egress: [{hosts: ["data/c.data.svc.cluster.local", 7]}]
`,
      `
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: ap, namespace: app}
spec:
  rules: [{to: [{operation: {notHosts: [d]}}]}]
`,
    );
    const hosts = model.resources.flatMap((r) => writtenHosts(r).map((h) => `${r.kind} ${h.host} ${h.path.join('.')}`));
    expect(hosts).toEqual([
      'VirtualService a spec.hosts.0',
      'VirtualService b spec.tls.0.route.0.destination.host',
      'Sidecar c.data.svc.cluster.local spec.egress.0.hosts.0',
      'AuthorizationPolicy d spec.rules.0.to.0.operation.notHosts.0',
    ]);
  });
});
