import { execFile } from 'node:child_process';
import { lstat, readFile, stat } from 'node:fs/promises';
import { closeSync, constants as fsConstants, existsSync, fstatSync, lstatSync, openSync, readdir, readdirSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import { isUtf8 } from 'node:buffer';
import { KeylintError } from '../engine/errors.js';
import type { Chunk } from '../engine/types.js';
import { gitignoreToGlobs } from './gitignore.js';
import { decodeText, looksBinary, BINARY_SNIFF_BYTES } from './content.js';
import { PIECE_BYTES } from './file-pieces.js';
import { checkGlobs } from './globs.js';
import { pathFilter } from './path-filter.js';
import type { SkipCounts, WarnFn } from './types.js';
import { readInto } from './read-into.js';

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
  /** Files larger than this are scanned in overlapping pieces (src/sources/file-pieces.ts). */
  pieceBytes?: number;
}

/** A file's text as a chunk, plus its size in bytes. */
export interface FileChunk extends Chunk {
  bytes: number;
}

/** A file too big for one string: its caller reads it in pieces (readFilePieces). */
export interface BigFile {
  path: string;
  bytes: number;
  big: true;
}

/**
 * A file to scan: a path string, or its raw bytes when the name is not valid UTF-8
 * (the OS names files in bytes; a string would turn them into U+FFFD and miss the file).
 */
export type FilePath = string | Buffer;

/** A path as shown in reports and messages (undecodable bytes become U+FFFD). */
export function shownPath(p: FilePath): string {
  return typeof p === 'string' ? p : p.toString('utf8');
}

/** `dir` joined with a name that arrived as bytes: a string when the bytes are valid UTF-8, else bytes. */
function joinBytes(dir: string, name: Buffer): FilePath {
  if (isUtf8(name)) return join(dir, name.toString('utf8'));
  return Buffer.concat([Buffer.from(dir.endsWith(sep) ? dir : dir + sep, 'utf8'), name]);
}

// Folders no one wants scanned when there is no .gitignore to say so.
const ALWAYS_EXCLUDED = ['**/.git/**', '**/node_modules/**'];

/** Files git lists under `dir`, as paths (bytes where a name is not UTF-8), or undefined outside a work tree. */
async function gitFiles(dir: string): Promise<FilePath[] | undefined> {
  let stdout: Buffer;
  try {
    const top = (await run('git', ['rev-parse', '--is-inside-work-tree'], { cwd: dir })).stdout.trim();
    if (top !== 'true') return undefined;
    stdout = (await run('git', ['ls-files', '-co', '--exclude-standard', '-z', '--', '.'], { cwd: dir, maxBuffer: 1 << 30, encoding: 'buffer' })).stdout;
  } catch {
    return undefined;
  }
  const out: FilePath[] = [];
  for (let at = 0; at < stdout.length;) {
    const end = stdout.indexOf(0, at);
    const stop = end < 0 ? stdout.length : end;
    if (stop > at) out.push(joinBytes(dir, stdout.subarray(at, stop)));
    at = stop + 1;
  }
  return out;
}

// Imported on first use, not at the top: inside a git work tree (and in every hook) git lists the files.
async function fastGlob() {
  return (await import('fast-glob')).default;
}

/** Reports a folder the walk could not list (too long a path, no permission): what is in it is not scanned. */
type OnUnlistable = (dir: string, code: string) => void;

function globOptions(dir: string, ignore: string[], onUnlistable?: OnUnlistable) {
  // fast-glob's suppressErrors would drop such folders silently; these readdirs report them and walk on.
  const unlistable = (path: string, e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return false;
    onUnlistable!(path, e.code ?? e.message);
    return true;
  };
  const fs = onUnlistable && {
    readdir: ((path: string, options: unknown, callback: (e: NodeJS.ErrnoException | null, entries: unknown[]) => void) =>
      readdir(path, options as { withFileTypes: true }, (e, entries) =>
        e && unlistable(path, e) ? callback(null, []) : callback(e, entries),
      )) as unknown as typeof readdir,
    readdirSync: ((path: string, options: unknown) => {
      try {
        return readdirSync(path, options as { withFileTypes: true });
      } catch (e) {
        if (unlistable(path, e as NodeJS.ErrnoException)) return [];
        throw e;
      }
    }) as unknown as typeof readdirSync,
  };
  // unique: one pattern lists each file once, so fast-glob need not keep a set of every path to drop repeats.
  return { cwd: dir, dot: true, onlyFiles: true, followSymbolicLinks: false, ignore, suppressErrors: true, unique: false, ...(fs && { fs }) };
}

async function globFiles(dir: string, honorIgnores: boolean, onUnlistable: OnUnlistable): Promise<FilePath[]> {
  const ignore = honorIgnores ? [...ALWAYS_EXCLUDED] : ['**/.git/**'];
  const gitignore = join(dir, '.gitignore');
  if (honorIgnores && existsSync(gitignore)) ignore.push(...gitignoreToGlobs(await readFile(gitignore, 'utf8')));
  // The synchronous walk: the promise API's callbacks cost a third more here (73 against 106 ms for the bench corpus's 8,871 files).
  const names = (await fastGlob()).sync('**/*', globOptions(dir, ignore, onUnlistable));
  return names.map((n) => (n.includes('\uFFFD') ? (bytePath(join(dir, n)) ?? join(dir, n)) : join(dir, n)));
}

/**
 * The byte path behind a name that came back from a string API with U+FFFD in it: each
 * such component is looked up by listing its folder as bytes. Undefined when it cannot be
 * told apart (two names decode the same).
 */
function bytePath(lossy: string): Buffer | undefined {
  const parts = lossy.split(sep);
  let dir = Buffer.from(parts[0] === '' ? sep : parts[0]!, 'utf8');
  for (const part of parts.slice(1)) {
    if (part === '') continue;
    const base = Buffer.from(dir.at(-1) === sep.charCodeAt(0) ? '' : sep, 'utf8');
    let name: Buffer = Buffer.from(part, 'utf8');
    if (part.includes('\uFFFD')) {
      let matches: Buffer[];
      try {
        matches = readdirSync(dir, { encoding: 'buffer' }).filter((n) => n.toString('utf8') === part);
      } catch {
        return undefined;
      }
      if (matches.length !== 1) return undefined;
      name = Buffer.from(matches[0]!);
    }
    dir = Buffer.concat([dir, base, name]);
  }
  return dir;
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
export async function listFiles(options: FileSourceOptions): Promise<FilePath[]> {
  const root = resolve(options.root);
  checkGlobs(options.include, '--include');
  checkGlobs(options.exclude, '--exclude');
  const out = new Map<string, FilePath>();
  const add = (p: FilePath) => out.set(typeof p === 'string' ? p : `\0${p.toString('hex')}`, p);
  const onUnlistable: OnUnlistable = (dir, code) => {
    options.skipped.unreadable++;
    options.warn(`${toPosix(relative(root, dir)) || dir}: cannot list this folder (${code}); the files in it were not scanned`);
  };
  for (const p of options.paths) {
    const abs = resolve(options.cwd, p);
    let info;
    try {
      info = await lstat(abs);
      // A symlink named on the command line is not followed: it could lead anywhere (outside the root, into a loop).
      if (info.isSymbolicLink()) {
        options.skipped.symlinks++;
        options.warn(`${p}: a symbolic link, not followed (name its target to scan it)`);
        continue;
      }
      info = await stat(abs);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') throw new KeylintError(`${p}: no such file or directory`);
      throw new KeylintError(`${p}: cannot read (${code ?? (e as Error).message})`);
    }
    if (info.isFile()) {
      add(abs);
      continue;
    }
    if (!info.isDirectory()) {
      // A FIFO, socket or device: reading it could block forever or never end.
      options.skipped.special++;
      options.warn(`${p}: not a regular file or folder (FIFO, socket or device), skipped`);
      continue;
    }
    const names = options.noIgnore ? await globFiles(abs, false, onUnlistable) : ((await gitFiles(abs)) ?? (await globFiles(abs, true, onUnlistable)));
    if (names.length === 0 && !options.noIgnore && (await hasAnyFile(abs))) {
      options.warn(`${p}: every file here is ignored (.gitignore or git's exclude rules); --no-ignore scans them anyway`);
    }
    for (const n of names) add(n);
  }
  const keep = pathFilter(options.include, options.exclude);
  const listed = [...out.values()].map((abs) => ({ abs, rel: pathUnderRoot(root, shownPath(abs)) }));
  const kept = listed.filter(({ rel }) => keep(rel));
  if (options.include?.length && listed.length > 0 && kept.length === 0) {
    options.warn(`--include ${options.include.join(' ')}: matches none of the ${listed.length} files found, so nothing was scanned`);
  }
  return kept.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0)).map(({ abs }) => abs);
}

export function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}

// Opening with O_NOFOLLOW refuses a symlink in the same system call that opens the
// file (saving an lstat per file), and O_NONBLOCK keeps a FIFO from blocking the open.
// Platforms without the flags take the lstat route.
// Files up to this size are read with one call (see readFileBytes).
const READ_WHOLE_BYTES = 1 << 20;
const { O_RDONLY, O_NOFOLLOW, O_NONBLOCK } = fsConstants;
const NO_FOLLOW_FLAGS = O_NOFOLLOW !== undefined && O_NONBLOCK !== undefined ? O_RDONLY | O_NOFOLLOW | O_NONBLOCK : undefined;

/**
 * A regular file's whole bytes, or undefined (counted) for a symlink, special file or one
 * over the size limit: for readers that need all of it (archives).
 */
export function readRegularFile(abs: string, options: Pick<FileSourceOptions, 'maxFileSize' | 'skipped' | 'warn'>): Buffer | undefined {
  const read = readFileBytes(abs, options, toPosix(abs), true);
  return Buffer.isBuffer(read) ? read : undefined;
}

// Files up to this size are read into one buffer that every read on the thread reuses.
const SCRATCH_MAX_BYTES = 16 << 20;
let scratch: Buffer | undefined;

/**
 * A buffer of `size` bytes to read a file into: unless `keep`, a view of the thread's
 * reusable buffer, which the next read overwrites. A fresh buffer per file cost a page
 * fault per 4 KB written (about a fifth of reading's time here); reusing one writes into
 * pages already mapped.
 */
function readBuffer(size: number, keep: boolean): Buffer {
  if (keep || size > SCRATCH_MAX_BYTES) return Buffer.allocUnsafe(size);
  if (!scratch || scratch.length < size) scratch = Buffer.allocUnsafe(Math.min(SCRATCH_MAX_BYTES, Math.max(size, 2 * (scratch?.length ?? 1 << 19))));
  return scratch.subarray(0, size);
}

/**
 * A regular file's bytes, or undefined (counted and warned) for a symlink, special file or
 * one over the size limit. Unless `whole`, a binary file yields only its first 8 KB (enough
 * to tell) and a file over `pieceBytes` only its size (it is read in pieces); and the bytes
 * are a view of the thread's reusable read buffer, good until the next read (readBuffer).
 *
 * Synchronous on purpose: reads come from the page cache in microseconds, and the promise
 * API's per-call overhead cost more than a fifth of a scan; scans run on worker threads
 * when big, so blocking one thread is fine.
 */
function readFileBytes(
  abs: FilePath,
  options: Pick<FileSourceOptions, 'maxFileSize' | 'skipped' | 'warn' | 'pieceBytes'>,
  rel: string,
  whole = false,
  into: (size: number) => Buffer = (size) => readBuffer(size, whole),
): Buffer | { big: number } | undefined {
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
    if (!info.isFile()) {
      options.skipped.special++;
      options.warn(`${rel}: not a regular file (FIFO, socket or device), skipped`);
      return undefined;
    }
    if (info.size > options.maxFileSize) {
      options.skipped.tooLarge++;
      options.warn(`${rel}: ${info.size} bytes, over --max-file-size (${options.maxFileSize} bytes), skipped`);
      return undefined;
    }
    // A file of ordinary size is read in one go (a second read and a copy to join the parts
    // cost more than reading a small binary whole); a big one has its start sniffed first, so
    // a huge binary is skipped after reading 8 KB, not all of it.
    const pieceBytes = options.pieceBytes ?? PIECE_BYTES;
    if (whole || info.size <= Math.min(READ_WHOLE_BYTES, pieceBytes)) return readExactly(fd, into(info.size));
    const sniff = Math.min(info.size, BINARY_SNIFF_BYTES);
    if (info.size > pieceBytes) {
      const head = readExactly(fd, into(sniff));
      return looksBinary(head) ? head : { big: info.size };
    }
    // The start is read into the whole file's buffer, so a text file's rest follows it
    // there: joining two parts copied every big file once more.
    const buffer = into(info.size);
    const headEnd = readInto(fd, buffer, 0, sniff);
    if (headEnd < sniff || looksBinary(buffer.subarray(0, headEnd))) return buffer.subarray(0, headEnd);
    const end = readInto(fd, buffer, headEnd, info.size);
    return end === info.size ? buffer : buffer.subarray(0, end);
  } finally {
    closeSync(fd);
  }
}

/** Fills `buffer` from the file's start (its size is the one fstat just gave; readFileSync would fstat again); the part read. */
function readExactly(fd: number, buffer: Buffer): Buffer {
  const filled = readInto(fd, buffer, 0, buffer.length);
  return filled === buffer.length ? buffer : buffer.subarray(0, filled);
}

let lastRoot: { root: string; prefix: string } | undefined;
// A path segment `.` or `..`, or an empty one: such a path must be normalized before it is cut.
const UNNORMALIZED = /\/\.\.?(?:\/|$)|\/\//;

/**
 * `file` relative to the scan root, with `/` separators. A listed file is an absolute path
 * under the root, so cutting the root's prefix gives what path.relative would; that resolved
 * and normalized both paths on every call (12-37 ms of a scan of the 89 MB bench corpus).
 */
function pathUnderRoot(root: string, file: string): string {
  // A relative root depends on the working directory, which may change between scans: not kept.
  if (lastRoot?.root !== root || !isAbsolute(root)) {
    const resolved = resolve(root);
    lastRoot = { root, prefix: resolved.endsWith(sep) ? resolved : resolved + sep };
  }
  const { prefix } = lastRoot;
  if (sep === '/' && file.startsWith(prefix) && !UNNORMALIZED.test(file)) return file.slice(prefix.length);
  return toPosix(relative(prefix, file));
}

/**
 * Reads one text file's bytes, undecoded: its path under the root and bytes, a file too big
 * for one string, or undefined (counted in `skipped`) when it is a symlink, binary, larger
 * than the limit, or unreadable. The bytes go into the buffer `into` hands out: by default
 * the thread's reusable one (good until the next read), on the read-ahead thread its
 * shared ring (src/scan/read-ahead.ts).
 */
export function readFileBytesInto(
  abs: FilePath,
  options: Pick<FileSourceOptions, 'root' | 'maxFileSize' | 'warn' | 'skipped' | 'pieceBytes'>,
  into?: (size: number) => Buffer,
): { path: string; bytes: Buffer } | BigFile | undefined {
  const rel = relativePath(options.root, abs);
  try {
    const bytes = readFileBytes(abs, options, rel, false, into);
    if (!bytes) return undefined;
    if (!Buffer.isBuffer(bytes)) return { path: rel, bytes: bytes.big, big: true };
    if (looksBinary(bytes)) {
      options.skipped.binary++;
      return undefined;
    }
    return { path: rel, bytes };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    options.skipped.unreadable++;
    options.warn(`${rel}: cannot read (${code}), skipped`);
    return undefined;
  }
}

/** A listed file's path as reports show it: under the root, with `/` separators. */
function relativePath(root: string, abs: FilePath): string {
  return pathUnderRoot(root, shownPath(abs)) || toPosix(shownPath(abs));
}

/**
 * Reads one file as a chunk, or undefined (counted in `skipped`) when it is a symlink,
 * binary, larger than the limit, or unreadable. The chunk's `utf8` bytes are good until
 * the next read on this thread: scan the chunk before reading another file.
 */
export function readFileChunk(
  abs: FilePath,
  options: Pick<FileSourceOptions, 'root' | 'maxFileSize' | 'warn' | 'skipped' | 'pieceBytes'>,
): FileChunk | BigFile | undefined {
  const read = readFileBytesInto(abs, options);
  if (!read || 'big' in read) return read;
  // The bytes go along so the engine's prefilter reads them instead of re-encoding the text.
  return { path: read.path, text: decodeText(read.bytes), bytes: read.bytes.length, utf8: read.bytes };
}
