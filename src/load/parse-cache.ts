/**
 * `--cache`: what parsing a file produced, kept between runs and keyed by the file's content, so an
 * unchanged file is never parsed again. Only the values are kept: positions are composed from the
 * text on first need (as for any file the fast path reads), and the text is read anyway to hash it.
 * Files that had problems are not cached: their problems need the positioned parse.
 *
 * The file is trusted for nothing: one whose format, tool version, configuration or rule set differs
 * (or that cannot be read or decoded) is treated as empty and rewritten at the end of the run.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';

const FORMAT = 'headless-lint parse cache 1';

interface CacheFile {
  format: string;
  key: string;
  /** content hash -> the file's values, serialised when they were read (before anything could change them) */
  entries: Map<string, Buffer>;
}

/** What a cache is valid for: a change to any of them starts it afresh. */
export interface CacheKey {
  version: string;
  /** the effective configuration, as printed by --print-config */
  config: unknown;
  ruleIds: readonly string[];
}

export function cacheKeyOf(key: CacheKey): string {
  return createHash('sha256').update(JSON.stringify([key.version, key.config, [...key.ruleIds].sort()])).digest('hex');
}

export function contentHash(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

/** Where the cache lives by default: node_modules/.cache when the project has node_modules, as tools built on find-cache-dir do. */
export function defaultCacheLocation(cwd: string): string {
  return existsSync(path.join(cwd, 'node_modules')) ? path.join(cwd, 'node_modules', '.cache', 'headless-lint', 'parse-cache') : path.join(cwd, '.headless-lintcache');
}

export class ParseCache {
  private readonly previous: Map<string, Buffer>;
  private readonly current = new Map<string, Buffer>();
  /** why an existing cache file was not used, for --stats */
  readonly discarded: string | undefined;
  hits = 0;
  misses = 0;

  constructor(
    readonly location: string,
    private readonly key: string,
  ) {
    const { entries, discarded } = readCacheFile(location, key);
    this.previous = entries;
    this.discarded = discarded;
  }

  /** The values of a file with this content, parsed by an earlier run. */
  get(hash: string): unknown[] | undefined {
    const stored = this.previous.get(hash) ?? this.current.get(hash);
    let values: unknown;
    try {
      values = stored === undefined ? undefined : deserialize(stored);
    } catch {
      values = undefined;
    }
    if (!Array.isArray(values)) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    this.current.set(hash, stored!);
    return values;
  }

  set(hash: string, values: unknown[]): void {
    this.current.set(hash, serialize(values));
  }

  /** Writes what this run read (entries of files no longer read are dropped); a failure to write is not the run's failure. */
  save(): string | undefined {
    const data: CacheFile = { format: FORMAT, key: this.key, entries: this.current };
    try {
      mkdirSync(path.dirname(this.location), { recursive: true });
      const temporary = `${this.location}.${process.pid}.tmp`;
      writeFileSync(temporary, serialize(data));
      renameSync(temporary, this.location);
      return undefined;
    } catch (error) {
      return `cannot write the cache ${this.location}: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
}

function readCacheFile(location: string, key: string): { entries: Map<string, Buffer>; discarded?: string } {
  if (!existsSync(location)) return { entries: new Map() };
  let data: unknown;
  try {
    data = deserialize(readFileSync(location));
  } catch {
    return { entries: new Map(), discarded: 'unreadable' };
  }
  const file = data as Partial<CacheFile> | null;
  if (!file || typeof file !== 'object' || file.format !== FORMAT || !(file.entries instanceof Map)) return { entries: new Map(), discarded: 'not a headless-lint cache' };
  if (file.key !== key) return { entries: new Map(), discarded: 'made by another version, configuration or rule set' };
  for (const [hash, values] of file.entries) {
    if (typeof hash !== 'string' || !(values instanceof Uint8Array)) return { entries: new Map(), discarded: 'damaged' };
  }
  return { entries: file.entries };
}
