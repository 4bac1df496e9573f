/**
 * Opens the HTML report in headless Chromium (Debian package `chromium`): the page must render
 * the mesh picture (an svg with node elements) and the findings table, and a screenshot is kept
 * under test/artifacts/ (ignored by git) for a human to look at.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/built.js';
import { runCli } from './cli-helpers.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM) && spawnSync(CHROMIUM, ['--version'], { encoding: 'utf8' }).status === 0;
if (!hasChromium) {
  if (process.env.CI) throw new Error(`chromium is not installed at ${CHROMIUM}, but CI must run the HTML report browser test (.ci/run installs it)`);
  console.warn(`skipping the HTML report browser test: chromium is not installed at ${CHROMIUM} (apt-get install chromium)`);
}

const work = mkdtempSync(path.join(tmpdir(), 'headless-lint-chromium-'));
const artifacts = path.join(ROOT, 'test/artifacts');

/** Flags that keep Chromium offline and quiet: no sandbox (containers), no first-run, no background fetches. */
function chromium(...args: string[]): string {
  const profile = mkdtempSync(path.join(work, 'profile-'));
  return execFileSync(
    CHROMIUM,
    ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${profile}`, ...args],
    { encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 32 * 1024 * 1024 },
  );
}

describe.skipIf(!hasChromium)('HTML report in headless Chromium', () => {
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('renders the picture and the findings table, and keeps a screenshot', () => {
    const report = path.join(work, 'report.html');
    const run = runCli(['.', '-f', `html=${report}`], path.join(ROOT, 'examples/netpol-blocks-service-traffic'));
    expect(run.code).toBe(1);
    const url = `file://${report}`;

    // The DOM after parsing and layout, as the browser built it.
    const dom = chromium('--dump-dom', url);
    const svg = /<svg[^>]*aria-label="mesh picture"[\s\S]*?<\/svg>/.exec(dom)?.[0] ?? '';
    expect(svg).not.toBe('');
    expect(svg.match(/<g class="node[^"]*"/g)?.length).toBe(3);
    expect(svg.match(/<g class="edge broken"/g)?.length).toBeGreaterThan(0);
    const table = /<table id="findings">[\s\S]*?<\/table>/.exec(dom)?.[0] ?? '';
    expect(table.match(/<tr class="finding error"/g)).toHaveLength(2);

    mkdirSync(artifacts, { recursive: true });
    const shot = path.join(artifacts, 'html-report.png');
    rmSync(shot, { force: true });
    chromium('--window-size=1400,1000', '--hide-scrollbars', `--screenshot=${shot}`, url);
    expect(existsSync(shot)).toBe(true);
    // A blank page compresses to a few kilobytes; the picture and the table do not.
    expect(statSync(shot).size).toBeGreaterThan(20_000);
  }, 120_000);
});
