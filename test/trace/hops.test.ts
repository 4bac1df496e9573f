/** Each hop of `trace` on small inputs: its verdict, its reason, and the place it points at. */
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/usage-error.js';
import { lintSources } from '../../src/lint.js';
import { authorizationHop } from '../../src/trace/authorization-hop.js';
import { dnsHop } from '../../src/trace/dns-hop.js';
import { istiodHop } from '../../src/trace/istiod-hop.js';
import { meshHop } from '../../src/trace/mesh-hop.js';
import { worst, type HopBuilder } from '../../src/trace/model.js';
import { networkHop } from '../../src/trace/network-hop.js';
import { serviceHop } from '../../src/trace/service-hop.js';
import { parseTo, resolveEnds } from '../../src/trace/target.js';
import { transportHop } from '../../src/trace/transport-hop.js';
import { client, DB_URL, headlessService, namespaces, peerAuthentication, statefulSet, STRICT } from '../helpers/mesh-fixtures.js';

type Files = Record<string, string>;

const base = (extra: Files = {}): Files => ({
  'namespaces.yaml': namespaces(),
  'db.yaml': `${headlessService()}---\n${statefulSet()}`,
  'api.yaml': client('app', DB_URL),
  ...extra,
});

function setup(files: Files, from = 'app/api', to = 'db-0.db.data:5432') {
  const { analysis } = lintSources(Object.entries(files).map(([path, text]) => ({ path, text })), { rules: [] });
  return { analysis, ends: resolveEnds(analysis, from, to) };
}

const verdict = (hop: HopBuilder) => worst(hop.checks.map((c) => c.verdict));
const notOk = (hop: HopBuilder) => hop.checks.filter((c) => c.verdict !== 'ok');
const line = (hop: HopBuilder, index = 0) => {
  const at = notOk(hop)[index]?.at;
  if (!at) return undefined;
  const located = at.located ?? at.resource.locate(at.path ?? []);
  return `${at.resource.file}:${located.span.start.line}`;
};

describe('trace ends', () => {
  it('reads NAME, NAME:PORT and NS/SERVICE[:PORT]', () => {
    expect(parseTo('DB-0.db.data.:5432')).toEqual({ host: 'db-0.db.data', port: 5432 });
    expect(parseTo('data/db:5432')).toEqual({ host: 'data/db', port: 5432, nsService: { namespace: 'data', service: 'db' } });
    expect(() => parseTo('db:70000')).toThrow(UsageError);
    expect(() => parseTo('a/b/c')).toThrow(/NS\/SERVICE/);
    expect(() => parseTo('db_0')).toThrow(/not a DNS name/);
    expect(() => parseTo('10.0.0.7:5432')).toThrow(/is an address: trace follows DNS names/);
  });

  it('resolves a short per-pod name in the caller namespace, the port from the caller manifest', () => {
    const files = base({ 'peer.yaml': client('data', 'tcp://db-1.db:5432', 'peer') });
    const { ends } = setup(files, 'data/peer', 'db-1.db');
    expect(ends).toMatchObject({ namespace: 'data', parts: { pod: 'db-1', service: 'db' }, port: 5432, portOrigin: 'manifest' });
    expect(ends.service?.name).toBe('db');
    expect(ends.targets.map((w) => w.display)).toEqual(['StatefulSet data/db']);
  });

  it('takes NS/SERVICE as the Service name in the cluster domain, and the only port', () => {
    const { ends } = setup(base(), 'app/api', 'data/db');
    expect(ends).toMatchObject({ name: 'db.data.svc.cluster.local', port: 5432, portOrigin: 'only port' });
  });

  it('refuses an unknown workload with a did-you-mean', () => {
    expect(() => setup(base(), 'app/apj')).toThrow(/no workload "apj" in namespace app; did you mean "app\/api"\?/);
    expect(() => setup(base(), 'api')).toThrow(/must be NS\/WORKLOAD/);
  });
});

describe('hop 1: DNS', () => {
  it('is ok for a name the search path completes to an existing Service', () => {
    const { analysis, ends } = setup(base(), 'app/api', 'db-0.db.data:5432');
    const hop = dnsHop(analysis, ends);
    expect(verdict(hop)).toBe('ok');
    expect(hop.checks.map((c) => c.message)).toContain('"db-0.db.data" is completed by the search path to db-0.db.data.svc.cluster.local');
  });

  it('breaks on another cluster domain, suggesting the right name', () => {
    const { analysis, ends } = setup(base(), 'app/api', 'db-0.db.data.svc.example.org:5432');
    const hop = dnsHop(analysis, ends);
    expect(verdict(hop)).toBe('broken');
    expect(notOk(hop)[0]?.message).toMatch(/cluster domain is "cluster.local"; did you mean "db-0.db.data.svc.cluster.local"\?/);
  });

  it('breaks on a per-pod name past the last replica', () => {
    const { analysis, ends } = setup(base(), 'app/api', 'db-5.db.data:5432');
    expect(notOk(dnsHop(analysis, ends))[0]?.message).toMatch(/did you mean "db-0.db.data"\?/);
  });

  it('breaks when the caller resolves with the node resolver (dnsPolicy Default), pointing at it', () => {
    const api = client('app', DB_URL).replace('      serviceAccountName: api\n', '      serviceAccountName: api\n      dnsPolicy: Default\n');
    const { analysis, ends } = setup(base({ 'api.yaml': api }));
    const hop = dnsHop(analysis, ends);
    expect(verdict(hop)).toBe('broken');
    expect(notOk(hop)[0]?.message).toMatch(/dnsPolicy Default/);
    expect(line(hop)).toBe('api.yaml:13');
  });

  it('is unknown for a Service in a namespace the input lacks', () => {
    const { analysis, ends } = setup(base(), 'app/api', 'cache.other.svc.cluster.local:6379');
    expect(verdict(dnsHop(analysis, ends))).toBe('unknown');
  });

  it('breaks when CoreDNS serves another zone', () => {
    const coredns = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: coredns\n  namespace: kube-system\ndata:\n  Corefile: |\n    .:53 {\n        kubernetes example.org in-addr.arpa {\n          pods insecure\n        }\n        forward . /etc/resolv.conf\n    }\n`;
    const { analysis, ends } = setup(base({ 'coredns.yaml': coredns }), 'app/api', 'db-0.db.data.svc.cluster.local:5432');
    const hop = dnsHop(analysis, ends);
    // The zone decides the cluster domain here, so the name is also in the wrong domain.
    expect(notOk(hop).map((c) => c.message).join('\n')).toMatch(/cluster domain is "example.org"/);
  });
});

describe('hop 2: Service', () => {
  it('breaks when the selector matches no pod template', () => {
    const { analysis, ends } = setup(base({ 'db.yaml': `${headlessService().replace('app: db', 'app: postgres')}---\n${statefulSet()}` }));
    const hop = serviceHop(analysis, ends);
    expect(notOk(hop).map((c) => c.message)).toContain('the selector of Service data/db matches no pod template in namespace data');
    expect(line(hop)).toBe('db.yaml:8');
  });

  it('breaks when a named targetPort names no container port', () => {
    const { analysis, ends } = setup(base({ 'db.yaml': `${headlessService('    - name: tcp-postgres\n      port: 5432\n      targetPort: pg')}---\n${statefulSet()}` }));
    expect(notOk(serviceHop(analysis, ends)).map((c) => c.message)).toContain('targetPort "pg" names no container port of StatefulSet data/db');
  });

  it('is unknown for a port the headless Service does not declare', () => {
    const { analysis, ends } = setup(base(), 'app/api', 'db-0.db.data:9187');
    expect(verdict(serviceHop(analysis, ends))).toBe('unknown');
  });
});

const zookeeper = `apiVersion: v1
kind: Service
metadata:
  name: zk-hs
  namespace: data
spec:
  clusterIP: None
  selector: {app: zk}
  ports:
    - {name: tcp-client, port: 2181}
    - {name: tcp-quorum, port: 2888}
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: zk
  namespace: data
spec:
  serviceName: zk-hs
  replicas: 3
  selector: {matchLabels: {app: zk}}
  template:
    metadata: {labels: {app: zk}}
    spec:
      containers:
        - name: zookeeper
          image: zookeeper:3.9
          env:
            - {name: ZOO_SERVERS, value: "server.1=zk-0.zk-hs:2888:3888;2181 server.2=zk-1.zk-hs:2888:3888;2181"}
`;

describe('hop 2: Service, between replicas', () => {
  it("says what the catalogue knows of a replica's connection to its peer", () => {
    const { analysis, ends } = setup({ 'namespaces.yaml': namespaces(), 'zk.yaml': zookeeper }, 'data/zk', 'zk-1.zk-hs:2888');
    const note = serviceHop(analysis, ends).checks.find((c) => c.message.includes('runs ZooKeeper'));
    expect(note?.message).toMatch(/port 2888 is its \w+ port .*dial by their per-pod names/);
  });

  it('says nothing of the catalogue for a client calling the same port', () => {
    const { analysis, ends } = setup({ 'namespaces.yaml': namespaces(), 'zk.yaml': zookeeper, 'api.yaml': client('app', 'zk-1.zk-hs.data:2888') }, 'app/api', 'zk-1.zk-hs.data:2888');
    expect(serviceHop(analysis, ends).checks.some((c) => c.message.includes('runs ZooKeeper'))).toBe(false);
  });
});

const slice = (ready: boolean, hostname = 'db-0') => `apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: db-abcde
  namespace: data
  labels:
    kubernetes.io/service-name: db
addressType: IPv4
ports:
  - {name: tcp-postgres, port: 5432, protocol: TCP}
endpoints:
  - addresses: [10.244.1.7]
    hostname: ${hostname}
    conditions: {ready: ${ready}}
    targetRef: {kind: Pod, name: ${hostname}, namespace: data}
`;

describe('hop 2: Service, from a cluster dump', () => {
  it('breaks when the live endpoints list the pod as not ready: no DNS record yet', () => {
    const { analysis, ends } = setup(base({ 'slice.yaml': slice(false) }));
    const hop = serviceHop(analysis, ends);
    expect(notOk(hop).map((c) => c.message)).toContain('the live endpoints list db-0 at 10.244.1.7 as not ready: cluster DNS publishes no record for it until it is ready');
    expect(line(hop)).toBe('slice.yaml:12');
  });

  it('is ok when the pod is listed ready, and unknown when it is not listed', () => {
    const listed = setup(base({ 'slice.yaml': slice(true) }));
    expect(verdict(serviceHop(listed.analysis, listed.ends))).toBe('ok');
    const missing = setup(base({ 'slice.yaml': slice(true, 'db-9') }));
    expect(verdict(serviceHop(missing.analysis, missing.ends))).toBe('unknown');
  });

  it('says nothing of live endpoints for manifests without any', () => {
    const { analysis, ends } = setup(base());
    expect(serviceHop(analysis, ends).checks.some((c) => c.message.includes('live endpoints'))).toBe(false);
  });
});

describe('hop 3: mesh membership', () => {
  it('breaks when the caller has no sidecar and the target has one', () => {
    const { analysis, ends } = setup(base({ 'legacy.yaml': client('legacy', DB_URL, 'old') }), 'legacy/old');
    const hop = meshHop(analysis, ends);
    expect(verdict(hop)).toBe('broken');
    expect(notOk(hop)[0]?.message).toMatch(/^Deployment legacy\/old gets no sidecar: namespace legacy has neither istio-injection=enabled/);
  });

  it('is ok when the caller opts out on purpose', () => {
    const api = client('app', DB_URL).replace('        app: api\n', '        app: api\n        sidecar.istio.io/inject: "false"\n');
    const { analysis, ends } = setup(base({ 'api.yaml': api }));
    expect(verdict(meshHop(analysis, ends))).toBe('ok');
  });
});

describe("hop 4: istiod's view", () => {
  it('breaks when the Service is exported only to its own namespace', () => {
    const svc = headlessService(undefined, '  annotations:\n    networking.istio.io/exportTo: "."\n');
    const { analysis, ends } = setup(base({ 'db.yaml': `${svc}---\n${statefulSet()}` }));
    const view = istiodHop(analysis, ends);
    expect(view.callerSeesService).toBe(false);
    expect(notOk(view.hop)[0]?.message).toMatch(/not exported to namespace app/);
    expect(line(view.hop)).toBe('db.yaml:7');
  });

  it("breaks when the caller's Sidecar egress does not list the Service", () => {
    const sidecar = 'apiVersion: networking.istio.io/v1\nkind: Sidecar\nmetadata:\n  name: default\n  namespace: app\nspec:\n  egress:\n    - hosts:\n        - "./*"\n        - "istio-system/*"\n';
    const { analysis, ends } = setup(base({ 'sidecar.yaml': sidecar }));
    const view = istiodHop(analysis, ends);
    expect(notOk(view.hop)[0]?.message).toMatch(/Sidecar app\/default \(by namespace\) scopes Deployment app\/api, and no egress host admits db.data.svc.cluster.local/);
  });

  it('plays no part when neither end has a sidecar', () => {
    const ns = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: data\n';
    const { analysis, ends } = setup({ 'ns.yaml': ns, 'db.yaml': `${headlessService()}---\n${statefulSet()}`, 'api.yaml': client('data', DB_URL) }, 'data/api');
    expect(istiodHop(analysis, ends).hop.checks.map((c) => c.message)).toEqual(['no sidecar on either end: istiod plays no part']);
  });
});

describe('hop 5: network', () => {
  it('breaks on an ingress policy that admits nobody, pointing at it', () => {
    const deny = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny\n  namespace: data\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n';
    const { analysis, ends } = setup(base({ 'deny.yaml': deny }));
    const hop = networkHop(analysis, ends);
    expect(notOk(hop).map((c) => c.message)).toContain('api -> db TCP 5432: ingress of StatefulSet data/db is isolated by NetworkPolicy data/deny and no rule allows TCP 5432');
    expect(line(hop)).toBe('deny.yaml:7');
  });

  it('breaks when the caller may not reach cluster DNS', () => {
    const egress = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: only-db\n  namespace: app\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n    - to:\n        - namespaceSelector: {}\n      ports:\n        - port: 5432\n';
    const { analysis, ends } = setup(base({ 'egress.yaml': egress }));
    const messages = notOk(networkHop(analysis, ends)).map((c) => c.message);
    expect(messages.some((m) => m.startsWith('api -> cluster DNS UDP 53: egress of Deployment app/api is isolated'))).toBe(true);
    expect(messages.some((m) => m.startsWith('api -> db'))).toBe(false);
  });
});

describe('hop 5: network, the target end', () => {
  it('breaks when the target pods may not reach cluster DNS (they resolve their peers)', () => {
    const egress = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: no-egress\n  namespace: data\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n';
    const { analysis, ends } = setup(base({ 'egress.yaml': egress }));
    const messages = notOk(networkHop(analysis, ends)).map((c) => c.message);
    expect(messages).toContain('db -> cluster DNS UDP 53: egress of StatefulSet data/db is isolated by NetworkPolicy data/no-egress and no rule allows UDP 53');
    expect(messages.some((m) => m.startsWith('api -> '))).toBe(false);
  });
});

describe('hop 6: transport', () => {
  it('breaks when a STRICT server gets plaintext from a caller without sidecar', () => {
    const { analysis, ends } = setup(base({ 'legacy.yaml': client('legacy', DB_URL, 'old'), 'pa.yaml': peerAuthentication('data', STRICT) }), 'legacy/old');
    const hop = transportHop(analysis, ends, undefined);
    expect(notOk(hop)[0]?.message).toMatch(/requires mTLS STRICT \(namespace-wide PeerAuthentication data\/default\) but Deployment legacy\/old sends plaintext/);
    expect(line(hop)).toBe('pa.yaml:8');
  });

  it('breaks when a DestinationRule turns TLS off towards a STRICT server', () => {
    const dr = 'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: db\n  namespace: app\nspec:\n  host: db.data.svc.cluster.local\n  trafficPolicy:\n    tls:\n      mode: DISABLE\n';
    const { analysis, ends } = setup(base({ 'dr.yaml': dr, 'pa.yaml': peerAuthentication('data', STRICT) }));
    const hop = transportHop(analysis, ends, true);
    expect(notOk(hop).map((c) => c.message)).toContain('DestinationRule app/db sets tls DISABLE, so the caller sends plaintext to a STRICT server');
  });

  it('reads the protocol Istio gives the port', () => {
    const { analysis, ends } = setup(base());
    expect(transportHop(analysis, ends, true).checks[0]?.message).toBe('port 5432 is TCP to Istio (from name)');
  });
});

describe('hop 7: authorization', () => {
  it('breaks when ALLOW policies admit another principal only', () => {
    const policy = 'apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata:\n  name: db\n  namespace: data\nspec:\n  selector:\n    matchLabels:\n      app: db\n  rules:\n    - from:\n        - source:\n            principals: ["cluster.local/ns/app/sa/other"]\n';
    const { analysis, ends } = setup(base({ 'authz.yaml': policy }));
    const hop = authorizationHop(analysis, ends, true);
    expect(verdict(hop)).toBe('broken');
    expect(notOk(hop)[0]?.message).toMatch(/principals do not include cluster.local\/ns\/app\/sa\/api/);
    expect(line(hop)).toBe('authz.yaml:10');
  });

  it('is ok without policies', () => {
    const { analysis, ends } = setup(base());
    expect(authorizationHop(analysis, ends, true).checks.map((c) => c.message)).toEqual(['no AuthorizationPolicy applies to StatefulSet data/db']);
  });
});
