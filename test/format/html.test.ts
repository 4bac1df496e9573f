import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatters } from '../../src/api.js';
import { lint } from '../../src/lint.js';
import { runCli, tempTree } from '../e2e/cli-helpers.js';

const examples = path.resolve(__dirname, '../../examples');

describe('--format html', () => {
  it('writes one self-contained page with the picture, a row per finding and its excerpt (-f html=FILE)', () => {
    const out = tempTree({});
    const file = path.join(out, 'report.html');
    const run = runCli(['.', '-f', 'stylish', '-f', `html=${file}`], path.join(examples, 'netpol-blocks-service-traffic'));
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('netpol-blocks-service-traffic');
    const html = readFileSync(file, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html.match(/<g class="node/g)).toHaveLength(3);
    expect(html.match(/<tr class="finding error"/g)).toHaveLength(2);
    expect(html).toContain('href="https://github.com/headless-lint/headless-lint/blob/main/docs/rules/netpol-blocks-service-traffic.md"');
    // the excerpt of api.yaml:20 shows the URL the finding is about
    expect(html).toMatch(/<span class="ln hit"><span class="no">20<\/span>.*postgres:\/\/db-0\.db\.data\.svc\.cluster\.local:5432/);
    // nothing is fetched: no script, stylesheet, image or font from anywhere
    expect(html).not.toMatch(/<(script|link|img|iframe)\b/);
    expect(html).not.toMatch(/url\(\s*['"]?https?:/);
  });

  it('goes to standard output with -f html', () => {
    const run = runCli(['.', '-f', 'html'], path.join(examples, 'healthy-mesh'));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('<svg');
    expect(run.stdout).toContain('No findings.');
  });

  it('shows the excerpt of a file that holds no resource (read again from disk)', () => {
    const run = runCli(['.', '-f', 'html'], path.join(examples, 'unrendered-template'));
    expect(run.stdout).toMatch(/<span class="ln hit"><span class="no">4<\/span>.*\{\{ include &quot;db\.fullname&quot;/);
  });

  it('says when the picture cannot be drawn (a result without its analysis, through the API)', () => {
    const outcome = lint({ paths: ['.'], cwd: path.join(examples, 'dns-name-unresolvable') });
    const html = formatters.html(outcome.result, { cwd: path.join(examples, 'dns-name-unresolvable') });
    expect(html).not.toContain('<svg');
    expect(html).toContain('The picture needs the analysed input');
    expect(html.match(/<tr class="finding/g)).toHaveLength(1);
  });
});
