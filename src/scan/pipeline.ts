import { availableParallelism } from 'node:os';
import { type Scanner, type Chunk, type Finding } from '../engine/index.js';
import type { ScanReport } from '../report/index.js';
import { readFileChunk, type FileSourceOptions } from '../sources/files.js';
import { emptySkips, type SkipCounts } from '../sources/types.js';
import { ScanPool } from './pool.js';
import { VERSION } from './version.js';

/** Decides whether a finding stays in the report; `chunk` is the text it came from (for inline ignores). */
export type FindingFilter = (finding: Finding, chunk: Chunk) => boolean;

/** A file to read and scan, on this thread or, in a big scan, by a worker (which reads it too). */
export interface FileUnit {
  /** Absolute path. */
  file: string;
}

/**
 * What a source yields: text already in hand (git blobs, the index, stdin) or a file to read.
 * Text may come with its `findings` already known (a cache hit): it is not scanned again.
 */
export type ScanUnit = (Chunk & { bytes: number; findings?: Finding[] }) | FileUnit;
export type ChunkSource = AsyncIterable<ScanUnit> | Iterable<ScanUnit>;

/** How file units are read: relative to `root`, size limit, and where skips and warnings go. */
export type FileReadOptions = Pick<FileSourceOptions, 'root' | 'maxFileSize' | 'warn' | 'skipped'>;

export interface PipelineOptions {
  scanner: Scanner;
  filters?: FindingFilter[];
  skipped?: SkipCounts;
  /** Required when the source yields file units. */
  read?: FileReadOptions;
  /**
   * Sees (and may trim) each chunk's raw findings before the filters: the history cache
   * learns which blobs are clean, `staged` keeps only added lines. Runs on this thread
   * whichever thread scanned the chunk.
   */
  observe?: (chunk: Chunk, raw: Finding[]) => Finding[];
  /** Adds origin facts (commit, author) to the findings of a chunk. */
  annotate?: (finding: Finding, chunk: Chunk) => void;
  onProgress?: (done: { files: number; bytes: number }) => void;
  /** Worker threads for big scans (default: one per core; 0 or 1 scans on this thread only). */
  threads?: number;
  /** Characters of text scanned on this thread before workers start (default PARALLEL_AFTER_BYTES). */
  parallelAfterBytes?: number;
}

// A scan moves to worker threads once it has scanned this much text: below it, starting
// workers (each compiles the rules) costs more than it saves, and hooks stay lean.
const PARALLEL_AFTER_BYTES = 8 * 1024 * 1024;
// Units handed to workers and not yet back: enough to keep every worker busy, few
// enough to bound memory.
const IN_FLIGHT_PER_THREAD = 8;

/** A unit's text (undefined when the file was skipped) and its findings. */
type Scanned = { chunk: Chunk & { bytes: number }; findings: Finding[] } | undefined;

/** Runs units through the engine and the filters: the one path every door shares. */
export async function runPipeline(source: ChunkSource, options: PipelineOptions): Promise<ScanReport> {
  const started = performance.now();
  const { scanner } = options;
  const done = { files: 0, bytes: 0 };
  // Text actually scanned so far (a blob the history cache already cleared has none).
  let textScanned = 0;
  let suppressed = 0;
  const threads = options.threads ?? availableParallelism();
  const parallelAfter = options.parallelAfterBytes ?? PARALLEL_AFTER_BYTES;
  let pool: ScanPool | undefined;
  let poolTried = false;

  const readOptions = () => {
    if (!options.read) throw new Error('runPipeline: a file unit needs options.read');
    return options.read;
  };
  const scanHere = (unit: ScanUnit): Scanned => {
    if (!('file' in unit)) return { chunk: unit, findings: unit.findings ?? scanner.scan(unit) };
    const chunk = readFileChunk(unit.file, readOptions());
    return chunk && { chunk, findings: scanner.scan(chunk) };
  };
  const scanInPool = async (p: ScanPool, unit: ScanUnit): Promise<Scanned> => {
    if (!('file' in unit)) return { chunk: unit, findings: unit.findings ?? (await p.scan(unit)) };
    const read = readOptions();
    const result = await p.scanFile(unit.file, read.root, read.maxFileSize);
    for (const [key, n] of Object.entries(result.skipped)) read.skipped[key as keyof SkipCounts] += n;
    result.warnings.forEach((w) => read.warn(w));
    return result.chunk && { chunk: result.chunk, findings: result.findings };
  };

  // Each unit's findings are filtered as soon as it is scanned (so no text is held after)
  // and stored by its position in the source, so the report's order does not depend on
  // which thread finished first. Only unfinished units count against the in-flight limit:
  // one huge file must not stall the other workers.
  const kept: Finding[][] = [];
  const finish = (seq: number, scanned: Scanned) => {
    if (!scanned) return;
    const { chunk } = scanned;
    const raw = options.observe ? options.observe(chunk, scanned.findings) : scanned.findings;
    kept[seq] = raw.filter((f) => {
      if (options.filters?.some((keep) => !keep(f, chunk))) {
        suppressed++;
        return false;
      }
      options.annotate?.(f, chunk);
      return true;
    });
    done.files++;
    done.bytes += chunk.bytes;
    textScanned += chunk.text.length;
    options.onProgress?.({ ...done });
  };
  let inFlight = 0;
  let failure: { error: unknown } | undefined;
  let wake: (() => void) | undefined;
  const slotFreed = () => new Promise<void>((resolve) => (wake = resolve));
  let seq = 0;
  try {
    for await (const unit of source) {
      if (!poolTried && threads > 1 && textScanned >= parallelAfter) {
        poolTried = true;
        pool = ScanPool.start(scanner.rules, threads);
      }
      const index = seq++;
      if (!pool) {
        finish(index, scanHere(unit));
        continue;
      }
      const result = scanInPool(pool, unit);
      inFlight++;
      result
        .then((scanned) => finish(index, scanned))
        .catch((error: unknown) => void (failure ??= { error }))
        .finally(() => {
          inFlight--;
          wake?.();
        });
      while (inFlight >= threads * IN_FLIGHT_PER_THREAD && !failure) await slotFreed();
      if (failure) break;
    }
    while (inFlight > 0) await slotFreed();
  } finally {
    await pool?.close();
  }
  if (failure) throw failure.error;
  const findings = kept.flat();
  return {
    findings,
    stats: {
      files: done.files,
      bytes: done.bytes,
      durationMs: Math.round(performance.now() - started),
      rules: scanner.rules.length,
      skipped: options.skipped ?? emptySkips(),
      suppressed,
    },
    tool: { name: 'keylint', version: VERSION },
  };
}

/** File units for a list of absolute paths. */
export function fileUnits(files: readonly string[]): FileUnit[] {
  return files.map((file) => ({ file }));
}
