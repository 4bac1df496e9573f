/** External programs the input adapters run (Kustomize, Helm): found on PATH, run without a shell. */
import { accessSync, constants, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

/** The program's path when an executable of that name is on PATH. */
export function findOnPath(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (name.includes('/')) return isExecutable(name) ? name : undefined;
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function isExecutable(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export interface ToolRun {
  ok: boolean;
  stdout: string;
  /** the reason it failed: the tool's own first error line, or why it could not start */
  error: string;
}

/** Runs a program to completion; rendered manifests can be large, so the buffer is generous. */
export function runTool(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): ToolRun {
  const [command, ...args] = argv as [string, ...string[]];
  const run = spawnSync(command, args, { encoding: 'utf8', env, maxBuffer: 512 * 1024 * 1024 });
  if (run.error) return { ok: false, stdout: '', error: run.error.message };
  if (run.status !== 0) return { ok: false, stdout: run.stdout ?? '', error: firstErrorLine(run.stderr ?? '') || `exited with code ${run.status}` };
  return { ok: true, stdout: run.stdout ?? '', error: '' };
}

/** kubectl logs errors through klog (`E1202 ... "command failed" err="..."`); the err text is what matters. */
function firstErrorLine(stderr: string): string {
  const klog = /err="((?:[^"\\]|\\.)*)"/.exec(stderr);
  if (klog) return (klog[1] as string).replace(/\\"/g, '"').replace(/\\n/g, ' ');
  const line = stderr.split('\n').find((l) => l.trim() !== '') ?? '';
  return line.replace(/^(Error|error):\s*/, '').trim();
}
