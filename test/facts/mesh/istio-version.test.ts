import { describe, expect, it } from 'vitest';
import { facts } from '../../../src/facts/index.js';
import { versionOfImage, versionOfRevision } from '../../../src/facts/mesh/istio-version.js';
import { latestIstio } from '../../../src/knowledge/istio-behaviour.js';
import { analysisOf, analysisOfFiles } from '../../helpers/analysis-of.js';

const istiod = (image: string, rev?: string) => `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: istiod${rev ? `-${rev}` : ''}
  namespace: istio-system
  labels: {app: istiod${rev ? `, istio.io/rev: ${rev}` : ''}}
spec:
  template:
    metadata:
      labels: {app: istiod}
    spec:
      containers:
        - name: discovery
          image: ${image}
          args: [discovery, --domain, cluster.local]
`;

const injectedPod = (proxyImage: string) => `
apiVersion: v1
kind: Pod
metadata:
  name: web-0
  namespace: shop
  ownerReferences:
    - {apiVersion: apps/v1, kind: StatefulSet, name: web, uid: 1, controller: true}
spec:
  containers:
    - {name: web, image: example/web:1}
    - {name: istio-proxy, image: ${proxyImage}, args: [proxy, sidecar]}
`;

const statefulSet = `
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web, namespace: shop}
spec:
  serviceName: web
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - {name: web, image: example/web:1}
`;

describe('the Istio version', () => {
  it("reads istiod's image tag, distroless or not", () => {
    const v = analysisOf(istiod('docker.io/istio/pilot:1.22.3-distroless')).use(facts.istioVersion);
    expect(v).toMatchObject({ version: '1.22.3', source: 'istiod-image', assumed: false });
    expect(v.path).toEqual(['spec', 'template', 'spec', 'containers', 0, 'image']);
  });

  it("reads the proxy image of a live pod when istiod is not in the input (the template the user edits has no proxy)", () => {
    const v = analysisOf(statefulSet, injectedPod('gcr.io/istio-release/proxyv2:1.20.8')).use(facts.istioVersion);
    expect(v).toMatchObject({ version: '1.20.8', source: 'proxy-image', assumed: false });
    expect(v.resource?.display).toBe('Pod shop/web-0');
  });

  it('reads a versioned revision name when no image has a tag', () => {
    const v = analysisOf(istiod('docker.io/istio/pilot@sha256:0123', '1-21-2')).use(facts.istioVersion);
    expect(v).toMatchObject({ version: '1.21.2', source: 'revision' });
    expect(versionOfRevision('asm-1-22')).toBe('1.22');
    expect(versionOfRevision('canary')).toBeUndefined();
    expect(versionOfRevision('default')).toBeUndefined();
  });

  it('--istio-version (or the config file) comes first', () => {
    const v = analysisOfFiles({ 'i.yaml': istiod('docker.io/istio/pilot:1.22.3') }, { istioVersion: { value: '1.9.5', origin: '--istio-version' } }).use(facts.istioVersion);
    expect(v).toMatchObject({ version: '1.9.5', source: 'setting', detail: '--istio-version', assumed: false });
    expect(v.evidence.map((e) => e.source)).toEqual(['setting', 'istiod-image']);
    expect(v.behaviour('inbound-forwarding')).toMatchObject({ value: 'localhost', assumed: false });
    expect([...v.consulted]).toEqual([]);
  });

  it('assumes the latest supported release when nothing shows it, and records what depended on it', () => {
    const v = analysisOf(istiod('docker.io/istio/pilot:latest'), statefulSet).use(facts.istioVersion);
    expect(v).toMatchObject({ version: latestIstio(), source: 'assumed', assumed: true });
    expect(v.behaviour('native-sidecars')).toMatchObject({ assumed: true });
    v.behaviour('native-sidecars');
    expect([...v.consulted]).toEqual(['native-sidecars']);
  });

  it('reads tags as Istio tags: not latest, not a digest, not a registry port', () => {
    expect(versionOfImage('localhost:5000/istio/pilot:1.23.1')).toBe('1.23.1');
    expect(versionOfImage('localhost:5000/istio/pilot')).toBeUndefined();
    expect(versionOfImage('docker.io/istio/pilot:1.23.1@sha256:abc')).toBe('1.23.1');
    expect(versionOfImage('docker.io/istio/pilot:latest')).toBeUndefined();
    expect(versionOfImage('docker.io/istio/proxyv2:1.24-dev')).toBe('1.24');
  });
});
