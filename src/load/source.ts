/** A file as read from disk (or standard input), with offset -> line/column conversion. */

export interface Position {
  line: number;
  column: number;
}

export interface Span {
  start: Position;
  end: Position;
}

export class SourceFile {
  private lineStarts: number[] | undefined;

  /**
   * @param path  the name shown to users (relative to the working directory)
   * @param text  the decoded content
   * @param renderedFrom  for a template's section of Helm output (see helm.ts): the input that held it
   * @param fromStdin  read from standard input: there is no file to write a fix to
   */
  constructor(
    readonly path: string,
    readonly text: string,
    readonly renderedFrom?: string,
    readonly fromStdin = false,
  ) {}

  /** 1-based line and column of a character offset. */
  position(offset: number): Position {
    const starts = this.starts();
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: clamped - (starts[lo] as number) + 1 };
  }

  span(start: number, end: number): Span {
    return { start: this.position(start), end: this.position(Math.max(start, end)) };
  }

  /** Offset of the first character of a 1-based line. */
  lineOffset(line: number): number {
    const starts = this.starts();
    return starts[Math.max(0, Math.min(line - 1, starts.length - 1))] as number;
  }

  // Line starts are computed only when a position is first asked for: most files yield no finding.
  private starts(): number[] {
    if (!this.lineStarts) {
      const starts = [0];
      const text = this.text;
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
      this.lineStarts = starts;
    }
    return this.lineStarts;
  }
}
