/**
 * `--format html`: the report page of src/picture/html-report.ts. The picture needs the graph,
 * which the CLI passes in the context; without it (a result read back from JSON) the page says so.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { LintResult } from '../engine/types.js';
import { toHtmlReport } from '../picture/html-report.js';
import { buildPicture, type Picture } from '../picture/model.js';
import type { FormatContext } from './context.js';

export function formatHtml(result: LintResult, context: FormatContext): string {
  const texts = new Map<string, string>();
  for (const r of context.analysis?.model.resources ?? []) texts.set(r.document.file.path, r.document.file.text);
  const readSource = (file: string): string | undefined => {
    const known = texts.get(file);
    if (known !== undefined) return known;
    // Files without a resource (a template, a YAML error) are read again; standard input cannot be.
    if (file === '' || file === '-' || file.startsWith('<')) return undefined;
    try {
      return readFileSync(path.resolve(context.cwd, file), 'utf8');
    } catch {
      return undefined;
    }
  };
  const picture: Picture | undefined = context.analysis ? buildPicture(context.analysis, result.findings) : undefined;
  return toHtmlReport(result, {
    picture,
    readSource,
    docsBase: `${context.repositoryUrl.replace(/\/$/, '')}/blob/main/docs/rules/`,
    title: `headless-lint ${context.toolVersion} report`,
  });
}
