/**
 * Finds the manifest files named by the command line: files, directories (recursively),
 * glob patterns and `-` for standard input, minus ignore patterns.
 */
import { readdirSync, readFileSync, realpathSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { Minimatch } from 'minimatch';

export const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'];
export const STDIN = '-';
/** how standard input is shown when --stdin-filename names it not (and no Helm `# Source:` does) */
export const STDIN_NAME = '<stdin>';

// Folders that never hold the user's manifests and can be huge.
const ALWAYS_SKIPPED_DIRS = new Set(['node_modules', '.git']);

export interface WalkOptions {
  cwd: string;
  /** minimatch patterns, relative to cwd */
  ignorePatterns: string[];
  /**
   * patterns relative to another folder: the configuration file's ignorePatterns and
   * .headless-lintignore are relative to the folder of the file that declares them (as in
   * ESLint's flat config), so a run from a subfolder skips what a run from the root skips
   */
  ignoreSets?: IgnoreSet[];
  /** the name standard input is shown as (--stdin-filename), relative to cwd like any path */
  stdinFilename?: string;
}

export interface WalkedFile {
  /** absolute path, or '-' for standard input */
  absPath: string;
  /** as shown to users: relative to cwd with forward slashes */
  displayPath: string;
  /** named on the command line (or standard input), not found in a directory or by a glob */
  explicit?: boolean;
}

export interface WalkResult {
  files: WalkedFile[];
  /** paths that do not exist or could not be listed: a usage error */
  errors: { path: string; message: string }[];
  /** explicitly named files skipped because an ignore pattern matches them */
  ignoredExplicit: string[];
  /** absolute folders holding a kustomization file (rendered by Kustomize, see kustomize.ts) */
  kustomizations: string[];
  /** absolute folders holding Chart.yaml: Helm charts, whose files are templates, not manifests */
  charts: string[];
}

const KUSTOMIZATION_NAMES = new Set(['kustomization.yaml', 'kustomization.yml', 'Kustomization']);

export function displayPathOf(absPath: string, cwd: string): string {
  const rel = path.relative(cwd, absPath);
  const shown = rel === '' ? path.basename(absPath) : rel.startsWith('..') && path.isAbsolute(rel) ? absPath : rel;
  return shown.split(path.sep).join('/');
}

export function hasGlobMagic(pattern: string): boolean {
  return /[*?[\]{}]/.test(pattern);
}

/**
 * Ignore patterns follow .gitignore conventions closely enough for manifest trees: a pattern
 * without a slash matches a file or folder name at any depth, a trailing slash restricts it
 * to folders, a leading `!` re-includes.
 */
export class IgnoreMatcher {
  private readonly rules: { matcher: Minimatch; negate: boolean; dirOnly: boolean }[] = [];

  constructor(patterns: string[]) {
    for (const raw of patterns) {
      let pattern = raw.trim();
      if (!pattern || pattern.startsWith('#')) continue;
      let negate = false;
      if (pattern.startsWith('!')) {
        negate = true;
        pattern = pattern.slice(1);
      }
      let dirOnly = false;
      if (pattern.endsWith('/')) {
        dirOnly = true;
        pattern = pattern.slice(0, -1);
      }
      if (pattern.startsWith('./')) pattern = pattern.slice(2);
      else if (pattern.startsWith('/')) pattern = pattern.slice(1);
      else if (!pattern.includes('/')) pattern = `**/${pattern}`;
      this.rules.push({ matcher: new Minimatch(pattern, { dot: true }), negate, dirOnly });
    }
  }

  get empty(): boolean {
    return this.rules.length === 0;
  }

  /** `rel` is relative to cwd with forward slashes. */
  ignores(rel: string, isDir: boolean): boolean {
    let ignored = false;
    for (const rule of this.rules) {
      if (rule.dirOnly && !isDir) continue;
      if (rule.matcher.match(rel)) ignored = !rule.negate;
    }
    return ignored;
  }

  /** A file is ignored when it or any folder above it (below cwd) is. */
  ignoresPath(rel: string): boolean {
    const parts = rel.split('/');
    for (let i = 1; i < parts.length; i++) {
      if (this.ignores(parts.slice(0, i).join('/'), true)) return true;
    }
    return this.ignores(rel, false);
  }
}

export function readIgnoreFile(cwd: string): string[] {
  try {
    return readFileSync(path.join(cwd, '.headless-lintignore'), 'utf8').split(/\r?\n/);
  } catch {
    return [];
  }
}

export interface IgnoreSet {
  /** absolute folder the patterns are relative to */
  base: string;
  patterns: string[];
}

/** The nearest .headless-lintignore in cwd or a folder above it, with its folder as the patterns' base. */
export function findIgnoreFile(cwd: string): IgnoreSet | undefined {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    const patterns = readIgnoreFile(dir);
    if (patterns.length > 0) return { base: dir, patterns };
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** Ignore patterns of several files, each relative to its own folder; a path outside a folder is not matched by its patterns. */
class Ignorer {
  private readonly sets: { base: string; matcher: IgnoreMatcher }[];

  constructor(sets: IgnoreSet[]) {
    this.sets = sets.map((s) => ({ base: s.base, matcher: new IgnoreMatcher(s.patterns) })).filter((s) => !s.matcher.empty);
  }

  get empty(): boolean {
    return this.sets.length === 0;
  }

  private relative(base: string, abs: string): string | undefined {
    const rel = path.relative(base, abs);
    return rel === '' || rel.startsWith('..') || path.isAbsolute(rel) ? undefined : rel.split(path.sep).join('/');
  }

  ignores(abs: string, isDir: boolean): boolean {
    return this.sets.some((s) => {
      const rel = this.relative(s.base, abs);
      return rel !== undefined && s.matcher.ignores(rel, isDir);
    });
  }

  ignoresPath(abs: string): boolean {
    return this.sets.some((s) => {
      const rel = this.relative(s.base, abs);
      return rel !== undefined && s.matcher.ignoresPath(rel);
    });
  }
}

export function walk(inputs: string[], options: WalkOptions): WalkResult {
  const { cwd } = options;
  const ignore = new Ignorer([{ base: path.resolve(cwd), patterns: options.ignorePatterns }, ...(options.ignoreSets ?? [])]);
  const found = new Map<string, WalkedFile>();
  const errors: WalkResult['errors'] = [];
  const ignoredExplicit: string[] = [];
  const kustomizations = new Set<string>();
  const charts = new Set<string>();

  const rel = (abs: string) => displayPathOf(abs, cwd);
  const add = (abs: string) => {
    if (!found.has(abs)) found.set(abs, { absPath: abs, displayPath: rel(abs) });
  };

  const walkDir = (dir: string, accept: (abs: string) => boolean, visitedDirs = new Set<string>()) => {
    let real: string;
    try {
      real = realpathSync(dir);
    } catch (error) {
      errors.push({ path: rel(dir), message: describeFsError(error) });
      return;
    }
    // A symlink loop (or two links to one folder) would otherwise be walked forever.
    if (visitedDirs.has(real)) return;
    visitedDirs.add(real);
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      errors.push({ path: rel(dir), message: describeFsError(error) });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    // A chart's files are templates and values, never manifests: the chart is rendered instead.
    if (entries.some((e) => e.name === 'Chart.yaml' && !e.isDirectory())) {
      charts.add(dir);
      return;
    }
    if (entries.some((e) => KUSTOMIZATION_NAMES.has(e.name) && !e.isDirectory())) kustomizations.add(dir);
    for (const entry of entries) {
      const abs = path.join(dir, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const st = statSync(abs);
          isDir = st.isDirectory();
          isFile = st.isFile();
        } catch {
          continue; // a dangling link inside a tree is not the user's input
        }
      }
      if (isDir) {
        if (ALWAYS_SKIPPED_DIRS.has(entry.name)) continue;
        if (!ignore.empty && ignore.ignores(abs, true)) continue;
        walkDir(abs, accept, visitedDirs);
      } else if (isFile) {
        if (!MANIFEST_EXTENSIONS.includes(path.extname(entry.name).toLowerCase())) continue;
        if (!ignore.empty && ignore.ignores(abs, false)) continue;
        if (accept(abs)) add(abs);
      }
    }
  };

  for (const input of inputs) {
    if (input === STDIN) {
      found.set(STDIN, { absPath: STDIN, displayPath: options.stdinFilename ? rel(path.resolve(cwd, options.stdinFilename)) : STDIN_NAME, explicit: true });
      continue;
    }
    const abs = path.resolve(cwd, input);
    let st;
    try {
      st = statSync(abs);
    } catch (error) {
      if (hasGlobMagic(input)) {
        expandGlob(input);
        continue;
      }
      errors.push({ path: input, message: describeFsError(error) });
      continue;
    }
    if (st.isDirectory()) {
      walkDir(abs, () => true);
    } else if (!ignore.empty && ignore.ignoresPath(abs)) {
      ignoredExplicit.push(rel(abs));
    } else if (KUSTOMIZATION_NAMES.has(path.basename(abs))) {
      kustomizations.add(path.dirname(abs));
    } else if (path.basename(abs) === 'Chart.yaml') {
      charts.add(path.dirname(abs));
    } else {
      add(abs);
      (found.get(abs) as WalkedFile).explicit = true;
    }
  }

  function expandGlob(pattern: string) {
    const normalized = pattern.split(path.sep).join('/');
    const parts = normalized.split('/');
    const staticParts: string[] = [];
    for (const part of parts) {
      if (hasGlobMagic(part)) break;
      staticParts.push(part);
    }
    const baseDir = path.resolve(cwd, staticParts.join('/') || '.');
    const matcher = new Minimatch(path.resolve(cwd, normalized).split(path.sep).join('/'), { dot: false });
    const before = found.size;
    try {
      statSync(baseDir);
    } catch {
      // One message for the pattern, not a second one for the folder it starts from.
      errors.push({ path: pattern, message: 'no manifest file matches this pattern' });
      return;
    }
    walkDir(baseDir, (abs) => matcher.match(abs.split(path.sep).join('/')));
    if (found.size === before) errors.push({ path: pattern, message: 'no manifest file matches this pattern' });
  }

  const files = [...found.values()].sort((a, b) => (a.displayPath < b.displayPath ? -1 : a.displayPath > b.displayPath ? 1 : 0));
  return { files, errors, ignoredExplicit, kustomizations: [...kustomizations].sort(), charts: [...charts].sort() };
}

export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOTDIR':
      return 'not a directory';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
