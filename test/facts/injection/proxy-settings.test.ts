import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { facts } from '../../../src/facts/index.js';
import { analysisOf, analysisOfFiles, workload } from '../../helpers/analysis-of.js';
import { corpusDir } from '../../helpers/corpus.js';

const injected = (extraInitArgs = '', proxyArgs = '--domain\n        - $(POD_NAMESPACE).svc.corp.example') => `
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: data}
spec:
  serviceName: db
  selector: {matchLabels: {app: db}}
  template:
    metadata:
      labels: {app: db}
      annotations:
        sidecar.istio.io/status: '{"initContainers":["istio-init","istio-proxy"],"revision":"canary"}'
    spec:
      initContainers:
      - name: istio-init
        image: docker.io/istio/proxyv2:1.24.0
        args: [istio-iptables, -p, "15001", -i, '*', -x, "10.0.0.0/8", -b, '*', -d, "15090,15021,5432"${extraInitArgs}]
      - name: istio-proxy
        image: docker.io/istio/proxyv2:1.24.0
        restartPolicy: Always
        args:
        - proxy
        - sidecar
        - ${proxyArgs}
        env:
        - {name: CA_ADDR, value: istiod-canary.istio-system.svc:15012}
        - {name: TRUST_DOMAIN, value: corp.example}
        - {name: ISTIO_META_DNS_CAPTURE, value: "true"}
        - name: PROXY_CONFIG
          value: |
            {"discoveryAddress":"istiod-canary.istio-system.svc:15012","holdApplicationUntilProxyStarts":true}
      containers:
      - name: db
        image: postgres:16
`;

describe('injection.proxySettings', () => {
  it('reads an injected pod template: istio-init args, the proxy args, env and PROXY_CONFIG', () => {
    const analysis = analysisOf(injected(', -o, "6379"'));
    const s = analysis.use(facts.proxySettings).of(workload(analysis, 'db'));
    expect(s.injected).toBe(true);
    expect(s.clusterDomain).toMatchObject({ value: 'corp.example', text: '$(POD_NAMESPACE).svc.corp.example', source: 'istio-proxy args --domain' });
    expect(s.clusterDomain?.path).toEqual(['spec', 'template', 'spec', 'initContainers', 1, 'args', 3]);
    expect(s.trustDomain?.value).toBe('corp.example');
    expect(s.caAddress?.value).toBe('istiod-canary.istio-system.svc:15012');
    expect(s.discoveryAddress).toMatchObject({ value: 'istiod-canary.istio-system.svc:15012', source: 'istio-proxy env PROXY_CONFIG' });
    expect(s.holdApplicationUntilProxyStarts?.value).toBe(true);
    expect(s.dnsCapture).toMatchObject({ value: true, source: 'istio-proxy env ISTIO_META_DNS_CAPTURE' });
    expect(s.nativeSidecar?.value).toBe(true);
    expect(s.image?.value).toBe('docker.io/istio/proxyv2:1.24.0');
    expect(s.traffic.excludeInboundPorts).toMatchObject({ value: { all: false, items: ['15090', '15021', '5432'] }, source: 'istio-init args -d' });
    expect(s.traffic.includeInboundPorts?.value.all).toBe(true);
    expect(s.traffic.excludeOutboundIPRanges?.value.items).toEqual(['10.0.0.0/8']);
    expect(s.traffic.excludeOutboundPorts).toMatchObject({ value: { items: ['6379'] }, path: ['spec', 'template', 'spec', 'initContainers', 0, 'args', 12] });
  });

  it('reads flags written as --flag=value and a proxy without --domain leaves the domain to the default', () => {
    const analysis = analysisOf(injected(', "--istio-local-outbound-ports-exclude=6379,26379"', '--proxyLogLevel=warning'));
    const s = analysis.use(facts.proxySettings).of(workload(analysis, 'db'));
    expect(s.traffic.excludeOutboundPorts?.value.items).toEqual(['6379', '26379']);
    expect(s.clusterDomain).toBeUndefined();
  });

  it('reads the annotations the injector will read when the template is not injected yet', () => {
    const analysis = analysisOf(`
apiVersion: apps/v1
kind: Deployment
metadata: {name: app, namespace: web}
spec:
  selector: {matchLabels: {app: app}}
  template:
    metadata:
      labels: {app: app}
      annotations:
        traffic.sidecar.istio.io/excludeInboundPorts: "8080, 9090"
        traffic.sidecar.istio.io/excludeOutboundPorts: "5432"
        sidecar.istio.io/nativeSidecar: "false"
        proxy.istio.io/config: |
          holdApplicationUntilProxyStarts: true
          proxyMetadata:
            ISTIO_META_DNS_CAPTURE: "true"
    spec:
      containers:
      - {name: app, image: app:1}
`);
    const s = analysis.use(facts.proxySettings).of(workload(analysis, 'app'));
    expect(s.injected).toBe(false);
    expect(s.traffic.excludeInboundPorts).toMatchObject({ value: { items: ['8080', '9090'] }, source: 'annotation traffic.sidecar.istio.io/excludeInboundPorts' });
    expect(s.traffic.excludeOutboundPorts?.value.items).toEqual(['5432']);
    expect(s.holdApplicationUntilProxyStarts).toMatchObject({ value: true, source: 'annotation proxy.istio.io/config' });
    expect(s.dnsCapture?.value).toBe(true);
    expect(s.nativeSidecar?.value).toBe(false);
    expect(s.clusterDomain).toBeUndefined();
    expect(s.image).toBeUndefined();
  });

  // Istio's own kube-inject golden files: every injected workload's settings come from its containers.
  const corpus = corpusDir();
  const dir = corpus && path.join(corpus, 'istio-inject-testdata');
  it.skipIf(!dir || !existsSync(dir))('reads the settings of Istio\'s kube-inject golden files', () => {
    const file = 'statefulset.injected.yaml';
    const analysis = analysisOfFiles({ [file]: readFileSync(path.join(dir as string, file), 'utf8') });
    const s = analysis.use(facts.proxySettings).of(workload(analysis, 'hello'));
    expect(s.injected).toBe(true);
    expect(s.clusterDomain?.value).toBe('cluster.local');
    expect(s.trustDomain?.value).toBe('cluster.local');
    expect(s.caAddress?.value).toBe('istiod.istio-system.svc:15012');
    expect(s.nativeSidecar?.value).toBe(true);
    expect(s.traffic.excludeInboundPorts?.value.items).toEqual(['15090', '15021', '15020']);
    expect(s.traffic.includeInboundPorts?.value.all).toBe(true);
    // -x "" excludes no CIDR
    expect(s.traffic.excludeOutboundIPRanges?.value).toEqual({ all: false, items: [] });
  });
});
