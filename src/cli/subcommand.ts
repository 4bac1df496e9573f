/** What the subcommands (graph, reach, trace) share: their I/O and strict option parsing. */
import { UsageError } from './usage-error.js';

export interface SubcommandIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  readStdin?: () => string;
}

/** Runs a subcommand's strict parseArgs; a mistake becomes a one-line usage error naming the subcommand and its help. */
export function parseSubcommand<T>(name: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new UsageError(`${name}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)} (see ${name} --help)`);
  }
}
