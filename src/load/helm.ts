/**
 * Helm's rendered output, as `helm template` (and `helm get manifest`, `helm install --dry-run`)
 * prints it: every manifest written as `---\n# Source: <chart>/templates/<file>\n<content>\n`
 * (Helm's install action and its hooks use that one format; subcharts are
 * `<chart>/charts/<sub>/templates/...`, CRDs `<chart>/crds/...`).
 *
 * Each template becomes one SourceFile named by its `# Source:` path, holding that template's
 * sections in the order Helm printed them: exactly the file `helm template --output-dir DIR`
 * writes at DIR/<chart>/templates/<file>. Findings therefore name the template, and their line
 * and column point into that rendered file (a line of the template itself is not knowable: the
 * template language can add or remove any number of lines).
 */
import { SourceFile } from './source.js';

/** `# Source: path` as the first line of a section; Helm writes no other text on that line. */
const SOURCE_LINE = /^# Source: (\S.*?)[ \t]*\r?$/;
const SEPARATOR = /^---[ \t]*\r?$/;

interface Section {
  path: string;
  start: number;
}

/** Offsets where a `---` line followed by a `# Source:` line begins (or the file begins with `# Source:`). */
function sections(text: string): Section[] {
  const found: Section[] = [];
  if (!text.includes('# Source: ')) return found;
  let previous: { start: number; line: string } | undefined;
  for (let start = 0; start <= text.length; ) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    const line = text.slice(start, end);
    const source = SOURCE_LINE.exec(line);
    if (source) {
      if (previous && SEPARATOR.test(previous.line)) found.push({ path: source[1] as string, start: previous.start });
      else if (start === 0) found.push({ path: source[1] as string, start: 0 });
    }
    previous = { start, line };
    if (newline === -1) break;
    start = newline + 1;
  }
  return found;
}

/**
 * The sources of one input: the input itself when it is not Helm output, else one SourceFile per
 * template (plus the input's own name for any manifest text before the first `# Source:`).
 */
export function splitRendered(displayPath: string, text: string, fromStdin = false): SourceFile[] {
  const found = sections(text);
  if (found.length === 0) return [new SourceFile(displayPath, text, undefined, fromStdin)];
  const byTemplate = new Map<string, string[]>();
  found.forEach((section, i) => {
    const next = found[i + 1];
    let slice = text.slice(section.start, next ? next.start : text.length);
    if (!slice.endsWith('\n')) slice += '\n';
    const parts = byTemplate.get(section.path);
    if (parts) parts.push(slice);
    else byTemplate.set(section.path, [slice]);
  });
  const leading = text.slice(0, (found[0] as Section).start);
  const files: SourceFile[] = [];
  // Text before the first section is kept under the input's name when it holds more than `---` and comments.
  if (leading.split('\n').some((line) => line.trim() !== '' && !line.trim().startsWith('#') && !SEPARATOR.test(line))) {
    files.push(new SourceFile(displayPath, leading, undefined, fromStdin));
  }
  for (const [template, parts] of byTemplate) files.push(new SourceFile(template, parts.join(''), displayPath, fromStdin));
  return files;
}
