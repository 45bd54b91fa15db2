import { existsSync, statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { listFiles, shownPath, toPosix, type FilePath } from '../sources/files.js';
import { emptySkips } from '../sources/types.js';
import type { ScanOptions } from './options.js';
import { runPipeline, startReadAhead, type FileReadOptions, type ScanUnit } from './pipeline.js';
import { isArchivePath, readArchiveChunks } from '../sources/archive-files.js';
import { finishScan, type ScanResult } from './result.js';
import { scanSetup, withFolderConfigs, type ScanSetup } from './setup.js';
import { nestedConfigFiles } from '../config/cascade.js';

/** Options of a scan of files and folders. */
export interface PathScanOptions extends ScanOptions {
  /** Also scan what .gitignore (or git's exclude rules) leaves out, and node_modules (default false). */
  noIgnore?: boolean;
  /** Folder reported paths are relative to and the config is looked up from (default: see scanRoot). */
  root?: string;
}

// Fewer files than this are scanned on this thread alone even when a read-ahead thread was
// started for them (a file list is known only after the thread has started booting).
const READ_AHEAD_FROM_FILES = 200;

/** Reported paths are relative to the one folder scanned (or the one file's folder), else to the working directory. */
export function scanRoot(paths: readonly string[], cwd: string): string {
  if (paths.length !== 1) return cwd;
  const target = resolve(cwd, paths[0]!);
  return existsSync(target) && statSync(target).isFile() ? dirname(target) : target;
}

/** Scans files and folders and returns the result with the setup it used (the baseline command reads its config). */
export async function runPathScan(paths: readonly string[], options: PathScanOptions = {}): Promise<{ result: ScanResult; setup: ScanSetup }> {
  const cwd = options.cwd ?? process.cwd();
  const root = options.root ?? scanRoot(paths, cwd);
  const flat = scanSetup({ ...options, cwd }, root);
  const { include, exclude, maxFileSize, warn, threads } = flat.options;
  const skipped = emptySkips();
  const read = { paths: [...paths], cwd, root, include, exclude, maxFileSize, warn, skipped, noIgnore: options.noIgnore, pieceBytes: options.pieceBytes };
  // The read-ahead thread boots (on the other core) while this one lists the files.
  let readAhead = startReadAhead(flat.scanner, threads);
  let setup: ScanSetup;
  let files: FilePath[];
  try {
    const listed = await listFiles(read);
    setup = withFolderConfigs(flat, nestedConfigFiles(listed.map(shownPath), flat.config), root, cwd);
    const cascade = setup.cascade;
    files = cascade ? listed.filter((f) => !cascade.skips(toPosix(relative(root, shownPath(f))))) : listed;
  } catch (e) {
    await readAhead?.close(); // a running thread would keep the process alive
    throw e;
  }
  // Folder configs with rules of their own make another scanner, with other keyword tables; a
  // handful of files is done before the thread would help.
  if (readAhead && (setup.scanner !== flat.scanner || files.length < READ_AHEAD_FROM_FILES)) {
    await readAhead.close();
    readAhead = undefined;
  }
  const onProgress = options.onProgress;
  const report = await runPipeline(pathUnits(files, read), {
    scanner: setup.scanner,
    filters: setup.filters,
    skipped,
    read,
    warn,
    threads,
    readAhead,
    onProgress: onProgress && ((done) => onProgress({ ...done, total: files.length })),
  });
  return { result: await finishScan(report, setup, options, root), setup };
}

/** Scans files and folders (a folder honors .gitignore unless `noIgnore`) and returns the findings; never prints or exits. */
export async function scanPaths(paths: readonly string[], options: PathScanOptions = {}): Promise<ScanResult> {
  return (await runPathScan(paths, options)).result;
}

/** A file to read, or for an archive the text files inside it (read here, on this thread). */
function* pathUnits(files: readonly FilePath[], read: FileReadOptions): Iterable<ScanUnit> {
  for (const file of files) {
    const inside = typeof file === 'string' && isArchivePath(file) ? readArchiveChunks(file, read) : undefined;
    if (inside) yield* inside;
    else yield { file };
  }
}
