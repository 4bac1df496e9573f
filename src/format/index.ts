/** The output formats by name; each is `(result, context) => string`. */
import type { Formatter } from './context.js';
import { formatGithub } from './github.js';
import { formatHtml } from './html.js';
import { formatJson } from './json.js';
import { formatJunit } from './junit.js';
import { formatSarif } from './sarif.js';
import { formatStylish } from './stylish.js';

export const formatters = {
  stylish: (result, context) => formatStylish(result, { color: context.color }),
  json: (result) => formatJson(result),
  sarif: formatSarif,
  junit: (result) => formatJunit(result),
  github: (result) => formatGithub(result),
  html: formatHtml,
} satisfies Record<string, Formatter>;

export type FormatName = keyof typeof formatters;

export const FORMAT_NAMES = Object.keys(formatters) as FormatName[];

export function isFormatName(name: string): name is FormatName {
  return Object.hasOwn(formatters, name);
}
