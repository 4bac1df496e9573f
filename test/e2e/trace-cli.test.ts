/** `headless-lint trace` as users run it: text and JSON, exit codes, usage errors. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './cli-helpers.js';

const example = (name: string) => path.resolve(__dirname, '../../examples', name);

describe('headless-lint trace', () => {
  it('prints every hop with its checks, the place behind them, the findings and a one-line verdict', () => {
    const run = runCli(['trace', '.', '--from', 'app/api', '--to', 'db-0.db.data:5432'], example('netpol-blocks-service-traffic'));
    expect(run.code).toBe(1);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('trace app/api -> db-0.db.data:5432');
    expect(lines.filter((l) => /^\d\. /.test(l)).map((l) => l.replace(/:.*?: /, ': '))).toEqual([
      '1. DNS: ok',
      '2. Service: ok',
      '3. mesh membership: ok',
      "4. istiod's view: ok",
      '5. network: broken',
      '6. transport: ok',
      '7. authorization: ok',
    ]);
    expect(run.stdout).toMatch(/ {3}BROKEN {2}api -> db TCP 5432: ingress of StatefulSet data\/db is isolated by NetworkPolicy data\/db-ingress and no rule allows TCP 5432 \(db\.yaml:\d+:\d+\)/);
    expect(run.stdout).toMatch(/ {3}rule {4}api\.yaml:20:33 error netpol-blocks-service-traffic: /);
    expect(lines.at(-1)).toBe('Deployment app/api -> db-0.db.data:5432: broken at hop 5 network (netpol-blocks-service-traffic)');
  });

  it('exits 0 on the healthy mesh, with JSON on request', () => {
    const run = runCli(['trace', '.', '--from', 'app/api', '--to', 'db-0.db.data:5432', '--format', 'json'], example('healthy-mesh'));
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { verdict: string; port: number; hops: { verdict: string; checks: { where?: { file: string } }[] }[] };
    expect(result).toMatchObject({ from: 'app/api', to: 'db-0.db.data:5432', port: 5432, verdict: 'ok' });
    expect(result.hops.every((h) => h.verdict === 'ok')).toBe(true);
    expect(result.hops[0]?.checks.some((c) => c.where?.file === 'coredns.yaml')).toBe(true);
  });

  it('exits 3 when only unknown hops remain', () => {
    const run = runCli(['trace', '.', '--from', 'data/nats', '--to', 'nats-1.nats:6222'], example('headless-port-protocol'));
    expect(run.code).toBe(3);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toMatch(/unknown at hop 6 transport \(headless-port-protocol\)$/);
  });

  it('exits 2 with a did-you-mean on an unknown workload, and on missing options', () => {
    const unknown = runCli(['trace', '.', '--from', 'app/apy', '--to', 'db'], example('healthy-mesh'));
    expect(unknown).toMatchObject({ code: 2, stdout: '' });
    expect(unknown.stderr).toBe('headless-lint: --from: no workload "apy" in namespace app; did you mean "app/api"?\n');
    expect(runCli(['trace', '.', '--from', 'app/api'], example('healthy-mesh'))).toMatchObject({ code: 2, stderr: expect.stringContaining('--to NAME[:PORT]') });
    expect(runCli(['trace', '.', '--from', 'app/api', '--to', 'db', '-f', 'xml'], example('healthy-mesh'))).toMatchObject({ code: 2, stderr: expect.stringContaining('use text or json') });
    expect(runCli(['trace', '--bogus'], example('healthy-mesh')).code).toBe(2);
  });

  it('has help, and the main help lists the subcommands', () => {
    expect(runCli(['trace', '--help'], example('healthy-mesh')).stdout).toMatch(/^Usage: headless-lint trace <paths...> --from NS\/WORKLOAD --to NAME\[:PORT\]/);
    const help = runCli(['--help'], example('healthy-mesh')).stdout;
    for (const sub of ['explain', 'graph', 'reach', 'trace']) expect(help).toContain(`headless-lint ${sub} `);
    expect(help).toContain('github or html');
  });
});

describe('headless-lint graph', () => {
  it('has help', () => {
    const run = runCli(['graph', '--help'], example('healthy-mesh'));
    expect(run).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Usage: headless-lint graph <paths...> \[--format mermaid\|dot\|svg\]/) });
  });
});
