/**
 * `--format html`: one self-contained page (inline SVG and styles, no network) with the mesh
 * picture, the findings table linking each rule's documentation, and the manifest excerpt of
 * each finding.
 */
import type { Finding, LintResult } from '../engine/types.js';
import type { Picture } from './model.js';
import { escapeXml, toSvg } from './svg.js';

export interface HtmlReportOptions {
  /** absent when the graph is not at hand */
  picture?: Picture;
  /** the text of a reported file, for excerpts; undefined when unavailable */
  readSource: (file: string) => string | undefined;
  /** where rule pages live, e.g. https://github.com/org/repo/blob/main/docs/rules/ */
  docsBase: string;
  title?: string;
}

const EXCERPT_CONTEXT = 2;

const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function excerpt(finding: Finding, text: string | undefined): string {
  if (text === undefined) return '';
  const lines = text.split('\n');
  const from = Math.max(1, finding.line - EXCERPT_CONTEXT);
  const to = Math.min(lines.length, finding.endLine + EXCERPT_CONTEXT);
  const rows: string[] = [];
  for (let n = from; n <= to; n++) {
    const hit = n >= finding.line && n <= finding.endLine;
    rows.push(`<span class="ln${hit ? ' hit' : ''}"><span class="no">${n}</span>${escapeXml(lines[n - 1] ?? '') || ' '}</span>`);
  }
  return `<pre class="excerpt">${rows.join('')}</pre>`;
}

export function toHtmlReport(result: LintResult, options: HtmlReportOptions): string {
  const { summary } = result;
  const title = options.title ?? 'headless-lint report';
  const sources = new Map<string, string | undefined>();
  const source = (file: string) => {
    if (!sources.has(file)) sources.set(file, options.readSource(file));
    return sources.get(file);
  };
  const rows = result.findings.map((f, i) => {
    const resource = f.resource ? `${f.resource.kind} ${f.resource.namespace ? `${f.resource.namespace}/` : ''}${f.resource.name}` : '';
    const related = f.related.map((r) => `<li>${escapeXml(r.message)}${r.file ? ` <code>${escapeXml(`${r.file}${r.line ? `:${r.line}:${r.column}` : ''}`)}</code>` : ''}</li>`).join('');
    return `<tr class="finding ${f.severity}" id="f${i + 1}">
<td><span class="sev ${f.severity}">${f.severity}</span></td>
<td><a href="${escapeXml(options.docsBase + f.ruleId + '.md')}">${escapeXml(f.ruleId)}</a></td>
<td><code>${escapeXml(`${f.file}:${f.line}:${f.column}`)}</code><br><span class="res">${escapeXml(resource)}</span></td>
<td>${escapeXml(f.message)}${f.fix ? `<p class="fix"><b>Fix:</b> ${escapeXml(f.fix)}</p>` : ''}${related ? `<ul class="related">${related}</ul>` : ''}${excerpt(f, source(f.file))}</td>
</tr>`;
  });
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeXml(title)}</title>
<style>
body { font-family: -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 24px; color: #1f2328; }
h1 { font-size: 22px; margin: 0 0 4px; }
.summary span { display: inline-block; margin-right: 14px; }
.picture { overflow-x: auto; border: 1px solid #d0d7de; border-radius: 8px; padding: 8px; margin: 16px 0; background: #fff; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; border-bottom: 1px solid #d0d7de; padding: 8px; font-size: 13px; }
.sev { font-weight: bold; border-radius: 10px; padding: 1px 8px; color: #fff; }
.sev.error { background: #d1242f; } .sev.warning { background: #9a6700; } .sev.info { background: #0969da; }
.res { color: #57606a; }
.fix { margin: 6px 0 0; }
.related { margin: 6px 0 0; padding-left: 18px; color: #57606a; }
pre.excerpt { background: #f6f8fa; padding: 6px 0; margin: 8px 0 0; overflow-x: auto; font-size: 12px; }
pre.excerpt .ln { display: block; padding: 0 8px; white-space: pre; }
pre.excerpt .ln.hit { background: #ffebe9; }
pre.excerpt .no { display: inline-block; width: 3em; color: #8c959f; user-select: none; }
.clean { color: #1a7f37; font-weight: bold; }
</style>
</head>
<body>
<h1>${escapeXml(title)}</h1>
<p class="summary"><span>${count(summary.files, 'file')}</span><span>${count(summary.resources, 'resource')}</span><span>${count(summary.errors, 'error')}</span><span>${count(summary.warnings, 'warning')}</span><span>${count(summary.infos, 'info')}</span></p>
<h2>The mesh</h2>
<div class="picture">${!options.picture ? '<p>The picture needs the analysed input; this report was made from a result alone.</p>' : options.picture.nodes.length > 0 ? toSvg(options.picture) : '<p>No headless Service in the input.</p>'}</div>
<h2>Findings</h2>
${rows.length > 0 ? `<table id="findings"><thead><tr><th>severity</th><th>rule</th><th>where</th><th>what, why and how to fix</th></tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>` : '<p class="clean" id="findings">No findings.</p>'}
</body>
</html>
`;
}
