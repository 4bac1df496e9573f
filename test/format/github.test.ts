/** GitHub workflow commands, checked against the runner's escaping rules, and the job summary. */
import { describe, expect, it } from 'vitest';
import type { Finding, LintResult } from '../../src/engine/types.js';
import { escapeData, escapeProperty, formatGithub, githubStepSummary } from '../../src/format/github.js';
import { findingOf } from '../helpers/findings.js';

const result = (findings: Finding[]): LintResult => ({ version: 1, findings, summary: { files: 1, documents: 1, resources: 1, errors: 1, warnings: 1, infos: 1 } });

/** How the runner reads a command back: split at the first `::` after the name, then unescape. */
function parseCommand(line: string) {
  const m = /^::(\w+)( [^:]*)?::(.*)$/.exec(line);
  if (!m) throw new Error(`not a workflow command: ${line}`);
  const unescape = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
  const props = Object.fromEntries((m[2] ?? '').trim().split(',').filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf('=')), unescape(kv.slice(kv.indexOf('=') + 1))]));
  return { command: m[1], props, message: unescape(m[3] ?? '') };
}

describe('github', () => {
  it('writes one command per finding with file, line, col, endLine, endColumn and title', () => {
    const out = formatGithub(result([findingOf({ ruleId: 'istiod-domain-mismatch', message: 'bad', fix: 'do x' })]));
    expect(out).toBe('::error file=a.yaml,line=3,col=5,endLine=3,endColumn=9,title=istiod-domain-mismatch::bad%0AFix: do x\n');
  });

  it('puts errors first, then warnings, then notices', () => {
    const out = formatGithub(result([findingOf({ severity: 'info', message: 'i' }), findingOf({ severity: 'warning', message: 'w' }), findingOf({ severity: 'error', message: 'e' })]));
    expect(out.trim().split('\n').map((l) => parseCommand(l).command)).toEqual(['error', 'warning', 'notice']);
  });

  it('escapes %, CR, LF in data and also : and , in properties, so every value round-trips', () => {
    const file = 'dir,with:odd%chars\n.yaml';
    const message = '100% broken: a, b\r\nnext :: line';
    const line = formatGithub(result([findingOf({ file, message })])).trimEnd();
    expect(line.split('\n')).toHaveLength(1);
    const parsed = parseCommand(line);
    expect(parsed.props.file).toBe(file);
    expect(parsed.message).toBe(message);
    expect(escapeProperty('a:b,c%')).toBe('a%3Ab%2Cc%25');
    expect(escapeData('a:b,c%\n')).toBe('a:b,c%25%0A');
  });

  it('omits the location of a finding without a file', () => {
    expect(formatGithub(result([findingOf({ file: '' })]))).toBe('::error title=r::m\n');
  });

  it('the step summary lists every finding in a Markdown table with cells escaped', () => {
    const md = githubStepSummary(result([findingOf({ message: 'a | b\nc' }), findingOf({ severity: 'warning', file: 'b.yaml' })]));
    expect(md).toContain('| severity | location | rule | message |');
    expect(md).toContain('| error | `a.yaml:3:5` | `r` | a \\| b<br>c |');
    expect(md.split('\n').filter((l) => l.startsWith('| warning'))).toHaveLength(1);
  });
});
