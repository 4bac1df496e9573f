import { describe, expect, it } from 'vitest';
import { allowed, evaluatorOf, namespace, pod, policy, verdict } from './helpers.js';

const withPorts = (ns: string, name: string, ports: string) =>
  pod(ns, name).replace('      image: example/' + name, `      image: example/${name}\n      ports:\n${ports}`);

describe('isolation and policyTypes', () => {
  const base = [pod('shop', 'web'), pod('shop', 'worker')];

  it('allows everything when no policy selects either pod', () => {
    const np = evaluatorOf(base);
    expect(allowed(np, 'shop/web', 'shop/worker', 'TCP', 80)).toBe(true);
    expect(allowed(np, 'shop/web', 'shop/worker')).toBe(true);
  });

  it('without policyTypes or egress, a policy isolates ingress only', () => {
    const np = evaluatorOf([...base, policy('shop', 'p', '  podSelector: {}')]);
    const v = verdict(np, 'shop/web', 'shop/worker', 'TCP', 80);
    expect(v.allowed).toBe(false);
    expect(v.egress.isolated).toBe(false);
    expect(v.ingress.isolated).toBe(true);
  });

  it('an egress rule without policyTypes isolates egress too', () => {
    const np = evaluatorOf([...base, policy('shop', 'p', '  podSelector: {matchLabels: {app: web}}\n  egress:\n    - ports: [{port: 443}]')]);
    expect(verdict(np, 'shop/web', 'shop/worker', 'TCP', 80).egress.isolated).toBe(true);
    expect(allowed(np, 'shop/web', 'shop/worker', 'TCP', 80)).toBe(false);
    expect(allowed(np, 'shop/web', 'shop/worker', 'TCP', 443)).toBe(true);
  });

  it('egress: [] without policyTypes does not isolate egress', () => {
    const np = evaluatorOf([...base, policy('shop', 'p', '  podSelector: {matchLabels: {app: web}}\n  ingress: [{}]\n  egress: []')]);
    expect(verdict(np, 'shop/web', 'shop/worker', 'TCP', 80).egress.isolated).toBe(false);
  });

  it('policyTypes [Egress] leaves ingress alone even with an ingress section', () => {
    const np = evaluatorOf([...base, policy('shop', 'p', '  podSelector: {}\n  policyTypes: [Egress]\n  egress: [{}]\n  ingress:\n    - from: [{podSelector: {matchLabels: {none: x}}}]')]);
    expect(allowed(np, 'shop/web', 'shop/worker', 'TCP', 80)).toBe(true);
  });

  it('needs both the egress of the source and the ingress of the destination', () => {
    const np = evaluatorOf([
      ...base,
      policy('shop', 'in', '  podSelector: {matchLabels: {app: worker}}\n  ingress:\n    - from: [{podSelector: {matchLabels: {app: web}}}]'),
      policy('shop', 'out', '  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Egress]'),
    ]);
    const v = verdict(np, 'shop/web', 'shop/worker', 'TCP', 80);
    expect(v.ingress.allowed.has(80)).toBe(true);
    expect(v.allowed).toBe(false);
  });

  it('unions the rules of every policy that selects the pod', () => {
    const np = evaluatorOf([
      ...base,
      policy('shop', 'deny', '  podSelector: {}\n  policyTypes: [Ingress]'),
      policy('shop', 'a', '  podSelector: {matchLabels: {app: worker}}\n  ingress:\n    - ports: [{port: 80}]'),
      policy('shop', 'b', '  podSelector: {matchLabels: {app: worker}}\n  ingress:\n    - ports: [{port: 81}]'),
    ]);
    expect(allowed(np, 'shop/web', 'shop/worker', 'TCP', 80)).toBe(true);
    expect(allowed(np, 'shop/web', 'shop/worker', 'TCP', 81)).toBe(true);
    expect(allowed(np, 'shop/web', 'shop/worker', 'TCP', 82)).toBe(false);
    expect(verdict(np, 'shop/web', 'shop/worker').ingress.isolatedBy.map((p) => p.name)).toEqual(['deny', 'a', 'b']);
  });
});

describe('peers and selectors', () => {
  const docs = [namespace('front', { tier: 'web' }), namespace('back'), pod('front', 'web'), pod('back', 'web'), pod('back', 'db'), pod('front', 'other', { role: 'x' })];
  const dbIngress = (from: string) => policy('back', 'db', `  podSelector: {matchLabels: {app: db}}\n  ingress:\n    - from:\n${from}`);

  it('a podSelector-only peer stays in the policy namespace', () => {
    const np = evaluatorOf([...docs, dbIngress('        - podSelector: {matchLabels: {app: web}}')]);
    expect(allowed(np, 'back/web', 'back/db', 'TCP', 5432)).toBe(true);
    expect(allowed(np, 'front/web', 'back/db', 'TCP', 5432)).toBe(false);
  });

  it('namespaceSelector and podSelector in one peer are ANDed, in two peers ORed', () => {
    const and = evaluatorOf([...docs, dbIngress('        - namespaceSelector: {matchLabels: {tier: web}}\n          podSelector: {matchLabels: {app: web}}')]);
    expect(allowed(and, 'front/web', 'back/db', 'TCP', 1)).toBe(true);
    expect(allowed(and, 'front/other', 'back/db', 'TCP', 1)).toBe(false);
    expect(allowed(and, 'back/web', 'back/db', 'TCP', 1)).toBe(false);
    const or = evaluatorOf([...docs, dbIngress('        - namespaceSelector: {matchLabels: {tier: web}}\n        - podSelector: {matchLabels: {app: web}}')]);
    expect(allowed(or, 'front/other', 'back/db', 'TCP', 1)).toBe(true);
    expect(allowed(or, 'back/web', 'back/db', 'TCP', 1)).toBe(true);
  });

  it('matches the automatic kubernetes.io/metadata.name label, even for namespaces without a manifest', () => {
    const np = evaluatorOf([...docs, pod('ops', 'probe'), dbIngress('        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ops}}')]);
    expect(allowed(np, 'ops/probe', 'back/db', 'TCP', 1)).toBe(true);
    expect(allowed(np, 'front/web', 'back/db', 'TCP', 1)).toBe(false);
  });

  it('evaluates matchExpressions; NotIn and DoesNotExist match objects without the key', () => {
    const expr = (e: string) => evaluatorOf([...docs, dbIngress(`        - namespaceSelector: {}\n          podSelector: {matchExpressions: [${e}]}`)]);
    expect(allowed(expr('{key: role, operator: NotIn, values: [y]}'), 'front/web', 'back/db', 'TCP', 1)).toBe(true);
    expect(allowed(expr('{key: role, operator: NotIn, values: [x]}'), 'front/other', 'back/db', 'TCP', 1)).toBe(false);
    expect(allowed(expr('{key: role, operator: In, values: [x, y]}'), 'front/web', 'back/db', 'TCP', 1)).toBe(false);
    expect(allowed(expr('{key: role, operator: Exists}'), 'front/other', 'back/db', 'TCP', 1)).toBe(true);
    expect(allowed(expr('{key: role, operator: DoesNotExist}'), 'front/other', 'back/db', 'TCP', 1)).toBe(false);
    expect(allowed(expr('{key: role, operator: DoesNotExist}'), 'front/web', 'back/db', 'TCP', 1)).toBe(true);
  });

  it('an empty namespaceSelector means every pod but no external address; an absent from means both', () => {
    const selectors = evaluatorOf([...docs, dbIngress('        - namespaceSelector: {}')]);
    expect(allowed(selectors, 'front/web', 'back/db', 'TCP', 1)).toBe(true);
    expect(allowed(selectors, 'cidr:203.0.113.0/24', 'back/db', 'TCP', 1)).toBe(false);
    const open = evaluatorOf([...docs, policy('back', 'db', '  podSelector: {matchLabels: {app: db}}\n  ingress:\n    - ports: [{port: 5432}]')]);
    expect(allowed(open, 'cidr:203.0.113.0/24', 'back/db', 'TCP', 5432)).toBe(true);
  });

  it('a peer the API server would reject matches nothing', () => {
    const np = evaluatorOf([...docs, dbIngress('        - {}')]);
    expect(allowed(np, 'back/web', 'back/db', 'TCP', 1)).toBe(false);
  });
});

describe('ports', () => {
  const dst = withPorts('shop', 'dns', '        - {name: dns, containerPort: 5353, protocol: UDP}\n        - {name: metrics, containerPort: 9153}');
  const docs = [pod('shop', 'client'), dst];
  const ingress = (ports: string) => evaluatorOf([...docs, policy('shop', 'p', `  podSelector: {matchLabels: {app: dns}}\n  ingress:\n    - ports: ${ports}`)]);

  it('defaults the protocol to TCP', () => {
    const np = ingress('[{port: 9153}]');
    expect(allowed(np, 'shop/client', 'shop/dns', 'TCP', 9153)).toBe(true);
    expect(allowed(np, 'shop/client', 'shop/dns', 'UDP', 9153)).toBe(false);
  });

  it('includes both ends of an endPort range', () => {
    const np = ingress('[{port: 8000, endPort: 8010}]');
    expect([7999, 8000, 8010, 8011].map((p) => allowed(np, 'shop/client', 'shop/dns', 'TCP', p))).toEqual([false, true, true, false]);
  });

  it('resolves a named port on the destination pod, by name and protocol', () => {
    expect(allowed(ingress('[{port: dns, protocol: UDP}]'), 'shop/client', 'shop/dns', 'UDP', 5353)).toBe(true);
    expect(allowed(ingress('[{port: dns}]'), 'shop/client', 'shop/dns', 'TCP', 5353)).toBe(false);
    expect(allowed(ingress('[{port: missing}]'), 'shop/client', 'shop/dns')).toBe(false);
  });

  it('a named egress port never matches an external address', () => {
    const np = evaluatorOf([...docs, policy('shop', 'p', '  podSelector: {matchLabels: {app: client}}\n  policyTypes: [Egress]\n  egress:\n    - ports: [{port: https}]')]);
    expect(allowed(np, 'shop/client', 'cidr:198.51.100.7/32')).toBe(false);
  });

  it('answers "partial" with the allowed ports when no port is asked', () => {
    const v = verdict(ingress('[{port: 80}, {port: 8000, endPort: 8002}]'), 'shop/client', 'shop/dns', 'TCP');
    expect(v.allowed).toBe('partial');
    expect(v.allowedPorts.describe()).toBe('80, 8000-8002');
  });

  it('a port entry with a protocol and no port covers that whole protocol only', () => {
    const np = ingress('[{protocol: UDP}]');
    expect(allowed(np, 'shop/client', 'shop/dns', 'UDP')).toBe(true);
    expect(allowed(np, 'shop/client', 'shop/dns', 'TCP')).toBe(false);
  });
});

describe('ipBlock, hostNetwork and assumed pods', () => {
  const docs = [pod('shop', 'client'), pod('shop', 'server'), pod('shop', 'agent', { app: 'agent' }, '\n  hostNetwork: true')];
  const serverIngress = (from: string) => evaluatorOf([...docs, policy('shop', 'p', `  podSelector: {matchLabels: {app: server}}\n  ingress:\n    - from:\n${from}`)]);

  it('pod traffic allowed only by an ipBlock over private ranges is unknown', () => {
    const np = serverIngress('        - ipBlock: {cidr: 10.0.0.0/8}');
    const v = verdict(np, 'shop/client', 'shop/server', 'TCP', 80);
    expect(v.allowed).toBe('unknown');
    expect(v.ingress.matches[0]?.doubt).toMatch(/network plugin/);
  });

  it('an ipBlock whose private part is all excepted cannot match pods', () => {
    expect(allowed(serverIngress('        - ipBlock: {cidr: 10.0.0.0/8, except: [10.0.0.0/8]}'), 'shop/client', 'shop/server', 'TCP', 80)).toBe(false);
    expect(allowed(serverIngress('        - ipBlock: {cidr: 198.51.100.0/24}'), 'shop/client', 'shop/server', 'TCP', 80)).toBe(false);
  });

  it('matches external ranges against cidr minus except', () => {
    const np = serverIngress('        - ipBlock: {cidr: 198.51.100.0/24, except: [198.51.100.128/25]}');
    expect(allowed(np, 'cidr:198.51.100.0/25', 'shop/server', 'TCP', 80)).toBe(true);
    expect(allowed(np, 'cidr:198.51.100.200/32', 'shop/server', 'TCP', 80)).toBe(false);
    expect(allowed(np, 'cidr:198.51.100.0/24', 'shop/server', 'TCP', 80)).toBe('unknown');
  });

  it('never isolates hostNetwork pods; selectors match their traffic only maybe', () => {
    const np = evaluatorOf([...docs, policy('shop', 'deny', '  podSelector: {}\n  policyTypes: [Ingress, Egress]')]);
    expect(verdict(np, 'shop/agent', 'shop/agent', 'TCP', 1).ingress.isolated).toBe(false);
    const sel = serverIngress('        - podSelector: {matchLabels: {app: agent}}');
    expect(allowed(sel, 'shop/agent', 'shop/server', 'TCP', 80)).toBe('unknown');
  });

  it('always allows traffic between a pod and its own node, even under default-deny', () => {
    const np = evaluatorOf([...docs, policy('shop', 'deny', '  podSelector: {}\n  policyTypes: [Ingress, Egress]')]);
    const server = np.find('shop', 'server')[0]!;
    expect(np.evaluate({ kind: 'node' }, { kind: 'pods', group: server }, 'TCP', 8080).allowed).toBe(true);
    expect(np.evaluate({ kind: 'pods', group: server }, { kind: 'node' }, 'TCP', 10250).allowed).toBe(true);
    expect(allowed(np, 'shop/client', 'shop/server', 'TCP', 8080)).toBe(false);
  });

  it('assumes CoreDNS in kube-system only when the input has no DNS pods', () => {
    const assumed = evaluatorOf(docs);
    expect(assumed.dnsPods.map((g) => g.assumed !== undefined)).toEqual([true]);
    const real = evaluatorOf([...docs, pod('kube-system', 'coredns-abc', { 'k8s-app': 'kube-dns' })]);
    expect(real.dnsPods.map((g) => g.name)).toEqual(['coredns-abc']);
  });
});
