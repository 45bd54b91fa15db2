// What decoding encoded values (base64, hex, percent, JSON strings) costs a working-tree
// scan: the engine over the benchmark corpus with decoding off and on, alternating in the
// same run, one thread, CPU time. Goal: at most 10 % more.
// Usage: node bench/decode.mjs (or npm run bench -- decode)
import { readFileSync } from 'node:fs';
import fg from 'fast-glob';
import { Scanner } from '../dist/engine/index.js';
import { loadBuiltinRules } from '../dist/rules/load-rules.js';
import { decodeText, looksBinary } from '../dist/sources/content.js';
import { ensureCorpus } from './corpus.mjs';

const ROUNDS = Number(process.env.KEYLINT_BENCH_ROUNDS ?? 3);
const root = `${ensureCorpus()}/node_modules`;
const files = (await fg('**/*', { cwd: root, dot: true, onlyFiles: true })).sort();
const texts = [];
for (const path of files) {
  const bytes = readFileSync(`${root}/${path}`);
  if (bytes.length <= 10 * 1024 * 1024 && !looksBinary(bytes)) texts.push({ path, text: decodeText(bytes), utf8: bytes });
}
const { rules } = loadBuiltinRules();
const scanners = { off: new Scanner(rules, { decode: false }), on: new Scanner(rules) };
const cpuMs = () => process.cpuUsage().user / 1000 + process.cpuUsage().system / 1000;

function pass(scanner) {
  const started = cpuMs();
  let findings = 0;
  for (const chunk of texts) findings += scanner.scan(chunk).length;
  return { cpu: cpuMs() - started, findings };
}

pass(scanners.on); // warm up both: the first pass pays for compiling regexes
pass(scanners.off);
const times = { off: [], on: [] };
let counts;
for (let round = 0; round < ROUNDS; round++) {
  const off = pass(scanners.off);
  const on = pass(scanners.on);
  times.off.push(off.cpu);
  times.on.push(on.cpu);
  counts = { off: off.findings, on: on.findings };
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mb = texts.reduce((n, t) => n + t.utf8.length, 0) / 1e6;
const ratio = median(times.on) / median(times.off);
console.log(`decode: ${texts.length} files, ${mb.toFixed(1)} MB, ${ROUNDS} rounds, CPU time of the engine alone`);
console.log(`  decoding off: ${times.off.map((t) => t.toFixed(0)).join(' / ')} ms (${counts.off} findings)`);
console.log(`  decoding on:  ${times.on.map((t) => t.toFixed(0)).join(' / ')} ms (${counts.on} findings)`);
console.log(`  cost of decoding: +${((ratio - 1) * 100).toFixed(1)} % (median), goal <= 10 %: ${ratio <= 1.1 ? 'met' : 'NOT met'}`);
