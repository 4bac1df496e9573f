import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

const root = path.resolve(__dirname, '../..');

function run(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = main(['reach', ...args], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), isTTY: false, env: {}, cwd: root });
  return { code, stdout, stderr };
}

describe('headless-lint reach', () => {
  it('explains an allowed connection step by step (exit 0)', () => {
    const r = run('examples/healthy-mesh', '--from', 'app/api', '--to', 'data/db', '--port', '5432');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Deployment app/api -> StatefulSet data/db, TCP 5432: allowed');
    expect(r.stdout).toMatch(/isolated by NetworkPolicy app\/default-deny \(examples\/healthy-mesh\/network-policies\.yaml:\d+:3\)/);
    expect(r.stdout).toContain('allowed by NetworkPolicy data/db ingress rule 1');
  });

  it('says "partial" without --port and lists the allowed ports (exit 1)', () => {
    const r = run('examples/healthy-mesh', '--from', 'app/api', '--to', 'data/db', '--format', 'json');
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json.allowed).toBe('partial');
    expect(json.allowedPorts).toEqual(['5432']);
    expect(json.egress.isolated).toBe(true);
    expect(json.egress.allowedBy.map((p: { policy: string }) => p.policy)).toEqual(['app/api']);
    expect(json.ingress.allowedBy[0]).toMatchObject({ policy: 'data/db', direction: 'ingress', rule: 0, file: 'examples/healthy-mesh/network-policies.yaml' });
  });

  it('denies and names the side that blocks (exit 1)', () => {
    const r = run('examples/netpol-blocks-istiod', '--from', 'shop/cart', '--to', 'istio-system/istiod', '--port', '15012');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('The egress side does not allow TCP 15012.');
  });

  it('answers unknown for traffic only a CNI-dependent match allows (exit 3)', () => {
    const r = run('examples/netpol-blocks-injector', '--from', 'kube-system/kube-apiserver', '--to', 'istio-system/istiod', '--port', '15012', '--format', 'json');
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout).allowed).toBe('unknown');
  });

  it('accepts a CIDR end', () => {
    const r = run('examples/healthy-mesh', '--from', 'data/db', '--to', 'cidr:203.0.113.0/24', '--port', '443', '--protocol', 'tcp');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('addresses 203.0.113.0/24');
  });

  it('refuses an unknown workload with a suggestion (exit 2)', () => {
    const r = run('examples/healthy-mesh', '--from', 'app/apj', '--to', 'data/db');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('did you mean "app/api"?');
  });

  it('refuses bad options (exit 2)', () => {
    expect(run('examples/healthy-mesh', '--from', 'app/api').code).toBe(2);
    expect(run('examples/healthy-mesh', '--from', 'app/api', '--to', 'data/db', '--port', '70000').code).toBe(2);
    expect(run('examples/healthy-mesh', '--from', 'app/api', '--to', 'data/db', '--protocol', 'ICMP').code).toBe(2);
    expect(run('examples/healthy-mesh', '--from', 'app/api', '--to', 'cidr:10.0.0.0').code).toBe(2);
  });
});
