/** JUnit output, read back with a real XML parser. */
/* eslint-disable @typescript-eslint/no-explicit-any -- the test walks a parsed document whose shape it is checking */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { Finding, LintResult } from '../../src/engine/types.js';
import { formatJunit } from '../../src/format/junit.js';
import { lintSources } from '../../src/lint.js';
import { findingOf } from '../helpers/findings.js';
import { BROKEN } from '../helpers/output-fixtures.js';

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', htmlEntities: true, isArray: (name) => ['testsuite', 'testcase', 'failure'].includes(name) });

function parse(xml: string) {
  const valid = XMLValidator.validate(xml);
  expect(valid, JSON.stringify(valid)).toBe(true);
  return parser.parse(xml) as { testsuites: { '@tests': string; '@failures': string; testsuite: Record<string, any>[] } };
}

const finding = (over: Partial<Finding>): Finding =>
  findingOf({ ruleId: 'istiod-domain-mismatch', resource: { apiVersion: 'v1', kind: 'Service', namespace: 'data', name: 'db' }, ...over });

const result = (findings: Finding[]): LintResult => ({ version: 1, findings, summary: { files: 1, documents: 1, resources: 1, errors: findings.length, warnings: 0, infos: 0 } });

describe('junit', () => {
  it('one testsuite per file, one testcase per resource and rule, failures with message and location', () => {
    const doc = parse(formatJunit(lintSources(Object.entries(BROKEN).map(([path, text]) => ({ path, text }))).result));
    const suites = doc.testsuites.testsuite;
    expect(suites.map((s) => s['@name'])).toEqual(['istiod.yaml']);
    const testcase = suites[0]!.testcase[0];
    expect(testcase['@name']).toBe('Deployment istio-system/istiod: istiod-domain-mismatch');
    expect(testcase.failure[0]['@message']).toMatch(/serves domain "cluster.local"/);
    expect(testcase.failure[0]['#text']).toMatch(/^istiod.yaml:15:15 error /);
    expect(doc.testsuites['@failures']).toBe('1');
  });

  it('groups two findings of one rule on one resource into one testcase', () => {
    const doc = parse(formatJunit(result([finding({ line: 1 }), finding({ line: 2 }), finding({ ruleId: 'yaml-syntax', resource: null })])));
    const cases = doc.testsuites.testsuite[0]!.testcase;
    expect(cases.map((c: Record<string, unknown>) => c['@name'])).toEqual(['Service data/db: istiod-domain-mismatch', '(file): yaml-syntax']);
    expect(cases[0].failure).toHaveLength(2);
  });

  it('escapes markup, quotes and newlines, and drops characters XML cannot hold', () => {
    const nasty = `<b>&amp; "quoted" 'single' ]]> \u0001bell\u0007 line1\nline2 \uD800 é 🚀`;
    const xml = formatJunit(result([finding({ message: nasty, file: 'a&b<c>.yaml', fix: '</failure><x>' })]));
    const doc = parse(xml);
    const suite = doc.testsuites.testsuite[0]!;
    expect(suite['@name']).toBe('a&b<c>.yaml');
    const failure = suite.testcase[0].failure[0];
    expect(failure['@message']).toBe(`<b>&amp; "quoted" 'single' ]]> bell line1\nline2  é 🚀`);
    expect(failure['#text']).toContain('fix: </failure><x>');
  });

  it('a clean run is one passing testcase', () => {
    const doc = parse(formatJunit(result([])));
    expect(doc.testsuites['@failures']).toBe('0');
    expect(doc.testsuites.testsuite[0]!.testcase[0]['@name']).toBe('no findings');
  });
});
