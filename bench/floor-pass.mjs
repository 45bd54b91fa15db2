// The tightest floor keylint is measured against: one thread reads every file, decodes it
// as latin1 (the cheapest decode) and runs one case-insensitive keyword regex over it.
// Prints JSON {files, bytes, hits, ms, cpuMs, maxRssMb}; cpuMs is the whole process's
// user + system time since it started.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const started = performance.now();
const root = process.argv[2];
const keyword = /(?:key|token|secret|password|passwd|pwd|credential|auth|bearer|private)/gi;
let files = 0;
let bytes = 0;
let hits = 0;
for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile()) continue;
  const buf = readFileSync(join(entry.parentPath ?? entry.path, entry.name));
  files++;
  bytes += buf.length;
  const text = buf.toString('latin1');
  keyword.lastIndex = 0;
  while (keyword.exec(text)) hits++;
}
const ms = performance.now() - started;
const cpu = process.cpuUsage();
console.log(JSON.stringify({ files, bytes, hits, ms, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
