import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import type { CompiledRule, FindingLocation } from '../../engine/index.js';

/**
 * What an earlier run learned about a blob at a path: clean (no finding at all), binary,
 * too large, or where its findings are (`findings`).
 */
export type CacheFlag = 'clean' | 'binary' | 'large' | 'findings';
export interface CacheEntry {
  flag: CacheFlag;
  size: number;
  /** With `findings`: each raw finding's location and classification, never its value. */
  findings?: FindingLocation[];
}

const FLAG_CODE: Record<CacheFlag, string> = { clean: 'c', binary: 'b', large: 'l', findings: 'f' };
const CODE_FLAG: Record<string, CacheFlag> = { c: 'clean', b: 'binary', l: 'large', f: 'findings' };

/**
 * A hash of everything that decides a scanner's raw findings: every rule's fields (regexes as
 * source and flags) and keylint's version (the engine's code). A change to either starts a new cache.
 */
export function ruleSetHash(rules: readonly CompiledRule[], version: string): string {
  const json = JSON.stringify({ version, rules }, (_key, value: unknown) => (value instanceof RegExp ? `/${value.source}/${value.flags}` : value));
  return createHash('sha256').update(json).digest('hex').slice(0, 16);
}

/** A blob's cache key: its id and its path (rules and classification depend on the path). */
export function cacheKey(blob: string, path: string): string {
  return `${blob}:${crc32(path).toString(16).padStart(8, '0')}`;
}

/**
 * Blob ids already scanned under a rule set, kept in `.git/keylint/` so a second history run
 * reads only what is new. A clean blob is not read again. A blob with findings is read again
 * but not scanned: the cache holds where its findings are (rule, offsets, classification),
 * never a value, a redaction or a fingerprint, so it holds nothing about a secret that the
 * repository itself does not.
 */
export class BlobCache {
  private added = 0;

  private constructor(
    private readonly file: string,
    private readonly entries: Map<string, CacheEntry>,
  ) {}

  /** Loads the cache for a rule set (an unreadable or missing file is an empty cache). */
  static async open(dir: string, ruleHash: string): Promise<BlobCache> {
    const file = join(dir, `blobs-${ruleHash}.txt`);
    const entries = new Map<string, CacheEntry>();
    let text = '';
    try {
      text = await readFile(file, 'utf8');
    } catch {
      // first run, or a cache someone deleted
    }
    for (const line of text.split('\n')) {
      // `key flag size [locations]`: cut at the first three spaces only (the locations' JSON holds spaces of its own).
      const afterKey = line.indexOf(' ');
      const afterFlag = line.indexOf(' ', afterKey + 1);
      const afterSize = line.indexOf(' ', afterFlag + 1);
      const key = line.slice(0, afterKey);
      const flag = CODE_FLAG[line.slice(afterKey + 1, afterFlag)];
      const size = line.slice(afterFlag + 1, afterSize < 0 ? undefined : afterSize);
      if (afterKey <= 0 || afterFlag < 0 || !flag || !size) continue;
      if (flag !== 'findings') entries.set(key, { flag, size: Number(size) });
      else {
        const findings = afterSize < 0 ? undefined : parseLocations(line.slice(afterSize + 1));
        if (findings) entries.set(key, { flag, size: Number(size), findings });
      }
    }
    return new BlobCache(file, entries);
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): CacheEntry | undefined {
    return this.entries.get(key);
  }

  set(key: string, entry: CacheEntry): void {
    this.entries.set(key, entry);
    this.added++;
  }

  /** Writes the cache atomically and drops caches of other rule sets (they can never be valid again). */
  async save(): Promise<void> {
    if (this.added === 0) return;
    const dir = join(this.file, '..');
    await mkdir(dir, { recursive: true });
    const lines: string[] = [];
    for (const [key, e] of this.entries) lines.push(`${key} ${FLAG_CODE[e.flag]} ${e.size}${e.findings ? ` ${JSON.stringify(e.findings)}` : ''}`);
    const tmp = `${this.file}.${process.pid}.tmp`;
    await writeFile(tmp, lines.join('\n') + '\n');
    await rename(tmp, this.file);
    const mine = this.file.slice(dir.length + 1);
    for (const name of await readdir(dir)) {
      if (name.startsWith('blobs-') && name !== mine && !name.endsWith('.tmp')) await rm(join(dir, name), { force: true });
    }
    this.added = 0;
  }
}

/** A cache line's finding locations, or undefined when the line was damaged (the blob is then scanned again). */
function parseLocations(json: string): FindingLocation[] | undefined {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) && value.length > 0 ? (value as FindingLocation[]) : undefined;
  } catch {
    return undefined;
  }
}
