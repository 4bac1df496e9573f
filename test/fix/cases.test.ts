/**
 * Hand-written inputs in layouts the examples do not use, each beside `<case>.fixed.yaml`, the
 * exact bytes --fix must produce: comments, flow maps, quoting, indentation and the other
 * documents stay as written; a second --fix changes nothing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixSources } from '../../src/fix/fixer.js';

const dir = path.resolve(__dirname, 'cases');
const cases = readdirSync(dir).filter((f) => f.endsWith('.yaml') && !f.endsWith('.fixed.yaml'));

describe('--fix on odd layouts', () => {
  it.each(cases)('%s', (name) => {
    const text = readFileSync(path.join(dir, name), 'utf8');
    const expected = readFileSync(path.join(dir, name.replace(/\.yaml$/, '.fixed.yaml')), 'utf8');
    for (const [eol, convert] of [['LF', (t: string) => t], ['CRLF', (t: string) => t.replace(/\n/g, '\r\n')]] as const) {
      const run = fixSources([{ path: name, text: convert(text) }]);
      expect(run.texts.get(name), eol).toBe(convert(expected));
      const again = fixSources([{ path: name, text: convert(expected) }]);
      expect(again.applied, eol).toBe(0);
    }
  });
});
