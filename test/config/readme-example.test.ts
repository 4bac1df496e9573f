/** The README's configuration example is a valid configuration file. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { loadConfig } from '../../src/config/load.js';
import { scratch } from '../helpers/cli.js';

describe('README configuration example', () => {
  it('passes the schema and the rule-id check', () => {
    const readme = readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Configuration file'));
    const example = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
    expect(example).toContain('rules:');
    const dir = scratch({ '.headless-lint.yaml': example! });
    const config = loadConfig('.headless-lint.yaml', rules.map((r) => r.meta.id), dir);
    expect(config.unlistedNamespaces).toBe('unknown');
    expect(config.dnsPodLabels).toEqual({ 'k8s-app': 'kube-dns' });
  });
});
