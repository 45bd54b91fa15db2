import { availableParallelism } from 'node:os';
import { type Scanner, type Chunk, type Finding } from '../engine/index.js';
import type { ScanReport } from '../report/index.js';
import { readFileChunk, type BigFile, type FilePath, type FileSourceOptions } from '../sources/files.js';
import { ownsFinding, PIECE_BYTES, PIECE_OVERLAP, readFilePieces, toFilePosition } from '../sources/file-pieces.js';
import { emptySkips, type SkipCounts, type WarnFn } from '../sources/types.js';
import type { RegexOverrun } from '../engine/index.js';
import { ScanPool } from './pool.js';
import { ReadAhead, type ReadResult } from './read-ahead.js';
import type { ReadNotes } from './worker-read.js';
import { VERSION } from './version.js';

/** Decides whether a finding stays in the report; `chunk` is the text it came from (for inline ignores). */
export type FindingFilter = (finding: Finding, chunk: Chunk) => boolean;

/** A file to read and scan, on this thread or, in a big scan, by a worker (which reads it too). */
export interface FileUnit {
  /** Absolute path (bytes when the name is not valid UTF-8). */
  file: FilePath;
}

/**
 * What a source yields: text already in hand (git blobs, the index, stdin) or a file to read.
 * Text may come with its `findings` already known (a cache hit): it is not scanned again.
 */
export type ScanUnit = TextUnit | FileUnit;
/** Text already in hand, with its size in bytes and, when already known, its findings. */
export type TextUnit = Chunk & { bytes: number; findings?: Finding[] };
export type ChunkSource = AsyncIterable<ScanUnit> | Iterable<ScanUnit>;

/** How file units are read: relative to `root`, size limit, and where skips and warnings go. */
export type FileReadOptions = Pick<FileSourceOptions, 'root' | 'maxFileSize' | 'warn' | 'skipped' | 'pieceBytes'>;

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
  /** Where warnings about text the scan could not fully check go (default: read.warn, else nowhere but the counts). */
  warn?: WarnFn;
  /**
   * Threads for big scans, this one included (default: one per core; 0 or 1 scans on this
   * thread only): this thread scans too whenever every worker has enough queued.
   */
  threads?: number;
  /** Characters of text scanned on this thread before workers start (default PARALLEL_AFTER_BYTES). */
  parallelAfterBytes?: number;
  /**
   * A read-ahead thread the caller started already (startReadAhead), so it could boot while
   * the files were listed: file units go to it once it is ready. The pipeline closes it.
   */
  readAhead?: PipelineReadAhead;
}

/** A read-ahead thread as the pipeline uses it: each file goes with its unit and place in the source. */
export type PipelineReadAhead = ReadAhead<{ unit: FileUnit; index: number }>;

/**
 * A read-ahead thread for a scan of files with `threads` threads (runPipeline's default
 * when undefined), started before the files are listed; undefined where the pipeline
 * would not use one (not two threads).
 */
export function startReadAhead(scanner: Scanner, threads = availableParallelism()): PipelineReadAhead | undefined {
  return threads === 2 ? ReadAhead.start(scanner.keywordTables) : undefined;
}

// A scan starts worker threads once it has scanned this much text: below it, starting
// workers (each compiles the rules) costs more than it saves, and hooks stay lean. This
// thread goes on scanning while they start, and hands them work only once they are ready.
const PARALLEL_AFTER_BYTES = 2 * 1024 * 1024;
// Requests handed to workers and not yet back: enough to keep every worker busy, few
// enough to bound memory.
const IN_FLIGHT_PER_THREAD = 4;
// Units a worker scans per request: a message each way costs about as much as scanning a
// small file, so one per file spent a tenth of the workers' time on messages. Texts travel
// in the message (files are read by the worker), so their batches are also cut by size.
const UNITS_PER_REQUEST = 32;
const TEXT_PER_REQUEST = 1 << 20;
// Files handed to the read-ahead thread per message, and how far it may run ahead of the
// scan: enough that this thread never waits for it, few enough to bound what it holds
// (its ring bounds the bytes).
const READ_AHEAD_BATCH = 32;
const READ_AHEAD_FILES = 2048;

/** A unit's text (undefined when the file was skipped) and its findings, or a file too big for one string. */
type Scanned = { chunk: Chunk & { bytes: number }; findings: Finding[] } | { big: BigFile; file: FilePath } | undefined;

/** Runs units through the engine and the filters: the one path every door shares. */
export async function runPipeline(source: ChunkSource, options: PipelineOptions): Promise<ScanReport> {
  // hrtime, not the `performance` global, whose first use loads perf_hooks (2 ms of a commit hook).
  const started = process.hrtime.bigint();
  const { scanner } = options;
  const done = { files: 0, bytes: 0 };
  // Text actually scanned so far (a blob the history cache already cleared has none).
  let textScanned = 0;
  let suppressed = 0;
  const threads = options.threads ?? availableParallelism();
  const parallelAfter = options.parallelAfterBytes ?? PARALLEL_AFTER_BYTES;
  let pool: ScanPool | undefined;
  /** On two threads, file scans split into reading (with the keyword loop) there and the rest here. */
  let ahead = options.readAhead;
  let poolTried = ahead !== undefined;

  const skipped = options.skipped ?? emptySkips();
  // A rule stopped on a text may have hidden a match there: counted, and named in a warning.
  const overran = (overruns: readonly RegexOverrun[]) => {
    for (const o of overruns) {
      skipped.regexTimeouts++;
      (options.warn ?? options.read?.warn)?.(
        `${o.path}: rule ${o.ruleId} took too long on this text and was stopped there; the scan went on (a match there may be missed: simplify the rule's regex)`,
      );
    }
  };
  const readOptions = () => {
    if (!options.read) throw new Error('runPipeline: a file unit needs options.read');
    return options.read;
  };
  const scanHere = (unit: ScanUnit): Scanned => {
    const scan = (chunk: Chunk) => {
      const findings = scanner.scan(chunk);
      overran(scanner.takeOverruns());
      return findings;
    };
    if (!('file' in unit)) return { chunk: unit, findings: scan(unit) }; // a unit with known findings never gets here
    const chunk = readFileChunk(unit.file, readOptions());
    if (chunk && 'big' in chunk) return { big: chunk, file: unit.file };
    return chunk && { chunk, findings: scan(chunk) };
  };
  const scanTextsInPool = async (p: ScanPool, units: readonly TextUnit[]): Promise<Scanned[]> => {
    const results = await p.scanTexts(units);
    return results.map((result, i) => {
      overran(result.overruns);
      return { chunk: units[i]!, findings: result.findings };
    });
  };
  /** Counts the skips and passes on the warnings that reading a file on another thread caused. */
  const tookNote = ({ skipped: skips, warnings }: ReadNotes) => {
    const read = readOptions();
    if (skips) for (const [key, n] of Object.entries(skips)) read.skipped[key as keyof SkipCounts] += n;
    warnings?.forEach((w) => read.warn(w));
  };
  const scanFilesInPool = async (p: ScanPool, units: readonly FileUnit[]): Promise<Scanned[]> => {
    const read = readOptions();
    const results = await p.scanFiles(
      units.map((u) => u.file),
      read.root,
      read.maxFileSize,
      read.pieceBytes,
    );
    return results.map((result, i): Scanned => {
      overran(result.overruns);
      if (result.big) return { big: result.big, file: units[i]!.file };
      tookNote(result);
      return result.chunk && { chunk: result.chunk, findings: result.findings };
    });
  };
  /** Scans a file the read-ahead thread read, with the keyword positions it found; frees its room in the ring after. */
  const scanReadAhead = (a: ReadAhead<unknown>, file: FilePath, result: ReadResult): Scanned => {
    tookNote(result);
    if (result.big) return { big: result.big, file };
    if (result.path === undefined) return undefined;
    try {
      const chunk = a.chunkOf(result);
      const findings = scanner.scan(chunk, result.positions);
      overran(scanner.takeOverruns());
      return { chunk, findings };
    } finally {
      a.release(result);
    }
  };

  // Each unit's findings are filtered as soon as it is scanned (so no text is held after)
  // and stored by its position in the source, so the report's order does not depend on
  // which thread finished first. Only unfinished units count against the in-flight limit:
  // one huge file must not stall the other workers.
  const kept: Finding[][] = [];
  // A file too big for one string is scanned here, piece by piece (each piece is filtered
  // with its own text, for inline ignores), and its findings moved to file positions.
  const scanBigFile = (file: FilePath, big: BigFile): Finding[] => {
    const read = readOptions();
    const pieceBytes = read.pieceBytes ?? PIECE_BYTES;
    const out: Finding[] = [];
    try {
      for (const piece of readFilePieces(file, big.path, pieceBytes, Math.min(PIECE_OVERLAP, Math.floor(pieceBytes / 8)))) {
        const found = scanner.scan(piece);
        overran(scanner.takeOverruns());
        for (const f of options.observe ? options.observe(piece, found) : found) {
          if (!ownsFinding(piece, f)) continue;
          if (options.filters?.some((keep) => !keep(f, piece))) {
            suppressed++;
            continue;
          }
          options.annotate?.(f, piece);
          toFilePosition(piece, f);
          out.push(f);
        }
        done.bytes += piece.bytes;
        textScanned += piece.text.length;
      }
    } catch (e) {
      read.skipped.unreadable++;
      read.warn(`${big.path}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); findings before the failure are kept`);
    }
    return out;
  };
  const finish = (seq: number, scanned: Scanned) => {
    if (!scanned) return;
    if ('big' in scanned) {
      kept[seq] = scanBigFile(scanned.file, scanned.big);
      done.files++;
      options.onProgress?.({ ...done });
      return;
    }
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
    // A unit whose findings were known (a history cache hit) was read, not scanned: its text
    // must not start workers that would have nothing to do.
    if (!(chunk as TextUnit).findings) textScanned += chunk.text.length;
    options.onProgress?.({ ...done });
  };
  let inFlight = 0;
  let failure: { error: unknown } | undefined;
  let wake: (() => void) | undefined;
  const slotFreed = () => new Promise<void>((resolve) => (wake = resolve));
  /** Hands a request to the pool; `settle` files its results under their units' positions. */
  const dispatch = <T>(request: Promise<T>, settle: (result: T) => void) => {
    inFlight++;
    request
      .then(settle)
      .catch((error: unknown) => void (failure ??= { error }))
      .finally(() => {
        inFlight--;
        wake?.();
      });
  };
  // Units waiting to go to a worker together, with their positions in the source.
  let files: { unit: FileUnit; index: number }[] = [];
  let texts: { unit: TextUnit; index: number }[] = [];
  let textLength = 0;
  /** Hands units to the pool together; each result is filed under its unit's position in the source. */
  const sendBatch = <U>(sent: readonly { unit: U; index: number }[], scan: (units: U[]) => Promise<Scanned[]>) =>
    dispatch(scan(sent.map((b) => b.unit)), (results) => results.forEach((scanned, i) => finish(sent[i]!.index, scanned)));
  const sendFiles = (p: ScanPool) => {
    sendBatch(files, (units) => scanFilesInPool(p, units));
    files = [];
  };
  const sendTexts = (p: ScanPool) => {
    sendBatch(texts, (units) => scanTextsInPool(p, units));
    texts = [];
    textLength = 0;
  };
  let aheadBatch: { unit: FileUnit; index: number }[] = [];
  const sendAhead = (a: NonNullable<typeof ahead>) => {
    const read = readOptions();
    a.push(aheadBatch, { files: aheadBatch.map(({ unit }) => unit.file), root: read.root, maxFileSize: read.maxFileSize, pieceBytes: read.pieceBytes });
    aheadBatch = [];
  };
  const scanNextAhead = async (a: NonNullable<typeof ahead>) => {
    const { item, result } = await a.next();
    finish(item.index, scanReadAhead(a, item.unit.file, result));
  };
  let seq = 0;
  try {
    for await (const unit of source) {
      if (!poolTried && threads > 1 && textScanned >= parallelAfter) {
        poolTried = true;
        // Two threads scanning files split the work by stage (read-ahead.ts); more take whole files each.
        ahead = 'file' in unit ? startReadAhead(scanner, threads) : undefined;
        if (!ahead) pool = ScanPool.start(scanner.rules, threads - 1);
        // Asked to go parallel from the first byte (tests do, to exercise the workers): wait for one.
        if (parallelAfter === 0) await (pool ?? ahead)?.ready;
      }
      const index = seq++;
      if (!('file' in unit) && unit.findings) {
        finish(index, { chunk: unit, findings: unit.findings }); // known already (a cache hit): nothing to scan
      } else if (ahead?.isReady && 'file' in unit) {
        aheadBatch.push({ unit, index });
        if (aheadBatch.length >= READ_AHEAD_BATCH) sendAhead(ahead);
        while (ahead.pending > READ_AHEAD_FILES) await scanNextAhead(ahead);
      } else if (!pool || inFlight >= pool.readyWorkers * IN_FLIGHT_PER_THREAD) {
        // No workers ready yet, or every one has enough queued: this thread scans the unit,
        // then lets the workers' messages in (a loop of awaits alone would never yield to them).
        finish(index, scanHere(unit));
        if (pool || (ahead && !ahead.isReady)) await new Promise((resolve) => setImmediate(resolve));
      } else if ('file' in unit) {
        files.push({ unit, index });
        if (files.length >= UNITS_PER_REQUEST) sendFiles(pool);
      } else {
        texts.push({ unit, index });
        textLength += unit.text.length;
        if (texts.length >= UNITS_PER_REQUEST || textLength >= TEXT_PER_REQUEST) sendTexts(pool);
      }
      if (failure) break;
    }
    if (pool && files.length && !failure) sendFiles(pool);
    if (pool && texts.length && !failure) sendTexts(pool);
    if (ahead && aheadBatch.length && !failure) sendAhead(ahead);
    while (ahead && ahead.pending > 0 && !failure) await scanNextAhead(ahead);
    while (inFlight > 0) await slotFreed();
  } finally {
    await pool?.close();
    await ahead?.close();
  }
  if (failure) throw failure.error;
  const findings = kept.flat();
  return {
    findings,
    stats: {
      files: done.files,
      bytes: done.bytes,
      durationMs: Number((process.hrtime.bigint() - started) / 1_000_000n),
      rules: scanner.rules.length,
      skipped,
      suppressed,
    },
    tool: { name: 'keylint', version: VERSION },
  };
}

/** File units for a list of absolute paths. */
export function fileUnits(files: readonly FilePath[]): FileUnit[] {
  return files.map((file) => ({ file }));
}
