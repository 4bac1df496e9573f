/** --istio-version and istioVersion: how the release reaches the run, and where a run shows it. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseOptions } from '../../src/cli/options.js';
import { formatStylish } from '../../src/format/stylish.js';
import type { LintResult } from '../../src/engine/types.js';
import { runCli, tempTree } from '../e2e/cli-helpers.js';

const example = (name: string) => path.resolve(__dirname, '../../examples', name);

const noTag = `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels: {istio-injection: enabled}
`;

describe('--istio-version', () => {
  it('takes 1.22, 1.22.3 or v1.22.3 and refuses anything else with a usage error', () => {
    expect(parseOptions(['--istio-version', '1.22.3', '.'], []).istioVersion).toBe('1.22.3');
    expect(parseOptions(['--istio-version', 'v1.9', '.'], []).istioVersion).toBe('v1.9');
    expect(() => parseOptions(['--istio-version', 'latest', '.'], [])).toThrow(/--istio-version "latest" is not an Istio release/);
  });

  it('sets the version of the JSON summary, which otherwise comes from the input', () => {
    const fromInput = runCli(['-f', 'json', '.'], example('istiod-domain-mismatch'));
    expect(JSON.parse(fromInput.stdout).summary.istioVersion).toMatchObject({ version: '1.24.0', source: 'istiod-image', assumed: false });
    const set = runCli(['-f', 'json', '--istio-version', 'v1.21.2', '.'], example('istiod-domain-mismatch'));
    expect(JSON.parse(set.stdout).summary.istioVersion).toMatchObject({ version: '1.21.2', source: '--istio-version', assumed: false });
  });

  it('istioVersion in the config file does the same, named by the file', () => {
    const dir = tempTree({ 'ns.yaml': noTag, '.headless-lint.yaml': 'istioVersion: "1.20"\n' });
    const run = runCli(['-f', 'json', '.'], dir);
    expect(JSON.parse(run.stdout).summary.istioVersion).toMatchObject({ version: '1.20', source: '.headless-lint.yaml', assumed: false });
  });

  it('is assumed (the newest supported release) when nothing shows it; --stats and trace say which', () => {
    const dir = tempTree({ 'ns.yaml': noTag });
    const run = runCli(['-f', 'json', '--stats', '.'], dir);
    const summary = JSON.parse(run.stdout).summary;
    expect(summary.istioVersion).toMatchObject({ source: 'assumed', assumed: true, dependsOn: [] });
    expect(run.stderr).toMatch(/^istio \d+\.\d+ \(assumed: the newest supported release\)$/m);
    const traced = runCli(['trace', '.', '--from', 'app/api', '--to', 'db-0.db.data:5432'], example('healthy-mesh'));
    expect(traced.stdout.split('\n')[1]).toMatch(/^Istio 1\.24\.0 \(image docker\.io\/istio\/pilot:1\.24\.0 of Deployment istio-system\/istiod\)$/);
  });

  it('stylish says once per run when verdicts depended on an assumed release, and not otherwise', () => {
    const result = (dependsOn: string[], assumed = true): LintResult => ({ version: 1, findings: [], suppressed: [], summary: { files: 1, documents: 1, resources: 1, errors: 0, warnings: 0, infos: 0, istioVersion: { version: '1.30', source: 'assumed', detail: '', assumed, dependsOn } } });
    expect(formatStylish(result(['inbound-forwarding']), { color: false })).toContain('judged as 1.30 (the newest supported) where it matters (inbound-forwarding)');
    expect(formatStylish(result([]), { color: false })).toBe('');
    expect(formatStylish(result(['inbound-forwarding'], false), { color: false })).toBe('');
  });
});
