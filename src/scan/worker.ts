// A worker thread that runs the engine for a ScanPool (src/scan/pool.ts): on text the
// main thread sends, or on a file it reads itself, so reading and decoding spread across
// cores too. The rules arrive compiled (structured clone keeps RegExp source and flags;
// custom rules' guarded regexes are rebuilt), so every worker runs exactly the rule set
// the main thread built from built-ins and config.
import { parentPort, workerData } from 'node:worker_threads';
import { Scanner, type CompiledRule, type Finding } from '../engine/index.js';
import { readFileChunk } from '../sources/files.js';
import { runtimeRegex } from '../rules/linear-regex.js';
import { readOnWorker } from './worker-read.js';
import { WORKER_READY, type FileReply, type PortableRule, type WorkerReply, type WorkerRequest } from './pool.js';

const rules = (workerData as { rules: PortableRule[] }).rules.map(({ rule, guarded }): CompiledRule =>
  guarded ? { ...rule, regex: runtimeRegex(rule.regex).regex } : rule,
);
const scanner = new Scanner(rules);
const port = parentPort!;

// `secret` is non-enumerable (so it never serializes); it crosses the thread boundary on its own.
const secretsOf = (findings: Finding[]) => findings.map((f) => f.secret);

/** One file of a batch: read, scanned, and described in as few fields as it needs (every field costs to send). */
function scanOne(file: string | Uint8Array, request: Extract<WorkerRequest, { kind: 'files' }>): FileReply {
  const { read, notes } = readOnWorker(file, request, readFileChunk);
  const reply: FileReply = notes;
  if (!read) return reply;
  if ('big' in read) return { ...reply, big: read };
  const findings = scanner.scan(read);
  const overruns = scanner.takeOverruns();
  // The text goes back only when the main thread needs it: its filters read the lines around a finding.
  reply.file = { path: read.path, bytes: read.bytes, text: findings.length ? read.text : '' };
  if (findings.length) Object.assign(reply, { findings, secrets: secretsOf(findings) });
  if (overruns.length) reply.overruns = overruns;
  return reply;
}

function answer(request: WorkerRequest): WorkerReply {
  if (request.kind === 'texts') {
    const texts = request.texts.map((chunk) => {
      const findings = scanner.scan(chunk);
      return { findings, secrets: secretsOf(findings), overruns: scanner.takeOverruns() };
    });
    return { id: request.id, texts };
  }
  return { id: request.id, files: request.files.map((file) => scanOne(file, request)) };
}

port.postMessage(WORKER_READY);
port.on('message', (request: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    reply = answer(request);
  } catch (e) {
    reply = { id: request.id, error: (e as Error).message };
  }
  port.postMessage(reply);
});
