/**
 * `trace` on every example: the broken hop is where the example's story says (its trace.txt),
 * carrying the rule of the example. Examples without any workload have nothing to trace from: usage error.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultKustomizeCommand } from '../../src/load/kustomize-build.js';
import { runCli } from '../e2e/cli-helpers.js';

const examplesDir = path.resolve(__dirname, '../../examples');

interface Expectation {
  hop: string;
  verdict: 'broken' | 'unknown';
  rule?: string;
}

interface Case {
  from: string;
  to: string;
  exit: number;
  /** the first hop that is not ok, with its verdict and a rule it must carry */
  first?: Expectation;
  /** a later hop that must also carry a rule */
  also?: Expectation;
  /** for exit 2: part of the message */
  error?: string;
  /** a multi-cluster example: NAME=PATH pairs, passed as --cluster */
  clusters?: string[];
}

/**
 * Each example states its own trace in trace.txt: `from:`, `to:`, `exit:` and, where a hop is not
 * ok, `first: HOP VERDICT [RULE]`, `also: HOP VERDICT RULE`, or `error: TEXT` for exit 2; a
 * multi-cluster example gives `clusters: NAME=PATH ...`.
 */
function readCase(dir: string): Case {
  const fields = new Map<string, string>();
  for (const line of readFileSync(path.join(dir, 'trace.txt'), 'utf8').split('\n')) {
    const m = /^(\w+):\s*(.*)$/.exec(line.trim());
    if (m && !line.startsWith('#')) fields.set(m[1] as string, (m[2] as string).trim());
  }
  const expectation = (text: string | undefined): Expectation | undefined => {
    if (!text) return undefined;
    const [hop, verdict, rule] = text.split(/\s+/);
    if (!hop || (verdict !== 'broken' && verdict !== 'unknown')) throw new Error(`${dir}/trace.txt: "${text}" must be HOP broken|unknown [RULE]`);
    return { hop, verdict, rule };
  };
  const from = fields.get('from');
  const to = fields.get('to');
  const exit = Number(fields.get('exit'));
  if (!from || !to || !Number.isInteger(exit)) throw new Error(`${dir}/trace.txt needs from:, to: and exit:`);
  const clusters = fields.get('clusters')?.split(/\s+/).filter(Boolean);
  return { from, to, exit, first: expectation(fields.get('first')), also: expectation(fields.get('also')), error: fields.get('error'), clusters };
}

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

  it('every example folder states its trace', () => {
    expect(examples.filter((name) => !existsSync(path.join(examplesDir, name, 'trace.txt')))).toEqual([]);
  });

  for (const name of examples.filter((n) => existsSync(path.join(examplesDir, n, 'trace.txt')))) {
    const c = readCase(path.join(examplesDir, name));
    // An example of Kustomize overlays needs a Kustomize to render (test/examples.test.ts fails CI without one).
    const needsKustomize = existsSync(path.join(examplesDir, name, 'overlays')) && !defaultKustomizeCommand();
    it.skipIf(needsKustomize)(`${name}: ${c.from} -> ${c.to}`, () => {
      const inputs = c.clusters ? c.clusters.flatMap((spec) => ['--cluster', spec]) : ['.'];
      const run = runCli(['trace', ...inputs, '--from', c.from, '--to', c.to, '--format', 'json'], path.join(examplesDir, name));
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
