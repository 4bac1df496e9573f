import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, scratch } from '../helpers/cli.js';
import { BROKEN, istiod, KUBELET } from '../helpers/output-fixtures.js';

const RULE = 'istiod-domain-mismatch';

describe('configuration file', () => {
  it('is found from the working directory upward and sets rule severities', () => {
    const dir = scratch({ ...BROKEN, '.headless-lint.yaml': `rules:\n  ${RULE}: warning\n` });
    const sub = path.join(dir, 'sub');
    mkdirSync(sub);
    const run = cli(['--format', 'json', '..'], sub);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).findings.map((f: { severity: string }) => f.severity)).toEqual(['warning']);
  });

  it('.yml and headless-lint.config.json are read too; --config names one explicitly', () => {
    for (const [name, text] of [
      ['.headless-lint.yml', `rules: {${RULE}: off}\n`],
      ['headless-lint.config.json', JSON.stringify({ rules: { [RULE]: 'off' } })],
      ['conf/mine.yaml', `rules: {${RULE}: off}\n`],
    ] as const) {
      const dir = scratch({ ...BROKEN, [name]: text });
      const args = name.startsWith('conf/') ? ['--config', name] : [];
      expect(cli([...args, '.'], dir).code, name).toBe(0);
    }
  });

  it('--no-config-lookup skips the file', () => {
    const dir = scratch({ ...BROKEN, '.headless-lint.yaml': `rules: {${RULE}: off}\n` });
    expect(cli(['--no-config-lookup', '.'], dir).code).toBe(1);
  });

  it('sets cluster facts: clusterDomain, defaultNamespace', () => {
    const dir = scratch({ 'istiod.yaml': istiod({ domain: 'corp.internal' }), '.headless-lint.yaml': 'clusterDomain: example.org\n' });
    const run = cli(['-f', 'json', '.'], dir);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).findings[0].message).toContain('"example.org"');
  });

  it('CLI flags override the file', () => {
    const dir = scratch({ ...BROKEN, '.headless-lint.yaml': `rules: {${RULE}: off}\nfailOn: info\nmaxWarnings: 3\nignorePatterns: [vendor/]\n` });
    expect(cli(['--rule', `${RULE}=error`, '.'], dir).code).toBe(1);
    const printed = JSON.parse(cli(['--print-config', '--rule', `${RULE}=warning`, '--max-warnings', '0', '--ignore-pattern', 'x.yaml', '-n', 'apps'], dir).stdout);
    expect(printed).toEqual({ rules: { [RULE]: 'warning' }, failOn: 'info', maxWarnings: 0, ignorePatterns: ['vendor/', 'x.yaml'], defaultNamespace: 'apps' });
  });

  it('--print-config output is itself a valid configuration file', () => {
    const dir = scratch({ '.headless-lint.yaml': `rules: {${RULE}: info}\ndnsPodLabels: {k8s-app: coredns}\nunlistedNamespaces: injected\n` });
    const printed = cli(['--print-config', '--fail-on', 'warning'], dir).stdout;
    const again = scratch({ 'headless-lint.config.json': printed });
    expect(JSON.parse(cli(['--print-config'], again).stdout)).toEqual(JSON.parse(printed));
  });

  describe('a bad file exits 2 naming the key, where it is, and what is wrong', () => {
    const cases: [string, string, RegExp][] = [
      ['unknown key with a suggestion', 'rule:\n  x: error\n', /\.headless-lint\.yaml:1:1: rule: unknown key; did you mean "rules"\?/],
      ['bad severity', `rules:\n  ${RULE}: fatal\n`, new RegExp(`\\.headless-lint\\.yaml:2:3: rules\\.${RULE}: must be one of off, info, warning, error`)],
      ['unknown rule with a suggestion', 'rules:\n  istiod-domain-mismatc: error\n', /2:3: rules\.istiod-domain-mismatc: unknown rule; did you mean "istiod-domain-mismatch"\?/],
      ['wrong type', 'maxWarnings: many\n', /1:1: maxWarnings: must be integer/],
      ['bad namespace', 'defaultNamespace: Not_A_Namespace\n', /defaultNamespace: must match pattern/],
      ['bad enum', 'unlistedNamespaces: maybe\n', /unlistedNamespaces: must be one of unknown, injected, not-injected/],
      ['not YAML', 'rules: [\n', /\.headless-lint\.yaml:\d+:\d+: not valid YAML\/JSON/],
      ['not a mapping', '- a\n- b\n', /\(top level\): must be object/],
    ];
    for (const [name, text, pattern] of cases) {
      it(name, () => {
        const run = cli(['.'], scratch({ ...BROKEN, '.headless-lint.yaml': text }));
        expect(run.code).toBe(2);
        expect(run.stdout).toBe('');
        expect(run.stderr).toMatch(pattern);
        expect(run.stderr).not.toMatch(/at .*\.ts:\d+/);
      });
    }
    it('a missing --config file', () => {
      const run = cli(['--config', 'nope.yaml', '.'], scratch(BROKEN));
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/nope\.yaml: cannot read the configuration file \(ENOENT\)/);
    });
  });

  it('ignorePatterns skip files', () => {
    const dir = scratch({ 'vendor/istiod.yaml': istiod(), 'kubelet.yaml': KUBELET, '.headless-lint.yaml': 'ignorePatterns: [vendor/]\n' });
    expect(cli(['.'], dir).code).toBe(0);
  });
});
