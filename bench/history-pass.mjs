// One `keylint history` pass in a fresh process, through the Node API, for bench/history-edits.mjs.
// argv: REPO CACHE [THREADS]: CACHE `cache` or `no-cache`. Prints JSON {ms, cpuMs, findings,
// digest, blobs, bytes}; `digest` hashes the findings as reported, so passes can be compared
// without printing a secret.
import { createHash } from 'node:crypto';
import { scanHistory } from '../dist/scan/index.js';

const [repo, cache, threads] = process.argv.slice(2);
const started = performance.now();
const result = await scanHistory(repo, { cache: cache === 'cache', cwd: repo, warn: () => {}, ...(threads ? { threads: Number(threads) } : {}) });
const ms = performance.now() - started;
const cpu = process.cpuUsage();
// Fields in one order (a finding restored from the cache lists them in another), the secret left out.
const findings = result.findings.map((f) =>
  Object.fromEntries(
    Object.keys(f)
      .sort()
      .map((k) => [k, f[k]]),
  ),
);
console.log(
  JSON.stringify({
    ms,
    cpuMs: (cpu.user + cpu.system) / 1000,
    findings: findings.length,
    digest: createHash('sha256').update(JSON.stringify(findings)).digest('hex').slice(0, 16),
    blobs: result.stats.files,
    bytes: result.stats.bytes,
  }),
);
