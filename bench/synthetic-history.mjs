// A deterministic git history built from real package code (the bench corpus), for the
// history benchmark: 5,000 commits that add files, edit them in place (lines inserted,
// deleted, rewritten), rename, copy and delete them, and now and then plant a synthetic
// secret (a rule example expanded from a seed) or edit one line of a private key already
// there. A seeded PRNG picks every step, so the same corpus always gives the same history.
// It is written through one `git fast-import` (seconds, not the minutes 5,000 `git commit`s
// take) and cached under os.tmpdir().
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { seededRandom } from '../dist/engine/examples.js';
import { ensureCorpus } from './corpus.mjs';

const COMMITS = 5000;
const TARGET_PATHS = 3400;
// Files larger than this are left out: a history of 9 MB bundles edited 5,000 times would be
// gigabytes of blobs, and real repositories rarely commit them.
const MAX_FILE = 256 * 1024;
// Bump when the recipe changes: a cached repository of an older recipe is rebuilt.
const RECIPE = 5;
export const SYNTHETIC_ROOT = join(tmpdir(), 'keylint-bench-synthetic-history');

const GIT_ENV = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };

/** The corpus's text files (sorted, so the list is the same on every run), with their sizes. */
function corpusFiles(root) {
  const out = [];
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const abs = join(entry.parentPath ?? entry.path, entry.name);
    if (!/\.(?:[cm]?js|ts|json|md|txt|yml|yaml)$/.test(entry.name) || /\.map$/.test(entry.name)) continue;
    out.push(abs);
  }
  out.sort();
  return out
    .map((abs) => ({ abs, rel: relative(root, abs), text: undefined }))
    .filter((f) => {
      const size = readFileSync(f.abs).length;
      return size > 0 && size <= MAX_FILE;
    });
}

/** Synthetic secrets: every built-in rule's secret examples, expanded with fixed seeds. */
async function secretSamples() {
  const { builtinRuleFiles } = await import('../dist/rules/load-rules.js');
  const { expandExample } = await import('../dist/engine/index.js');
  const out = [];
  for (const file of builtinRuleFiles()) {
    for (const rule of file.data.rule ?? []) {
      for (const [i, example] of (rule.examples?.secret ?? []).entries()) out.push(expandExample(example, 7919 * (out.length + 1) + i));
    }
  }
  return out;
}

/**
 * Builds (once) and returns the repository. `log` reports progress. The repository has one
 * branch, main; its history is COMMITS commits long.
 */
export async function ensureSyntheticHistory(log = (m) => process.stderr.write(`${m}\n`)) {
  const repo = join(SYNTHETIC_ROOT, 'repo');
  const marker = join(SYNTHETIC_ROOT, `.complete-${RECIPE}`);
  if (existsSync(marker)) return repo;
  const corpus = join(ensureCorpus(log), 'node_modules');
  log(`bench: building a ${COMMITS}-commit history from ${corpus} into ${repo} (once)`);
  const started = performance.now();
  rmSync(SYNTHETIC_ROOT, { recursive: true, force: true });
  mkdirSync(repo, { recursive: true });
  const init = spawn('git', ['init', '-q', '-b', 'main', repo], { env: GIT_ENV, stdio: 'inherit' });
  await new Promise((resolve, reject) => init.on('close', (c) => (c === 0 ? resolve() : reject(new Error('git init failed')))));

  const files = corpusFiles(corpus);
  const secrets = await secretSamples();
  const rand = seededRandom(20240601);
  const pick = (xs) => xs[Math.floor(rand() * xs.length)];
  const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
  const textOf = (f) => (f.text ??= readFileSync(f.abs, 'utf8'));
  const linesOf = (f) => textOf(f).split('\n');

  // The tree as the history goes: path -> text.
  const tree = new Map();
  const paths = [];
  const removePath = (p) => {
    tree.delete(p);
    const i = paths.indexOf(p);
    paths[i] = paths[paths.length - 1];
    paths.pop();
  };
  const addPath = (p, text) => {
    if (!tree.has(p)) paths.push(p);
    tree.set(p, text);
  };
  const freshPath = (p) => {
    let q = p;
    for (let n = 2; tree.has(q); n++) q = p.replace(/(\.[^./]*)?$/, `-${n}$1`);
    return q;
  };
  // Lines taken from somewhere else in the corpus: what an edit brings in.
  const someLines = (n) => {
    const src = linesOf(pick(files));
    const at = int(0, Math.max(0, src.length - n));
    return src.slice(at, at + n);
  };
  const secretLine = () => {
    const s = pick(secrets);
    return pick([`const token = "${s}";`, `export KEYLINT_BENCH_SECRET=${s}`, `  "credentials": "${s}",`, s]);
  };
  /** One edit: at a random line, delete some lines and insert others (sometimes a secret, sometimes a rewrite of one line). */
  const edit = (lines) => {
    const at = int(0, lines.length);
    const r = rand();
    if (r < 0.06) lines.splice(at, 0, ...secretLine().split('\n'));
    else if (r < 0.2 && lines.length) {
      // Rewrite part of one line: a change inside a line, not between lines.
      const i = Math.min(at, lines.length - 1);
      const line = lines[i];
      const cut = int(0, line.length);
      lines[i] = line.slice(0, cut) + pick(['x', ' /* edited */ ', '_v2', '']) + line.slice(Math.min(line.length, cut + int(0, 8)));
    } else lines.splice(at, int(0, 4), ...someLines(int(0, 10)));
  };
  /** Edits one line inside a private key the file holds (if any): a change in the middle of a multi-line secret. */
  const editInsideKey = (lines) => {
    const begin = lines.findIndex((l) => /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(l));
    if (begin < 0 || !lines[begin + 2]) return false;
    const i = begin + int(1, 2);
    const line = lines[i];
    const at = int(0, line.length - 1);
    lines[i] = line.slice(0, at) + (line[at] === 'A' ? 'B' : 'A') + line.slice(at + 1);
    return true;
  };

  const proc = spawn('git', ['fast-import', '--quiet', '--done'], { cwd: repo, env: GIT_ENV, stdio: ['pipe', 'inherit', 'inherit'] });
  const closed = new Promise((resolve, reject) => proc.on('close', (c) => (c === 0 ? resolve() : reject(new Error(`git fast-import exited ${c}`)))));
  let pending = [];
  let pendingBytes = 0;
  const write = async (s) => {
    pending.push(typeof s === 'string' ? Buffer.from(s) : s);
    pendingBytes += s.length;
    if (pendingBytes > 1 << 20) await flush();
  };
  const flush = async () => {
    const buf = Buffer.concat(pending);
    pending = [];
    pendingBytes = 0;
    if (!proc.stdin.write(buf)) await new Promise((r) => proc.stdin.once('drain', r));
  };
  const data = async (text) => {
    const buf = Buffer.from(text, 'utf8');
    await write(`data ${buf.length}\n`);
    await write(buf);
    await write('\n');
  };

  for (let c = 0; c < COMMITS; c++) {
    const ops = [];
    const n = int(1, 5);
    for (let k = 0; k < n; k++) {
      const r = rand();
      const growing = paths.length < TARGET_PATHS;
      if (paths.length < 20 || (growing && r < 0.45) || (!growing && r < 0.04)) {
        const f = pick(files);
        const p = freshPath(`pkg/${f.rel}`);
        addPath(p, textOf(f));
        ops.push(['M', p]);
      } else if (r < 0.86) {
        // Bigger files draw more edits, as they do in real projects: the largest of three picks.
        const p = [pick(paths), pick(paths), pick(paths)].reduce((a, b) => (tree.get(b).length > tree.get(a).length ? b : a));
        const lines = tree.get(p).split('\n');
        if (!(rand() < 0.25 && editInsideKey(lines))) for (let e = int(1, 3); e > 0; e--) edit(lines);
        addPath(p, lines.join('\n'));
        ops.push(['M', p]);
      } else if (r < 0.9) {
        const from = pick(paths);
        const to = freshPath(from.replace(/([^/]+)$/, 'moved/$1'));
        addPath(to, tree.get(from));
        removePath(from);
        ops.push(['R', from, to]);
      } else if (r < 0.92) {
        // Renamed and edited in the same commit.
        const from = pick(paths);
        const to = freshPath(from.replace(/([^/]+)$/, 'renamed/$1'));
        const lines = tree.get(from).split('\n');
        edit(lines);
        removePath(from);
        addPath(to, lines.join('\n'));
        ops.push(['D', from], ['M', to]);
      } else if (r < 0.95) {
        const from = pick(paths);
        const to = freshPath(from.replace(/([^/]+)$/, 'copy/$1'));
        addPath(to, tree.get(from));
        ops.push(['C', from, to]);
      } else {
        const p = pick(paths);
        removePath(p);
        ops.push(['D', p]);
      }
    }
    const when = 1704067200 + c * 3600;
    await write(`commit refs/heads/main\nmark :${c + 1}\nauthor bench <bench@example.com> ${when} +0000\ncommitter bench <bench@example.com> ${when} +0000\n`);
    await data(`bench commit ${c + 1}`);
    // Within one commit a later op may undo an earlier one's path (deleted then re-added): fast-import applies them in order.
    const quote = (p) => `"${p.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
    for (const op of ops) {
      if (op[0] === 'D') await write(`D ${quote(op[1])}\n`);
      else if (op[0] === 'R') await write(`R ${quote(op[1])} ${quote(op[2])}\n`);
      else if (op[0] === 'C') await write(`C ${quote(op[1])} ${quote(op[2])}\n`);
      else if (tree.has(op[1])) {
        await write(`M 100644 inline ${quote(op[1])}\n`);
        await data(tree.get(op[1]));
      }
    }
    await write('\n');
    if (c % 1000 === 999) log(`bench: ${c + 1} commits`);
  }
  await write('done\n');
  await flush();
  proc.stdin.end();
  await closed;
  const checkout = spawn('git', ['reset', '-q', '--hard', 'main'], { cwd: repo, env: GIT_ENV, stdio: 'inherit' });
  await new Promise((resolve) => checkout.on('close', resolve));
  writeFileSync(marker, new Date().toISOString());
  log(`bench: history built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return repo;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  const repo = await ensureSyntheticHistory();
  console.log(repo);
}
