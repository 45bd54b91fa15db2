import type { Chunk, Finding, Scanner } from '../../engine/index.js';
import type { SkipCounts } from '../types.js';
import { addedLines } from './added-lines.js';
import { blobChunks } from './blob-chunks.js';
import { CatFile } from './cat-file.js';
import { git, gitBuffer, nulFields, openRepo, type RepoInfo } from './git.js';
import { parseRaw } from './log-walk.js';
import type { BlobRef, GitChunk } from './types.js';
import { isNullSha } from './types.js';

// Flags that pin diff output against user config (renames, prefixes, relative paths, external tools).
const DIFF_FLAGS = ['--cached', '--no-renames', '--no-ext-diff', '--no-textconv', '--no-color', '--no-relative', '--ignore-submodules=all'];

/** The index entries a commit would change: blob ids of added and modified files (deletions have nothing to scan). */
export async function stagedBlobs(repo: string): Promise<BlobRef[]> {
  const out = await gitBuffer(repo, ['diff', ...DIFF_FLAGS, '--raw', '-z', '--no-abbrev']);
  const fields = nulFields(out);
  const refs: BlobRef[] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const raw = fields[i]!.toString('latin1').replace(/^\n+/, '');
    const { mode, blob } = parseRaw(raw);
    const path = fields[i + 1]!.toString('utf8');
    if (!mode.startsWith('100') || isNullSha(blob)) continue;
    refs.push({ blob, path });
  }
  return refs;
}

/** The lines the staged change adds to each file. */
export async function stagedAddedLines(repo: string): Promise<Map<string, Set<number>>> {
  const patch = await git(repo, ['-c', 'core.quotePath=false', 'diff', ...DIFF_FLAGS, '-U0', '--src-prefix=a/', '--dst-prefix=b/']);
  return addedLines(patch);
}

export interface StagedScanOptions {
  dir: string;
  label?: string;
  /** Report secrets anywhere in a staged file, not only on the lines this change adds. */
  allLines?: boolean;
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
  close: () => Promise<void>;
}

/**
 * Scans what is in the index, not the working tree: a commit records the index, so unstaged
 * edits neither block nor excuse it. By default only secrets on added lines count, so a key
 * committed long ago is not blamed on this commit.
 */
export async function prepareStagedScan(options: StagedScanOptions): Promise<PreparedStagedScan> {
  const repo = await openRepo(options.dir, options.label);
  const keep = options.keepPath ?? (() => true);
  const refs = (await stagedBlobs(repo.top)).filter((r) => keep(r.path));
  const added = options.allLines || refs.length === 0 ? undefined : await stagedAddedLines(repo.top);
  const onAddedLine = (f: Finding, chunk: Chunk) => {
    const lines = added?.get(chunk.path);
    if (!lines) return false;
    for (let n = f.line; n <= Math.max(f.line, f.endLine); n++) if (lines.has(n)) return true;
    return false;
  };
  const observe = added ? (chunk: Chunk, raw: Finding[]) => raw.filter((f) => onAddedLine(f, chunk)) : undefined;
  const reader = new CatFile(repo.top);
  return {
    repo,
    source: blobChunks(reader, refs, { maxFileSize: options.maxFileSize, skipped: options.skipped }),
    observe,
    files: refs.length,
    close: () => reader.close(),
  };
}
