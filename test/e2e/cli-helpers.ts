/** Runs the CLI in-process with a fake terminal, to check what a user sees and the exit code. */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { main } from '../../src/cli/main.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(argv: string[], cwd: string, stdin?: string, env: NodeJS.ProcessEnv = {}): CliRun {
  let stdout = '';
  let stderr = '';
  const code = main(argv, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    isTTY: false,
    env,
    cwd,
    readStdin: stdin === undefined ? undefined : () => stdin,
  });
  return { code, stdout, stderr };
}

export function tempTree(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'headless-lint-e2e-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

/** A stack frame as Node prints them: "    at fn (file:line:col)". */
export const STACK_FRAME = /^\s+at .+:\d+:\d+\)?$/m;

export const SERVICE = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: db\n  namespace: data\nspec:\n  clusterIP: 10.96.0.15\n';
