import { Worker } from 'node:worker_threads';
import { attachSecret, KeylintError, type Chunk, type CompiledRule, type Finding, type RegexOverrun } from '../engine/index.js';
import { emptySkips, type SkipCounts } from '../sources/types.js';
import type { BigFile, FilePath } from '../sources/files.js';
import { workerScript } from './worker-script.js';
import type { ReadNotes } from './worker-read.js';

/**
 * Work sent to a worker: texts to scan, or files to read and scan. Both go in batches: a
 * message costs tens of microseconds each way, as much as scanning a small file.
 */
export type WorkerRequest =
  | { kind: 'texts'; id: number; texts: { path: string; text: string }[] }
  | { kind: 'files'; id: number; files: (string | Uint8Array)[]; root: string; maxFileSize: number; pieceBytes?: number };

/** A scanned file as the main thread sees it: `text` is empty unless there were findings. */
export type ScannedFile = Chunk & { bytes: number };

/** Findings as they cross the thread boundary: their secrets alongside (they do not serialize). */
export interface ScannedReply {
  findings: Finding[];
  secrets: string[];
  overruns: RegexOverrun[];
}

/**
 * A worker's answer about one file of a batch: the file (undefined when it was skipped)
 * and, only where there are any, its findings and the skips and warnings reading it caused.
 */
export interface FileReply extends Partial<ScannedReply>, ReadNotes {
  file?: ScannedFile;
  big?: BigFile;
}

/** A worker's answer: a batch's texts or files, in request order, or what went wrong. */
export type WorkerReply =
  { id: number; texts: ScannedReply[]; error?: undefined } | { id: number; files: FileReply[]; error?: undefined } | { id: number; error: string };

/** What scanning one file in a worker produced. */
export interface FileResult {
  chunk: ScannedFile | undefined;
  findings: Finding[];
  skipped: SkipCounts;
  warnings: string[];
  /** Custom rules stopped on this file for overrunning their time budget. */
  overruns: RegexOverrun[];
  /** Set when the file is too big for one string: the caller scans it in pieces. */
  big?: BigFile;
}

/** A rule as a worker receives it; `guarded` marks a custom rule whose regex runs on RE2 or under a time budget. */
export interface PortableRule {
  rule: CompiledRule;
  guarded: boolean;
}

/**
 * Rules as plain data: structured clone copies RegExps but not RE2 objects or RegExp
 * subclasses, so a custom rule's guarded regex travels as source and flags, and the
 * worker guards it again (src/scan/worker.ts).
 */
function portableRules(rules: readonly CompiledRule[]): PortableRule[] {
  return rules.map((rule) =>
    rule.regex.constructor === RegExp ? { rule, guarded: false } : { rule: { ...rule, regex: new RegExp(rule.regex.source, rule.regex.flags) }, guarded: true },
  );
}

type Answer = Exclude<WorkerReply, { error: string }>;

interface Pending {
  resolve(reply: Answer): void;
  reject(error: Error): void;
}

/** What a worker posts once it can take work. */
export const WORKER_READY = 'ready';

/** The findings of a reply with their secrets put back. */
function withSecrets(reply: ScannedReply): Finding[] {
  reply.findings.forEach((f, i) => attachSecret(f, reply.secrets[i]!));
  return reply.findings;
}

/**
 * Worker threads running the engine (and, for files, the reading), so a big scan uses
 * every core while the main thread lists work and assembles the report. Each worker
 * compiles its own copy of the rules once.
 */
export class ScanPool {
  private readonly workers: { worker: Worker; inFlight: number; ready: boolean }[];
  private readonly pending = new Map<number, Pending>();
  /** Workers that have loaded the engine and compiled the rules: work queued on one still starting would wait. */
  readyWorkers = 0;
  private firstReady!: () => void;
  /** Resolves when the first worker is ready, or the pool has failed (its requests then reject). */
  readonly ready = new Promise<void>((resolve) => (this.firstReady = resolve));
  private nextId = 0;
  private failure: Error | undefined;
  private closing = false;

  private constructor(script: string, rules: readonly CompiledRule[], size: number) {
    const workerData = { rules: portableRules(rules) };
    this.workers = Array.from({ length: size }, () => {
      const worker = new Worker(script, { workerData });
      const slot = { worker, inFlight: 0, ready: false };
      worker.on('message', (reply: WorkerReply | typeof WORKER_READY) => {
        if (reply === WORKER_READY) {
          slot.ready = true;
          this.readyWorkers++;
          this.firstReady();
          return;
        }
        slot.inFlight--;
        this.settle(reply);
      });
      worker.on('error', (e) => this.fail(new KeylintError(`scan worker failed: ${e.message}`)));
      worker.on('exit', (code) => {
        // Any exit before close() is a failure, even code 0: pending work would never be answered.
        if (!this.closing) this.fail(new KeylintError(`scan worker exited with code ${code}`));
      });
      return slot;
    });
  }

  /** A pool of `size` workers, or undefined when the compiled worker script is not there (then scan on this thread). */
  static start(rules: readonly CompiledRule[], size: number): ScanPool | undefined {
    const script = workerScript('worker.js');
    return script && size > 0 ? new ScanPool(script, rules, size) : undefined;
  }

  /** Each chunk's findings (and any rule stopped on it), computed on the least busy worker; in the batch's order. */
  async scanTexts(chunks: readonly Chunk[]): Promise<{ findings: Finding[]; overruns: RegexOverrun[] }[]> {
    const reply = await this.send({ kind: 'texts', id: this.nextId++, texts: chunks.map(({ path, text }) => ({ path, text })) });
    if (!('texts' in reply)) throw new KeylintError('scan worker: a batch of texts came back as files');
    return reply.texts.map((r) => ({ findings: withSecrets(r), overruns: r.overruns }));
  }

  /** Reads and scans a batch of files on the least busy worker; results in the batch's order. */
  async scanFiles(files: readonly FilePath[], root: string, maxFileSize: number, pieceBytes?: number): Promise<FileResult[]> {
    const reply = await this.send({ kind: 'files', id: this.nextId++, files: [...files], root, maxFileSize, pieceBytes });
    if (!('files' in reply)) throw new KeylintError('scan worker: a batch of files came back as texts');
    return reply.files.map((r) => ({
      chunk: r.file,
      findings: r.findings ? withSecrets(r as ScannedReply) : [],
      skipped: r.skipped ?? emptySkips(),
      warnings: r.warnings ?? [],
      overruns: r.overruns ?? [],
      big: r.big,
    }));
  }

  private send(request: WorkerRequest): Promise<Answer> {
    if (this.failure) return Promise.reject(this.failure);
    const ready = this.workers.filter((w) => w.ready);
    const slot = (ready.length ? ready : this.workers).reduce((a, b) => (b.inFlight < a.inFlight ? b : a));
    slot.inFlight++;
    return new Promise((resolve, reject) => {
      this.pending.set(request.id, { resolve, reject });
      slot.worker.postMessage(request);
    });
  }

  /** Stops the workers; a worker's exit after this is not a failure. */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map(({ worker }) => worker.terminate()));
  }

  private settle(reply: WorkerReply): void {
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    this.pending.delete(reply.id);
    if (reply.error !== undefined) {
      pending.reject(new KeylintError(`scan worker: ${reply.error}`));
      return;
    }
    pending.resolve(reply);
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.firstReady();
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }
}
