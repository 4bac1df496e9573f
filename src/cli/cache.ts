/** The parse cache of one CLI run: where it lives and what it is valid for. */
import path from 'node:path';
import { cacheKeyOf, defaultCacheLocation, ParseCache, type CacheKey } from '../load/parse-cache.js';

export function openCache(location: string | undefined, cwd: string, key: CacheKey): ParseCache {
  return new ParseCache(location ? path.resolve(cwd, location) : defaultCacheLocation(cwd), cacheKeyOf(key));
}
