/**
 * Lint and trace read the same facts, so they cannot disagree; and "headless" has one definition.
 * Both cases failed before facts were defined once: trace judged DNS without NodeLocal DNSCache,
 * and rules took any clusterIP None for headless, even on a Service the API server rejects.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/lint.js';
import { trace } from '../../src/trace/trace.js';
import { facts } from '../../src/facts/index.js';

const fixture = (name: string) => path.resolve(__dirname, '../fixtures/agreement', name);

describe('lint and trace agree', () => {
  it('DNS allowed only to NodeLocal DNSCache: no netpol-blocks-dns, and the network hop is ok', () => {
    const outcome = lint({ paths: ['.'], cwd: fixture('nodelocal-dns'), useIgnoreFile: false });
    expect(outcome.result.findings.filter((f) => f.ruleId === 'netpol-blocks-dns')).toEqual([]);
    const api = outcome.analysis.model.workloads.find((w) => w.name === 'api');
    const reach = api && outcome.analysis.use(facts.dnsReachability).of(api);
    expect(reach?.asks && reach.paths.map((p) => [p.udp.allowed, p.tcp.allowed, p.udp.viaAddress?.address])).toEqual([[true, true, '169.254.20.10']]);
    const result = trace(outcome.analysis, outcome.result.findings, 'app/api', 'db-0.db.data:5432');
    const network = result.hops.find((h) => h.name === 'network');
    expect(network?.verdict).toBe('ok');
    const dnsChecks = network?.checks.filter((c) => c.message.includes('api -> cluster DNS')) ?? [];
    expect(dnsChecks.map((c) => c.verdict)).toEqual(['ok', 'ok']);
  });

  it('the same caller without the NodeLocal rule: both say DNS is blocked', () => {
    const outcome = lint({ paths: ['.'], cwd: fixture('dns-blocked'), useIgnoreFile: false });
    expect(outcome.result.findings.filter((f) => f.ruleId === 'netpol-blocks-dns').map((f) => f.resource?.name)).toEqual(['api']);
    const network = trace(outcome.analysis, outcome.result.findings, 'app/api', 'db-0.db.data:5432').hops.find((h) => h.name === 'network');
    expect(network?.verdict).toBe('broken');
  });
});

describe('one definition of headless', () => {
  it('a NodePort Service with clusterIP None is rejected, and no rule reasons about it as headless', () => {
    const outcome = lint({ paths: ['.'], cwd: fixture('nodeport-none'), useIgnoreFile: false });
    expect(outcome.result.findings.map((f) => `${f.line}:${f.column} ${f.ruleId}`)).toEqual(['16:9 invalid-headless-cluster-ip']);
    const service = outcome.analysis.model.get('Service', 'data', 'db');
    expect(service && outcome.analysis.use(facts.headless).isHeadless(service)).toBe(false);
  });
});
