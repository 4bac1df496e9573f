/** What every formatter receives: the ESLint formatter contract, `(result, context) => string`. */
import type { LintResult, Rule } from '../engine/types.js';
import type { Analysis } from '../facts/store.js';

export interface FormatContext {
  /** the working directory file paths in the result are relative to */
  cwd: string;
  color: boolean;
  /** every rule that could have run, for formats that describe rules (SARIF) */
  rules: readonly Rule[];
  toolVersion: string;
  /** the repository's web address, for links to rule documentation */
  repositoryUrl: string;
  /** the analysed input, for formats that draw it (html); absent when only the result is at hand */
  analysis?: Analysis;
}

export type Formatter = (result: LintResult, context: FormatContext) => string;
