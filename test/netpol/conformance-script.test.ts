/**
 * `npm run conformance` prints how the evaluator answers the NetworkPolicy truth tables of
 * ../shared/conformance/netpol; it runs on the built package, so it breaks silently when an
 * internal API moves (it read a graph object that no longer exists).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, ROOT } from '../helpers/built.js';

const tables = path.resolve(ROOT, '../shared/conformance/netpol');

describe('npm run conformance', () => {
  beforeAll(() => ensureBuilt(), 180_000);

  it.skipIf(!existsSync(tables))('runs every truth table through the evaluator and agrees on nearly all verdicts', () => {
    const out = execFileSync(process.execPath, [path.join(ROOT, 'scripts/conformance.mjs'), tables], { cwd: ROOT, encoding: 'utf8' });
    const [, agreed, total] = /(\d+)\/(\d+) verdicts agree/.exec(out) ?? [];
    expect(Number(total)).toBeGreaterThan(100);
    expect(Number(agreed) / Number(total)).toBeGreaterThan(0.98);
  });

  it('says it skipped when there are no tables', () => {
    const out = execFileSync(process.execPath, [path.join(ROOT, 'scripts/conformance.mjs'), path.join(ROOT, 'no-such-folder')], { cwd: ROOT, encoding: 'utf8' });
    expect(out).toMatch(/skipped/);
  });
});
