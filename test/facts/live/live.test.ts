import { describe, expect, it } from 'vitest';
import { facts } from '../../../src/facts/index.js';
import { podStatusOf } from '../../../src/facts/live/pod-status.js';
import { analysisOf, service, workload } from '../../helpers/analysis-of.js';

const svc = `
apiVersion: v1
kind: Service
metadata: {name: db, namespace: data}
spec:
  clusterIP: None
  selector: {app: db}
  ports: [{name: tcp-pg, port: 5432}]
`;
const slice = `
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: db-x7k2p
  namespace: data
  labels: {kubernetes.io/service-name: db}
addressType: IPv4
ports: [{name: tcp-pg, port: 5432, protocol: TCP}]
endpoints:
  - addresses: [10.244.1.5]
    hostname: db-0
    conditions: {ready: true}
    targetRef: {kind: Pod, name: db-0, namespace: data}
  - addresses: [10.244.2.6]
    hostname: db-1
    conditions: {ready: false}
    targetRef: {kind: Pod, name: db-1, namespace: data}
`;
const legacy = `
apiVersion: v1
kind: Endpoints
metadata: {name: db, namespace: data}
subsets:
  - addresses: [{ip: 10.244.1.5, hostname: db-0}]
    notReadyAddresses: [{ip: 10.244.2.6, hostname: db-1}]
    ports: [{name: tcp-pg, port: 5432}]
`;
const pod = `
apiVersion: v1
kind: Pod
metadata:
  name: db-0
  namespace: data
  labels: {app: db}
  ownerReferences: [{apiVersion: apps/v1, kind: StatefulSet, name: db, uid: u, controller: true}]
spec:
  initContainers: [{name: istio-proxy, image: proxyv2:1.27.0, restartPolicy: Always}]
  containers: [{name: pg, image: postgres:16}]
status:
  phase: Running
  podIP: 10.244.1.5
  conditions: [{type: Ready, status: "False"}]
  initContainerStatuses:
    - {name: istio-proxy, ready: false, restartCount: 4, state: {waiting: {reason: CrashLoopBackOff}}, lastState: {terminated: {reason: OOMKilled}}}
  containerStatuses:
    - {name: pg, ready: true, restartCount: 0, state: {running: {}}}
`;

describe('live endpoints', () => {
  it('reads ready and not-ready addresses, hostnames, ports and pods from EndpointSlices', () => {
    const a = analysisOf(svc, slice, pod);
    const live = a.use(facts.liveEndpoints).of(service(a, 'data', 'db'));
    expect(live?.endpoints.map((e) => [e.address, e.ready, e.hostname, e.pod?.name])).toEqual([
      ['10.244.1.5', true, 'db-0', 'db-0'],
      ['10.244.2.6', false, 'db-1', undefined],
    ]);
    expect(live?.ports).toEqual([{ name: 'tcp-pg', port: 5432, protocol: 'TCP' }]);
  });

  it('falls back to the Endpoints object, and has no answer when the input holds neither', () => {
    const a = analysisOf(svc, legacy);
    expect(a.use(facts.liveEndpoints).of(service(a, 'data', 'db'))?.endpoints.map((e) => [e.hostname, e.ready])).toEqual([
      ['db-0', true],
      ['db-1', false],
    ]);
    const bare = analysisOf(svc);
    expect(bare.use(facts.liveEndpoints).of(service(bare, 'data', 'db'))).toBeUndefined();
  });
});

describe('live pod status', () => {
  it("reads phase, IP, readiness and the proxy's state, a native sidecar included", () => {
    const a = analysisOf(pod);
    const status = podStatusOf(a.model.get('Pod', 'data', 'db-0')!);
    expect(status).toMatchObject({ phase: 'Running', podIP: '10.244.1.5', ready: false });
    expect(status?.proxy).toMatchObject({ init: true, ready: false, restartCount: 4, state: 'waiting', reason: 'CrashLoopBackOff', lastReason: 'OOMKilled', path: ['status', 'initContainerStatuses', 0] });
    expect(a.use(facts.livePods).of(workload(a, 'db-0')).map((s) => s.pod.name)).toEqual(['db-0']);
  });

  it('a manifest without status has none', () => {
    const a = analysisOf(pod.replace(/status:[\s\S]*$/, ''));
    expect(podStatusOf(a.model.get('Pod', 'data', 'db-0')!)).toBeUndefined();
  });
});
