/** The README's sample output, produced by running the CLI on a broken example. */
import { main } from '../cli/main.js';

export const SAMPLE_EXAMPLE = 'examples/istiod-domain-mismatch';
export const SAMPLE_COMMAND = `npx headless-lint ${SAMPLE_EXAMPLE}`;

export function sampleOutput(cwd: string): string {
  let out = '';
  const code = main([SAMPLE_EXAMPLE, '--no-color'], {
    stdout: (t) => (out += t),
    stderr: (t) => (out += t),
    isTTY: false,
    env: {},
    cwd,
  });
  return `${out.replace(/^\n/, '')}$ echo $?\n${code}\n`;
}
