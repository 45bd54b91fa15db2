// The floor keylint is measured against: read every file and run one
// case-insensitive keyword regex over it. Prints JSON {files, bytes, hits, ms, maxRssMb}.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fg from 'fast-glob';

const root = process.argv[2];
const started = performance.now();
const files = await fg('**/*', { cwd: root, dot: true, onlyFiles: true, followSymbolicLinks: false, ignore: ['**/.git/**', '**/node_modules/**'] });
const keyword = /(?:key|token|secret|password|passwd|pwd|credential|auth|bearer|private)/gi;
let bytes = 0;
let hits = 0;
let i = 0;
async function worker() {
  while (i < files.length) {
    const buf = await readFile(join(root, files[i++]));
    bytes += buf.length;
    if (buf.subarray(0, 8192).includes(0)) continue;
    const text = buf.toString('utf8');
    keyword.lastIndex = 0;
    while (keyword.exec(text)) hits++;
  }
}
await Promise.all(Array.from({ length: 16 }, worker));
const ms = performance.now() - started;
console.log(JSON.stringify({ files: files.length, bytes, hits, ms, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
