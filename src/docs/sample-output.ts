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

/** README sections showing what the subcommands print, each run on an example folder. */
export const COMMAND_SAMPLES = [
  { section: 'trace-sample', example: 'examples/workload-not-injected', args: ['trace', '.', '--from', 'app/api', '--to', 'db-0.db.data:5432'] },
  { section: 'graph-sample', example: 'examples/netpol-blocks-service-traffic', args: ['graph', '.', '--format', 'mermaid'] },
] as const;

export function commandSample(sample: (typeof COMMAND_SAMPLES)[number], root: string): string {
  let out = '';
  const code = main([...sample.args], {
    stdout: (t) => (out += t),
    stderr: (t) => (out += t),
    isTTY: false,
    env: {},
    cwd: `${root.replace(/\/$/, '')}/${sample.example}`,
  });
  return `\`\`\`console\n$ cd ${sample.example}\n$ npx headless-lint ${sample.args.join(' ')}\n${out}$ echo $?\n${code}\n\`\`\``;
}
