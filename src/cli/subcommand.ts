/** What the subcommands (graph, reach, trace) share: their I/O and strict option parsing. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { describeParseError } from './arg-errors.js';
import { UsageError } from './usage-error.js';

export interface SubcommandIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  readStdin?: () => string;
}

/**
 * Runs a subcommand's strict parseArgs; a mistake becomes a one-line usage error naming the
 * subcommand, a did-you-mean among its own options, and its help.
 */
export function parseSubcommand<T extends ParseArgsConfig & { options: NonNullable<ParseArgsConfig['options']> }>(name: string, config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    throw new UsageError(`${name}: ${describeParseError(error, config.options, `${name} --help`)}`);
  }
}
