/**
 * `trace` on every example: the broken hop is where the example's story says, carrying the
 * rule of the example. Examples without any workload have nothing to trace from: usage error.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../e2e/cli-helpers.js';

const examplesDir = path.resolve(__dirname, '../../examples');

interface Case {
  from: string;
  to: string;
  exit: 0 | 1 | 2 | 3;
  /** the first hop that is not ok, with its verdict and a rule it must carry */
  first?: { hop: string; verdict: 'broken' | 'unknown'; rule?: string };
  /** a later hop that must also carry a rule */
  also?: { hop: string; verdict: 'broken' | 'unknown'; rule: string };
  /** for exit 2: part of the message */
  error?: string;
}

const MESH = { from: 'app/api', to: 'db-0.db.data:5432' };

const CASES: Record<string, Case> = {
  'healthy-mesh': { ...MESH, exit: 0 },
  'coredns-hides-headless': { ...MESH, exit: 1, first: { hop: 'dns', verdict: 'broken', rule: 'coredns-hides-headless' } },
  'excluded-inbound-port-mtls': { ...MESH, exit: 1, first: { hop: 'transport', verdict: 'broken', rule: 'excluded-inbound-port-mtls' } },
  'hardcoded-cluster-domain': { from: 'app/api', to: 'db.data', exit: 2, error: 'the input has no workload at all' },
  'inject-label-misplaced': { ...MESH, exit: 1, first: { hop: 'mesh', verdict: 'broken', rule: 'inject-label-misplaced' } },
  'injection-revision-missing': { ...MESH, exit: 1, first: { hop: 'mesh', verdict: 'broken', rule: 'injection-revision-missing' } },
  'netpol-blocks-hbone': { ...MESH, exit: 1, first: { hop: 'network', verdict: 'broken', rule: 'netpol-blocks-hbone' } },
  'probe-rewrite-disabled-strict': { from: 'shop/catalog', to: 'catalog-1.catalog', exit: 1, first: { hop: 'transport', verdict: 'broken', rule: 'probe-rewrite-disabled-strict' } },
  // An info finding: the connection itself is fine once the ensemble is up.
  'publish-not-ready-addresses': { from: 'data/zk', to: 'zk-1.zk:2888', exit: 0 },
  // The undeclared port is unknown to the Service hop; REGISTRY_ONLY turns it into a drop at istiod's view.
  'registry-only-blackhole': { from: 'app/api', to: 'db-0.db.data:6432', exit: 1, first: { hop: 'service', verdict: 'unknown' }, also: { hop: 'istiod', verdict: 'broken', rule: 'registry-only-blackhole' } },
  'authorization-policy-denies-caller': { from: 'data/db', to: 'db-1.db:5432', exit: 1, first: { hop: 'authorization', verdict: 'broken', rule: 'authorization-policy-denies-caller' } },
  'cluster-domain-conflict': { from: 'kube-system/coredns', to: 'kubernetes.default:443', exit: 2, error: 'the input has no workload at all' },
  'coredns-domain-mismatch': { from: 'kube-system/coredns', to: 'kubernetes.default:443', exit: 2, error: 'the input has no workload at all' },
  'destination-rule-tls-conflict': { ...MESH, exit: 1, first: { hop: 'transport', verdict: 'broken', rule: 'destination-rule-tls-conflict' } },
  'dns-name-unresolvable': { from: 'data/report', to: 'db-3.db.data:5432', exit: 1, first: { hop: 'dns', verdict: 'broken', rule: 'dns-name-unresolvable' } },
  'duplicate-resource': { from: 'data/db', to: 'db-1.db:5432', exit: 1, first: { hop: 'service', verdict: 'broken', rule: 'duplicate-resource' } },
  'headless-port-mismatch': { from: 'data/db', to: 'db-1.db', exit: 1, first: { hop: 'service', verdict: 'broken', rule: 'headless-port-mismatch' } },
  'headless-port-protocol': { from: 'data/nats', to: 'nats-1.nats:6222', exit: 3, first: { hop: 'transport', verdict: 'unknown', rule: 'headless-port-protocol' } },
  'headless-port-undeclared': { from: 'data/zk', to: 'zk-1.zk-hs:2888', exit: 1, first: { hop: 'service', verdict: 'broken', rule: 'headless-port-undeclared' } },
  'headless-selector-matches-nothing': { from: 'data/db', to: 'db-1.db', exit: 1, first: { hop: 'service', verdict: 'broken', rule: 'headless-selector-matches-nothing' } },
  // A per-pod name under a Service with a cluster IP has no record: DNS fails first.
  'invalid-headless-cluster-ip': { from: 'data/db', to: 'db-1.db', exit: 1, first: { hop: 'dns', verdict: 'broken' }, also: { hop: 'service', verdict: 'broken', rule: 'invalid-headless-cluster-ip' } },
  'istio-injection-label-on-pod': { ...MESH, exit: 3, first: { hop: 'mesh', verdict: 'unknown', rule: 'istio-injection-label-on-pod' } },
  'istio-reserved-port': { from: 'data/cache', to: 'cache-0.cache', exit: 1, first: { hop: 'transport', verdict: 'broken', rule: 'istio-reserved-port' } },
  'istiod-domain-mismatch': { from: 'istio-system/istiod', to: 'kube-dns.kube-system:53', exit: 1, first: { hop: 'istiod', verdict: 'broken', rule: 'istiod-domain-mismatch' } },
  // The misspelt serviceName leaves the pods without hostnames, so the per-pod name fails in DNS.
  'manifest-schema': { from: 'data/db', to: 'db-0.db', exit: 1, first: { hop: 'dns', verdict: 'broken' }, also: { hop: 'service', verdict: 'broken', rule: 'manifest-schema' } },
  'namespace-not-discovered': { ...MESH, exit: 1, first: { hop: 'istiod', verdict: 'broken', rule: 'namespace-not-discovered' } },
  'netpol-blocks-dns': { from: 'streaming/kafka', to: 'kafka-1.kafka:9093', exit: 1, first: { hop: 'network', verdict: 'broken', rule: 'netpol-blocks-dns' } },
  // The API server is no workload; tracing istiod's own webhook port shows the closed ingress.
  'netpol-blocks-injector': { from: 'istio-system/istiod', to: 'istiod.istio-system:443', exit: 1, first: { hop: 'mesh', verdict: 'unknown', rule: 'netpol-blocks-injector' }, also: { hop: 'network', verdict: 'broken', rule: 'netpol-blocks-injector' } },
  'netpol-blocks-istiod': { from: 'shop/cart', to: 'kube-dns.kube-system:53', exit: 1, first: { hop: 'network', verdict: 'broken', rule: 'netpol-blocks-istiod' } },
  'netpol-blocks-service-traffic': { ...MESH, exit: 1, first: { hop: 'network', verdict: 'broken', rule: 'netpol-blocks-service-traffic' } },
  'peer-authentication-strict-non-mesh-caller': { from: 'batch/backup', to: 'db-0.db.data', exit: 1, first: { hop: 'mesh', verdict: 'broken', rule: 'workload-not-injected' }, also: { hop: 'transport', verdict: 'broken', rule: 'peer-authentication-strict-non-mesh-caller' } },
  'pod-dns-policy': { from: 'ops/db-backup', to: 'db-0.db.data', exit: 1, first: { hop: 'dns', verdict: 'broken', rule: 'pod-dns-policy' } },
  'port-protocol-conflict': { from: 'data/db', to: 'db-0.db', exit: 3, first: { hop: 'transport', verdict: 'unknown', rule: 'port-protocol-conflict' } },
  'runs-as-proxy-uid': { from: 'data/worker', to: 'kube-dns.kube-system:53', exit: 1, first: { hop: 'transport', verdict: 'broken', rule: 'runs-as-proxy-uid' } },
  'service-not-exported': { ...MESH, exit: 1, first: { hop: 'istiod', verdict: 'broken', rule: 'service-not-exported' } },
  'service-not-headless': { from: 'data/db', to: 'db-1.db', exit: 1, first: { hop: 'dns', verdict: 'broken' }, also: { hop: 'service', verdict: 'broken', rule: 'service-not-headless' } },
  'sidecar-egress-hides-service': { ...MESH, exit: 1, first: { hop: 'istiod', verdict: 'broken', rule: 'sidecar-egress-hides-service' } },
  'statefulset-service-missing': { from: 'data/db', to: 'db-1.db-hl', exit: 1, first: { hop: 'dns', verdict: 'broken' }, also: { hop: 'service', verdict: 'broken', rule: 'statefulset-service-missing' } },
  'trust-domain-principal-mismatch': { from: 'app/api', to: 'db.data', exit: 2, error: 'the input has no workload at all' },
  // The template file is no manifest; the rendered Service next to it is healthy.
  'unrendered-template': { from: 'data/release-db', to: 'release-db-0.release-db', exit: 0 },
  'workload-not-injected': { ...MESH, exit: 1, first: { hop: 'mesh', verdict: 'broken', rule: 'workload-not-injected' } },
};

interface JsonHop {
  index: number;
  name: string;
  verdict: string;
  rules: string[];
  checks: { verdict: string; message: string; where?: { file: string; line: number } }[];
}

describe('trace on every example', () => {
  const examples = readdirSync(examplesDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name);

  it('has a case for every example folder', () => {
    expect(Object.keys(CASES).sort()).toEqual([...examples].sort());
  });

  for (const [name, c] of Object.entries(CASES)) {
    it(`${name}: ${c.from} -> ${c.to}`, () => {
      const run = runCli(['trace', '.', '--from', c.from, '--to', c.to, '--format', 'json'], path.join(examplesDir, name));
      expect({ code: run.code, stderr: run.stderr }).toMatchObject({ code: c.exit });
      if (c.exit === 2) {
        expect(run.stderr).toContain(c.error);
        return;
      }
      const result = JSON.parse(run.stdout) as { verdict: string; hops: JsonHop[] };
      expect(result.hops.map((h) => h.name)).toEqual(['dns', 'service', 'mesh', 'istiod', 'network', 'transport', 'authorization']);
      const notOk = result.hops.filter((h) => h.verdict !== 'ok');
      if (!c.first) {
        expect(notOk).toEqual([]);
        expect(result.verdict).toBe('ok');
        return;
      }
      const first = notOk[0] as JsonHop;
      expect({ hop: first.name, verdict: first.verdict }).toEqual({ hop: c.first.hop, verdict: c.first.verdict });
      if (c.first.rule) expect(first.rules).toContain(c.first.rule);
      if (c.also) {
        const later = result.hops.find((h) => h.name === c.also?.hop) as JsonHop;
        expect({ verdict: later.verdict, rules: later.rules }).toMatchObject({ verdict: c.also.verdict, rules: expect.arrayContaining([c.also.rule]) });
      }
      // Every check that is not ok says where it comes from, unless it rests on a default.
      expect(notOk.flatMap((h) => h.checks).filter((k) => k.verdict !== 'ok' && k.where).length + notOk.flatMap((h) => h.rules).length).toBeGreaterThan(0);
    });
  }
});
