import { describe, expect, it } from 'vitest';
import { httpProbes, probeRewrite } from '../../src/facts/transport/http-probes.js';
import { graphOf, workload } from './graph-of.js';

const web = (annotations = '') => `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: app}
spec:
  template:
    metadata:
      annotations: {${annotations}}
    spec:
      containers:
        - name: web
          image: web
          ports: [{name: http, containerPort: 8080}]
          readinessProbe: {httpGet: {path: /ready, port: http}}
          livenessProbe: {httpGet: {path: /live, port: "9090"}}
          startupProbe: {tcpSocket: {port: http}}
        - name: other
          image: other
          ports: [{name: admin, containerPort: 7070}]
          readinessProbe: {httpGet: {path: /, port: http}}
`;
const injector = (rewrite: string) => `
apiVersion: v1
kind: ConfigMap
metadata: {name: istio-sidecar-injector, namespace: istio-system}
data:
  values: '{"sidecarInjectorWebhook": {"rewriteAppHTTPProbe": ${rewrite}}}'
`;

describe('httpProbes', () => {
  it('lists httpGet probes with ports resolved by name within their own container', () => {
    const g = graphOf(web());
    expect(httpProbes(workload(g, 'web')).map((p) => [p.container, p.kind, p.port])).toEqual([
      ['web', 'readinessProbe', 8080],
      ['web', 'livenessProbe', 9090],
      ['other', 'readinessProbe', undefined],
    ]);
  });
});

describe('probeRewrite', () => {
  it('is on by default', () => {
    const g = graphOf(web());
    expect(probeRewrite(workload(g, 'web'), g.injectors[0])).toEqual({ enabled: true });
  });
  it('reads the injector values', () => {
    const g = graphOf(web(), injector('false'));
    expect(probeRewrite(workload(g, 'web'), g.injectors[0])).toMatchObject({ enabled: false, decidedBy: { path: ['data', 'values'] } });
  });
  it('the annotation, read as Go reads booleans, wins over the values; an unreadable one does not', () => {
    const on = graphOf(web('sidecar.istio.io/rewriteAppHTTPProbers: "True"'), injector('false'));
    expect(probeRewrite(workload(on, 'web'), on.injectors[0]).enabled).toBe(true);
    const off = graphOf(web('sidecar.istio.io/rewriteAppHTTPProbers: "0"'));
    expect(probeRewrite(workload(off, 'web'), off.injectors[0]).enabled).toBe(false);
    const typo = graphOf(web('sidecar.istio.io/rewriteAppHTTPProbers: "off"'), injector('false'));
    expect(probeRewrite(workload(typo, 'web'), typo.injectors[0]).enabled).toBe(false);
  });
});
