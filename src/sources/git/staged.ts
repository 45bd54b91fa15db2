import type { Chunk, Finding, Scanner } from '../../engine/index.js';
import { looksBinary } from '../content.js';
import type { SkipCounts } from '../types.js';
import { addedLines } from './added-lines.js';
import { blobChunks } from './blob-chunks.js';
import { CatFile } from './cat-file.js';
import { git, gitBuffer, nulFields, type RepoInfo } from './git.js';
import { parseRaw } from './log-walk.js';
import type { BlobRef, GitChunk } from './types.js';
import { isNullSha } from './types.js';

// Flags that pin diff output against user config (prefixes, relative paths, external tools).
const DIFF_FLAGS = ['--cached', '--no-ext-diff', '--no-textconv', '--no-color', '--no-relative', '--ignore-submodules=all'];

/** The staged change as git states it: the blobs it changes and, unless every line counts, its -U0 patch. */
export interface StagedChange {
  refs: BlobRef[];
  patch?: string;
}

/**
 * Asks git for the staged change in one diff: the raw listing of what changes and, unless
 * every line counts, the -U0 patch after it. `dir` is any folder of the work tree (paths
 * come from its top), so the caller need not wait for rev-parse first: a hook waits on every
 * git process, and this one runs while the caller compiles its rules. A git failure surfaces
 * where the result is awaited; one never awaited (the caller failed first, on a bad config)
 * is not an unhandled rejection.
 */
export function readStagedChange(dir: string, allLines = false): Promise<StagedChange> {
  const patch = allLines ? [] : ['-p', '-U0', '--src-prefix=a/', '--dst-prefix=b/'];
  const diff = ['-c', 'core.quotePath=false', 'diff', ...DIFF_FLAGS, '-M', '--raw', '-z', '--no-abbrev', ...patch];
  const change = gitBuffer(dir, diff).then((out) => parseStagedDiff(out, !allLines));
  change.catch(() => undefined);
  return change;
}

/**
 * Splits `git diff --raw -z [-p]` output: NUL-terminated raw records (a rename's names two
 * paths), an empty field, then the patch. The refs are the added and modified files at their
 * new paths (deletions and submodules have nothing to scan), in the index's order: by path bytes.
 */
export function parseStagedDiff(out: Buffer, withPatch: boolean): StagedChange {
  let at = 0;
  const field = (): Buffer => {
    const end = out.indexOf(0, at);
    const text = out.subarray(at, end < 0 ? out.length : end);
    at = end < 0 ? out.length : end + 1;
    return text;
  };
  const listed: { ref: BlobRef; name: Buffer }[] = [];
  while (at < out.length && out[at] === 0x3a /* ':' starts a raw record */) {
    const raw = field().toString('latin1');
    const { mode, blob } = parseRaw(raw);
    if (/ [RC]\d*$/.test(raw)) field(); // the old path of a rename or copy
    const name = field();
    if (mode.startsWith('100') && !isNullSha(blob)) listed.push({ ref: { blob, path: name.toString('utf8') }, name });
  }
  if (out[at] === 0) at++;
  const refs = listed.sort((a, b) => Buffer.compare(a.name, b.name)).map((l) => l.ref);
  return { refs, patch: withPatch ? out.subarray(at).toString('utf8') : undefined };
}

/**
 * The lines the staged change adds to each of `refs`, from its patch. Renames are detected
 * there, so a moved file's old lines are not counted as added (a pure rename adds none).
 */
export async function stagedAddedLines(repo: string, patch: string, refs: readonly BlobRef[], maxFileSize: number): Promise<Map<string, Set<number>>> {
  const added = addedLines(patch);
  if (!/^Binary files /m.test(patch)) return added;
  const paths = await textGitCallsBinary(repo, refs, maxFileSize);
  if (paths.length === 0) return added;
  const forced = await stagedPatch(repo, ['--text', '--', ...paths.map((p) => `:(literal)${p}`)]);
  for (const [path, lines] of addedLines(forced)) added.set(path, lines);
  return added;
}

function stagedPatch(repo: string, extra: string[]): Promise<string> {
  return git(repo, ['-c', 'core.quotePath=false', 'diff', ...DIFF_FLAGS, '-M', '-U0', '--src-prefix=a/', '--dst-prefix=b/', ...extra]);
}

/**
 * Staged files git diffs as "Binary files differ" though keylint reads them as text and scans
 * them: .gitattributes marks them `-diff` or `binary` (lock files, often). Without hunks their
 * added lines would be unknown and every finding in them dropped. Returns their paths, with
 * a renamed one's old path so a second diff of just these still pairs the two.
 */
async function textGitCallsBinary(repo: string, refs: readonly BlobRef[], maxFileSize: number): Promise<string[]> {
  const fields = nulFields(await gitBuffer(repo, ['diff', ...DIFF_FLAGS, '-M', '--numstat', '-z']));
  const blobs = new Map(refs.map((r) => [r.path, r.blob]));
  const paths: string[] = [];
  const reader = new CatFile(repo);
  try {
    for (let i = 0; i < fields.length; i++) {
      // "added\tdeleted\tpath", or for a rename "added\tdeleted\t" then old and new paths as fields.
      const [count = '', , inline = ''] = fields[i]!.toString('utf8').replace(/^\n+/, '').split('\t');
      const from = inline ? undefined : fields[++i]?.toString('utf8');
      const path = inline || (fields[++i]?.toString('utf8') ?? '');
      const blob = blobs.get(path);
      if (count !== '-' || !blob) continue;
      const record = await reader.read(blob, (size) => size <= maxFileSize);
      if (record.data && !looksBinary(record.data)) paths.push(path, ...(from === undefined ? [] : [from]));
    }
  } finally {
    await reader.close();
  }
  return paths;
}

export interface StagedScanOptions {
  repo: RepoInfo;
  /** Reads the staged blobs: started by the caller, so git is ready by the time the scan asks. */
  reader: CatFile;
  /** The change, from readStagedChange: without its patch, secrets anywhere in a staged file count, not only on the lines it adds. */
  change: Promise<StagedChange>;
  keepPath?: (path: string) => boolean;
  maxFileSize: number;
  skipped: SkipCounts;
  scanner: Scanner;
}

export interface PreparedStagedScan {
  repo: RepoInfo;
  source: AsyncIterable<GitChunk>;
  /** The pipeline's `observe`: keeps only findings on added lines (undefined with --all-lines). */
  observe: ((chunk: Chunk, raw: Finding[]) => Finding[]) | undefined;
  files: number;
}

/**
 * Scans what is in the index, not the working tree: a commit records the index, so unstaged
 * edits neither block nor excuse it. By default only secrets on added lines count, so a key
 * committed long ago is not blamed on this commit.
 */
export async function prepareStagedScan(options: StagedScanOptions): Promise<PreparedStagedScan> {
  const { repo } = options;
  const keep = options.keepPath ?? (() => true);
  const change = await options.change;
  const refs = change.refs.filter((r) => keep(r.path));
  const added = change.patch === undefined || refs.length === 0 ? undefined : await stagedAddedLines(repo.top, change.patch, refs, options.maxFileSize);
  const onAddedLine = (f: Finding, chunk: Chunk) => {
    const lines = added?.get(chunk.path);
    if (!lines) return false;
    for (let n = f.line; n <= Math.max(f.line, f.endLine); n++) if (lines.has(n)) return true;
    return false;
  };
  const observe = added ? (chunk: Chunk, raw: Finding[]) => raw.filter((f) => onAddedLine(f, chunk)) : undefined;
  return {
    repo,
    source: blobChunks(options.reader, refs, { maxFileSize: options.maxFileSize, skipped: options.skipped }),
    observe,
    files: refs.length,
  };
}
