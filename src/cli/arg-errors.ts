/**
 * Node's parseArgs errors, said in one line a user can act on: the option as typed, a did-you-mean
 * among the command's own options, and never Node's advice to put a mistyped flag after `--`
 * (which turns it into a path: for the lint command, a report-only path that passes with 0).
 */
import type { ParseArgsConfig } from 'node:util';
import { closest } from '../util/did-you-mean.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Every spelling of the options: `--name` and `-s`. */
export function optionSpellings(options: Options): string[] {
  return Object.entries(options).flatMap(([name, spec]) => [`--${name}`, ...(spec.short ? [`-${spec.short}`] : [])]);
}

/** A did-you-mean for a mistyped option: long options only (any short one is one edit from another). */
export function suggestOption(typed: string, options: Options): string {
  const word = typed.replace(/=.*$/, '');
  const longs = Object.keys(options).map((name) => `--${name}`);
  // `-format` and `—format` (a dash a word processor turned into a dash of its own) mean `--format`.
  const asLong = /^(-|\u2013|\u2014)[^-]{2,}/.test(word) ? `--${word.slice(1)}` : word;
  const best = asLong.startsWith('--') ? closestOption(asLong, longs) : undefined;
  return best ? `; did you mean "${best}"?` : '';
}

/** Swapped letters (`--prot`) and a unique abbreviation (`--stdin`) first, then the fewest edits. */
function closestOption(word: string, longs: string[]): string | undefined {
  const letters = (s: string) => [...s].sort().join('');
  const swapped = longs.filter((c) => c.length === word.length && letters(c) === letters(word));
  if (swapped.length === 1) return swapped[0];
  const abbreviated = word.length > 4 ? longs.filter((c) => c.startsWith(word)) : [];
  if (abbreviated.length === 1) return abbreviated[0];
  return closest(word, longs);
}

/** The one-line message for a parseArgs error; `help` names where the options are listed. */
export function describeParseError(error: unknown, options: Options, help: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string } | undefined)?.code;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const typed = /^Unknown option '([^']*)'/.exec(message)?.[1] ?? message;
    return `unknown option "${typed}"${suggestOption(typed, options)} (see ${help})`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const named = /^Option '(?:-\w, )?(--[\w-]+)/.exec(message)?.[1];
    if (named && /argument missing/.test(message)) return `${named} needs a value (see ${help})`;
    if (named && /does not take an argument/.test(message)) return `${named} takes no value (see ${help})`;
  }
  return `${message.split('\n')[0]?.replace(/\. To specify a positional argument.*$/, '') ?? ''} (see ${help})`;
}
