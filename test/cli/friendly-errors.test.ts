/** Mistyped flags and commands: one line, a did-you-mean, exit 2; never Node's parser text or its `--` advice. */
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { describeParseError, suggestOption } from '../../src/cli/arg-errors.js';

function run(argv: string[], cwd = process.cwd()): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const code = main(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), isTTY: false, env: {}, cwd, readStdin: () => '' });
  return { code, stdout, stderr };
}

/** What every usage error must look like: exit 2, one line, nothing from Node's parser. */
function expectOneLine(result: ReturnType<typeof run>, line: string): void {
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr).toBe(`headless-lint: ${line}\n`);
  expect(result.stderr).not.toMatch(/positional|Unknown option|after '--'|ERR_PARSE_ARGS/);
}

describe('unknown flags of the lint command', () => {
  it('suggest the option meant', () => {
    expectOneLine(run(['--formt', 'json', '.']), 'unknown option "--formt"; did you mean "--format"? (see --help)');
    expectOneLine(run(['--formt=json']), 'unknown option "--formt"; did you mean "--format"? (see --help)');
    expectOneLine(run(['--no-colour']), 'unknown option "--no-colour"; did you mean "--no-color"? (see --help)');
    expectOneLine(run(['--stdin-file-name', 'x', '-']), 'unknown option "--stdin-file-name"; did you mean "--stdin-filename"? (see --help)');
    expectOneLine(run(['--stdin', 'x', '-']), 'unknown option "--stdin"; did you mean "--stdin-filename"? (see --help)');
    expectOneLine(run(['--allow-empty']), 'unknown option "--allow-empty" (see --help)');
  });

  it('name a short one without a guess', () => {
    expectOneLine(run(['-x']), 'unknown option "-x" (see --help)');
  });

  it('say a missing or unwanted value plainly', () => {
    expectOneLine(run(['--format']), '--format needs a value (see --help)');
    expectOneLine(run(['-f']), '--format needs a value (see --help)');
    expectOneLine(run(['--quiet=yes']), '--quiet takes no value (see --help)');
  });
});

describe('unknown commands', () => {
  it('suggest the command meant when no such file exists', () => {
    expectOneLine(run(['trac', 'x.yaml']), '"trac" is neither a file nor a command; did you mean "trace"? (see --help)');
    expectOneLine(run(['exlpain', 'service-not-headless']), '"exlpain" is neither a file nor a command; did you mean "explain"? (see --help)');
    expectOneLine(run(['grpah']), '"grpah" is neither a file nor a command; did you mean "graph"? (see --help)');
    expectOneLine(run(['help']), '"help" is neither a file nor a command; did you mean "--help"? (see --help)');
  });

  it('leave an existing path, and a missing path unlike any command, as paths', () => {
    const missing = run(['no-such-folder']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('headless-lint: no-such-folder: no such file or directory\n');
    expect(run(['test/cli']).stderr).not.toContain('neither a file nor a command');
  });
});

describe('the subcommands', () => {
  it.each([
    [['graph', '--fromat', 'dot'], 'graph: unknown option "--fromat"; did you mean "--format"? (see graph --help)'],
    [['graph', '--output'], 'graph: --output needs a value (see graph --help)'],
    [['reach', '.', '--form', 'a/b', '--to', 'c/d'], 'reach: unknown option "--form"; did you mean "--from"? (see reach --help)'],
    [['reach', '.', '--prot', '80'], 'reach: unknown option "--prot"; did you mean "--port"? (see reach --help)'],
    [['trace', '.', '--from', 'a/b', '--too', 'db'], 'trace: unknown option "--too"; did you mean "--to"? (see trace --help)'],
    [['trace', '--help=1'], 'trace: --help takes no value (see trace --help)'],
  ])('%j', (argv, line) => {
    expectOneLine(run(argv), line);
  });
});

describe('describeParseError', () => {
  it('drops Node advice from any other parser error, keeping its first sentence', () => {
    const error = Object.assign(new Error("Something new. To specify a positional argument starting with a '-', place it at the end"), { code: 'ERR_X' });
    expect(describeParseError(error, {}, '--help')).toBe('Something new (see --help)');
  });

  it('reads a single-dash long option as the long one', () => {
    expect(suggestOption('-namespace', { namespace: { type: 'string' } })).toBe('; did you mean "--namespace"?');
  });
});
