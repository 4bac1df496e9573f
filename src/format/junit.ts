/**
 * JUnit XML for CI test reports: one testsuite per file, one testcase per resource and rule,
 * each finding a failure with its location. Everything is escaped, and characters XML 1.0
 * cannot carry at all are dropped, so any consumer's parser accepts the file.
 */
import type { Finding, LintResult } from '../engine/types.js';

export function formatJunit(result: LintResult): string {
  const byFile = new Map<string, Map<string, Finding[]>>();
  for (const f of result.findings) {
    const file = f.file || '<input>';
    const resource = f.resource ? `${f.resource.kind} ${f.resource.namespace ? `${f.resource.namespace}/` : ''}${f.resource.name}` : '(file)';
    const cases = byFile.get(file) ?? new Map<string, Finding[]>();
    byFile.set(file, cases);
    const key = `${resource}: ${f.ruleId}`;
    cases.set(key, [...(cases.get(key) ?? []), f]);
  }
  const total = [...byFile.values()].reduce((n, cases) => n + cases.size, 0);
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="headless-lint" tests="${Math.max(total, 1)}" failures="${total}" errors="0">`];
  if (byFile.size === 0) {
    lines.push('  <testsuite name="headless-lint" tests="1" failures="0" errors="0">', '    <testcase name="no findings" classname="headless-lint"/>', '  </testsuite>');
  }
  for (const [file, cases] of byFile) {
    lines.push(`  <testsuite name=${attr(file)} tests="${cases.size}" failures="${cases.size}" errors="0">`);
    for (const [name, findings] of cases) {
      lines.push(`    <testcase name=${attr(name)} classname=${attr(file)}>`);
      for (const f of findings) {
        const body = [`${f.file}:${f.line}:${f.column} ${f.severity} ${f.message} (${f.ruleId})`, ...f.related.map((r) => `related: ${r.message}${r.file ? ` (${r.file}${r.line ? `:${r.line}:${r.column}` : ''})` : ''}`), ...(f.fix ? [`fix: ${f.fix}`] : [])];
        lines.push(`      <failure type=${attr(f.severity)} message=${attr(f.message)}>${text(body.join('\n'))}</failure>`);
      }
      lines.push('    </testcase>');
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>', '');
  return lines.join('\n');
}

// XML 1.0 allows tab, newline, carriage return and most of Unicode; not other controls, lone surrogates or U+FFFE/U+FFFF.
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function text(value: string): string {
  return value.replace(NOT_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A quoted attribute value; newlines and tabs are encoded so attribute normalisation keeps them. */
export function attr(value: string): string {
  return `"${text(value).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;')}"`;
}
