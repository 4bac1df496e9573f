/** A parser that throws on one file (a bug in yaml or in our use of it) costs that file only. */
import { expect, it, vi } from 'vitest';
import { lintSources } from '../../src/lint.js';

vi.mock('../../src/load/safe-yaml.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/load/safe-yaml.js')>();
  return {
    ...original,
    parseYamlSafely: (text: string, options: Parameters<typeof original.parseYamlSafely>[1]) => {
      if (text.includes('TRIGGER')) throw new RangeError('Maximum call stack size exceeded');
      return original.parseYamlSafely(text, options);
    },
  };
});

it('reports the file as a yaml-syntax finding and lints the others', () => {
  const service = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: db\n  namespace: data\n';
  const { result } = lintSources([
    { path: 'boom.yaml', text: '# TRIGGER\n' },
    { path: 'a.yaml', text: service },
    { path: 'b.yaml', text: service },
  ]);
  expect(result.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`)).toEqual(['b.yaml:4:9 duplicate-resource', 'boom.yaml:1:1 yaml-syntax']);
  expect(result.findings[1]?.message).toBe('the YAML parser failed on this file (Maximum call stack size exceeded); it is not linted. Please report this with the file');
});
