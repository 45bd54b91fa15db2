import { Scanner, type Chunk, type Finding } from '../engine/index.js';
import type { ScanReport } from '../report/index.js';
import { emptySkips, type SkipCounts } from '../sources/types.js';
import { VERSION } from './version.js';

/** Decides whether a finding stays in the report; `chunk` is the text it came from (for inline ignores). */
export type FindingFilter = (finding: Finding, chunk: Chunk) => boolean;

/** Text chunks from any source (files, git blobs, the index, stdin). */
export type ChunkSource = AsyncIterable<Chunk & { bytes: number }>;

export interface PipelineOptions {
  scanner: Scanner;
  filters?: FindingFilter[];
  skipped?: SkipCounts;
  /** Adds origin facts (commit, author) to the findings of a chunk. */
  annotate?: (finding: Finding, chunk: Chunk) => void;
  onProgress?: (done: { files: number; bytes: number }) => void;
}

/** Runs chunks through the engine and the filters: the one path every door shares. */
export async function runPipeline(source: ChunkSource, options: PipelineOptions): Promise<ScanReport> {
  const started = performance.now();
  const findings: Finding[] = [];
  let files = 0;
  let bytes = 0;
  let suppressed = 0;
  for await (const chunk of source) {
    files++;
    bytes += chunk.bytes;
    for (const f of options.scanner.scan(chunk)) {
      if (options.filters?.some((keep) => !keep(f, chunk))) {
        suppressed++;
        continue;
      }
      options.annotate?.(f, chunk);
      findings.push(f);
    }
    options.onProgress?.({ files, bytes });
  }
  return {
    findings,
    stats: {
      files,
      bytes,
      durationMs: Math.round(performance.now() - started),
      rules: options.scanner.rules.length,
      skipped: options.skipped ?? emptySkips(),
      suppressed,
    },
    tool: { name: 'keylint', version: VERSION },
  };
}

/**
 * Yields the results of `read` over `items` in order while keeping up to `width`
 * reads in flight, so file I/O overlaps with scanning.
 */
export async function* readAhead<T, R>(items: readonly T[], read: (item: T) => Promise<R | undefined>, width = 16): AsyncGenerator<R> {
  const pending: Promise<R | undefined>[] = [];
  let next = 0;
  const fill = () => {
    while (pending.length < width && next < items.length) pending.push(read(items[next++]!));
  };
  fill();
  while (pending.length) {
    const value = await pending.shift()!;
    fill();
    if (value !== undefined) yield value;
  }
}
