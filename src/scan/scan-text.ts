import type { Chunk } from '../engine/index.js';
import { emptySkips } from '../sources/types.js';
import type { ScanOptions } from './options.js';
import { runPipeline } from './pipeline.js';
import { finishScan, type ScanResult } from './result.js';
import { scanSetup } from './setup.js';

/** Options of a scan of text in hand. */
export interface TextScanOptions extends ScanOptions {
  /** The path the text is reported under (and that path-limited rules see); default `<text>`. */
  path?: string;
}

/**
 * Scans one chunk of text (stdin, a buffer) with the setup of the working directory.
 * The chunk is read after the setup, so a broken config fails before stdin is waited on.
 */
export async function scanChunk(
  read: (limits: { maxFileSize: number }) => Promise<Chunk & { bytes: number; truncated?: boolean }>,
  options: ScanOptions = {},
): Promise<ScanResult> {
  const cwd = options.cwd ?? process.cwd();
  const setup = scanSetup({ ...options, cwd }, cwd);
  const { truncated, ...chunk } = await read({ maxFileSize: setup.options.maxFileSize });
  const skipped = emptySkips();
  // Input without an end (stdin from /dev/zero) is read up to the size limit: the rest is not scanned, and that is said.
  if (truncated) {
    skipped.tooLarge++;
    setup.options.warn(
      `${chunk.path}: input is larger than the size limit (${setup.options.maxFileSize} bytes); only the start was scanned (raise --max-file-size to scan it all)`,
    );
  }
  const onProgress = options.onProgress;
  const report = await runPipeline([chunk], {
    scanner: setup.scanner,
    filters: setup.filters,
    skipped,
    warn: setup.options.warn,
    threads: setup.options.threads,
    onProgress: onProgress && ((done) => onProgress({ ...done, total: 1 })),
  });
  return await finishScan(report, setup, options, cwd);
}

/** Scans a string as if it were the file at `options.path`, with the config found from `cwd`; never prints or exits. */
export async function scanText(text: string, options: TextScanOptions = {}): Promise<ScanResult> {
  const { path = '<text>', ...rest } = options;
  return scanChunk(async () => ({ path, text, bytes: Buffer.byteLength(text) }), rest);
}
