import { execFile } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import { closeSync, constants as fsConstants, existsSync, fstatSync, lstatSync, openSync, readSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import { KeylintError, type Chunk } from '../engine/index.js';
import { gitignoreToGlobs } from './gitignore.js';
import { decodeText, looksBinary } from './content.js';
import { pathFilter } from './path-filter.js';
import type { SkipCounts, WarnFn } from './types.js';

const run = promisify(execFile);

export interface FileSourceOptions {
  /** Files or folders to scan, as the user wrote them (relative to `cwd`). */
  paths: string[];
  cwd: string;
  /** The folder reported paths are relative to. */
  root: string;
  include?: string[];
  exclude?: string[];
  maxFileSize: number;
  warn: WarnFn;
  skipped: SkipCounts;
  /** Scan files .gitignore (or git's exclude rules) leave out, and node_modules. */
  noIgnore?: boolean;
}

/** A file's text as a chunk, plus its size in bytes. */
export interface FileChunk extends Chunk {
  bytes: number;
}

// Folders no one wants scanned when there is no .gitignore to say so.
const ALWAYS_EXCLUDED = ['**/.git/**', '**/node_modules/**'];

async function gitFiles(dir: string): Promise<string[] | undefined> {
  try {
    const top = (await run('git', ['rev-parse', '--is-inside-work-tree'], { cwd: dir })).stdout.trim();
    if (top !== 'true') return undefined;
    const { stdout } = await run('git', ['ls-files', '-co', '--exclude-standard', '-z', '--', '.'], { cwd: dir, maxBuffer: 1 << 30 });
    return stdout.split('\0').filter(Boolean);
  } catch {
    return undefined;
  }
}

// Imported on first use, not at the top: inside a git work tree (and in every hook) git lists the files.
async function fastGlob() {
  return (await import('fast-glob')).default;
}

function globOptions(dir: string, ignore: string[]) {
  return { cwd: dir, dot: true, onlyFiles: true, followSymbolicLinks: false, ignore, suppressErrors: true };
}

async function globFiles(dir: string, honorIgnores: boolean): Promise<string[]> {
  const ignore = honorIgnores ? [...ALWAYS_EXCLUDED] : ['**/.git/**'];
  const gitignore = join(dir, '.gitignore');
  if (honorIgnores && existsSync(gitignore)) ignore.push(...gitignoreToGlobs(await readFile(gitignore, 'utf8')));
  return (await fastGlob())('**/*', globOptions(dir, ignore));
}

/** Whether `dir` holds any file outside .git/; stops at the first (an ignored folder can be huge). */
async function hasAnyFile(dir: string): Promise<boolean> {
  for await (const _ of (await fastGlob()).stream('**/*', globOptions(dir, ['**/.git/**']))) return true;
  return false;
}

/**
 * Lists the files under `paths`: in a git work tree what git tracks or would track, else a
 * glob honoring .gitignore (and skipping node_modules); with `noIgnore`, every file but .git/.
 */
export async function listFiles(options: FileSourceOptions): Promise<string[]> {
  const root = resolve(options.root);
  const out = new Set<string>();
  for (const p of options.paths) {
    const abs = resolve(options.cwd, p);
    let info;
    try {
      info = await stat(abs);
    } catch {
      throw new KeylintError(`${p}: no such file or directory`);
    }
    if (info.isFile()) {
      out.add(abs);
      continue;
    }
    const names = options.noIgnore ? await globFiles(abs, false) : ((await gitFiles(abs)) ?? (await globFiles(abs, true)));
    if (names.length === 0 && !options.noIgnore && (await hasAnyFile(abs))) {
      options.warn(`${p}: every file here is ignored (.gitignore or git's exclude rules); --no-ignore scans them anyway`);
    }
    for (const n of names) out.add(join(abs, n));
  }
  const keep = pathFilter(options.include, options.exclude);
  return [...out]
    .map((abs) => ({ abs, rel: toPosix(relative(root, abs)) }))
    .filter(({ rel }) => keep(rel))
    .sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0))
    .map(({ abs }) => abs);
}

export function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}

// Opening with O_NOFOLLOW refuses a symlink in the same system call that opens the
// file (saving an lstat per file), and O_NONBLOCK keeps a FIFO from blocking the open.
// Platforms without the flags take the lstat route.
const { O_RDONLY, O_NOFOLLOW, O_NONBLOCK } = fsConstants;
const NO_FOLLOW_FLAGS = O_NOFOLLOW !== undefined && O_NONBLOCK !== undefined ? O_RDONLY | O_NOFOLLOW | O_NONBLOCK : undefined;

/**
 * A regular file's bytes, or undefined (counted) for a symlink, special file or one over
 * the size limit. Synchronous on purpose: reads come from the page cache in microseconds,
 * and the promise API's per-call overhead cost more than a fifth of a scan; scans run
 * on worker threads when big, so blocking one thread is fine.
 */
export function readRegularFile(abs: string, options: Pick<FileSourceOptions, 'maxFileSize' | 'skipped'>): Buffer | undefined {
  if (NO_FOLLOW_FLAGS === undefined && lstatSync(abs).isSymbolicLink()) {
    options.skipped.symlinks++;
    return undefined;
  }
  let fd: number;
  try {
    fd = openSync(abs, NO_FOLLOW_FLAGS ?? 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ELOOP') throw e;
    // Symlinks are never followed: one could point outside the scan root (or loop).
    options.skipped.symlinks++;
    return undefined;
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) return undefined;
    if (info.size > options.maxFileSize) {
      options.skipped.tooLarge++;
      return undefined;
    }
    return readExactly(fd, info.size);
  } finally {
    closeSync(fd);
  }
}

/** Reads up to `size` bytes (the size fstat just gave; readFileSync would fstat again). */
function readExactly(fd: number, size: number): Buffer {
  const buffer = Buffer.allocUnsafe(size);
  let filled = 0;
  while (filled < size) {
    const bytesRead = readSync(fd, buffer, filled, size - filled, filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled === size ? buffer : buffer.subarray(0, filled);
}

/**
 * Reads one file as a chunk, or undefined (counted in `skipped`) when it is a symlink,
 * binary, larger than the limit, or unreadable.
 */
export function readFileChunk(abs: string, options: Pick<FileSourceOptions, 'root' | 'maxFileSize' | 'warn' | 'skipped'>): FileChunk | undefined {
  const rel = toPosix(relative(resolve(options.root), abs)) || toPosix(abs);
  try {
    const bytes = readRegularFile(abs, options);
    if (!bytes) return undefined;
    if (looksBinary(bytes)) {
      options.skipped.binary++;
      return undefined;
    }
    // The bytes go along so the engine's prefilter reads them instead of re-encoding the text.
    return { path: rel, text: decodeText(bytes), bytes: bytes.length, utf8: bytes };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    options.skipped.unreadable++;
    options.warn(`${rel}: cannot read (${code}), skipped`);
    return undefined;
  }
}
