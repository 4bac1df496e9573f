import { describe, expect, it } from 'vitest';
import { httpProbes, probeRewrite } from '../../../src/facts/transport/http-probes.js';
import { facts } from '../../../src/facts/index.js';
import type { Analysis } from '../../../src/facts/store.js';
import { analysisOf, workload } from '../../helpers/analysis-of.js';

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

/** The probe rewrite of Deployment app/web under the default revision's injector, if the input has one. */
const rewriteOfWeb = (analysis: Analysis) => probeRewrite(workload(analysis, 'web'), analysis.use(facts.injectors)[0]);

describe('httpProbes', () => {
  it('lists httpGet probes with ports resolved by name within their own container', () => {
    const analysis = analysisOf(web());
    expect(httpProbes(workload(analysis, 'web')).map((p) => [p.container, p.kind, p.port])).toEqual([
      ['web', 'readinessProbe', 8080],
      ['web', 'livenessProbe', 9090],
      ['other', 'readinessProbe', undefined],
    ]);
  });
});

describe('probeRewrite', () => {
  it('is on by default', () => {
    const analysis = analysisOf(web());
    expect(rewriteOfWeb(analysis)).toEqual({ enabled: true });
  });
  it('reads the injector values', () => {
    const analysis = analysisOf(web(), injector('false'));
    expect(rewriteOfWeb(analysis)).toMatchObject({ enabled: false, decidedBy: { path: ['data', 'values'] } });
  });
  it('the annotation, read as Go reads booleans, wins over the values; an unreadable one does not', () => {
    const on = analysisOf(web('sidecar.istio.io/rewriteAppHTTPProbers: "True"'), injector('false'));
    expect(rewriteOfWeb(on).enabled).toBe(true);
    const off = analysisOf(web('sidecar.istio.io/rewriteAppHTTPProbers: "0"'));
    expect(rewriteOfWeb(off).enabled).toBe(false);
    const typo = analysisOf(web('sidecar.istio.io/rewriteAppHTTPProbers: "off"'), injector('false'));
    expect(rewriteOfWeb(typo).enabled).toBe(false);
  });
});
