// A worker thread that runs the engine for a ScanPool (src/scan/pool.ts): on text the
// main thread sends, or on a file it reads itself, so reading and decoding spread across
// cores too. The rules arrive compiled (structured clone keeps RegExp source and flags;
// custom rules' guarded regexes are rebuilt), so every worker runs exactly the rule set
// the main thread built from built-ins and config.
import { parentPort, workerData } from 'node:worker_threads';
import { Scanner, type CompiledRule, type Finding } from '../engine/index.js';
import { readFileChunk } from '../sources/files.js';
import { emptySkips } from '../sources/types.js';
import { runtimeRegex } from '../rules/linear-regex.js';
import type { PortableRule, WorkerReply, WorkerRequest } from './pool.js';

const rules = (workerData as { rules: PortableRule[] }).rules.map(({ rule, guarded }): CompiledRule =>
  guarded ? { ...rule, regex: runtimeRegex(rule.regex).regex } : rule,
);
const scanner = new Scanner(rules);
const port = parentPort!;

// `secret` is non-enumerable (so it never serializes); it crosses the thread boundary on its own.
const secretsOf = (findings: Finding[]) => findings.map((f) => f.secret);

function answer(request: WorkerRequest): WorkerReply {
  if (request.kind === 'text') {
    const findings = scanner.scan({ path: request.path, text: request.text });
    return { id: request.id, findings, secrets: secretsOf(findings), overruns: scanner.takeOverruns() };
  }
  const skipped = emptySkips();
  const warnings: string[] = [];
  // A path that crossed the thread boundary as bytes arrives as a Uint8Array.
  const path = typeof request.file === 'string' ? request.file : Buffer.from(request.file);
  const read = readFileChunk(path, {
    root: request.root,
    maxFileSize: request.maxFileSize,
    pieceBytes: request.pieceBytes,
    skipped,
    warn: (w) => warnings.push(w),
  });
  if (read && 'big' in read) return { id: request.id, findings: [], secrets: [], overruns: [], big: read, skipped, warnings };
  const chunk = read;
  const findings = chunk ? scanner.scan(chunk) : [];
  // The text goes back only when the main thread needs it: its filters read the lines around a finding.
  const file = chunk && { path: chunk.path, bytes: chunk.bytes, text: findings.length ? chunk.text : '' };
  return { id: request.id, findings, secrets: secretsOf(findings), overruns: scanner.takeOverruns(), file, skipped, warnings };
}

port.on('message', (request: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    reply = answer(request);
  } catch (e) {
    reply = { id: request.id, error: (e as Error).message };
  }
  port.postMessage(reply);
});
