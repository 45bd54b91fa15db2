#!/usr/bin/env node
// Behaviour check for refactors and speed work: builds a base revision in a temporary git
// worktree, runs its CLI and this checkout's CLI on the same inputs, and reports every
// finding one side has and the other lacks, by (fingerprint, file, line, ruleId, kind)
// (+ commit for history). Inputs: the bench corpus, every built-in rule example (expanded
// once, written to temp files), the synthetic corpus (seeds 1-3), leaky-repo, and a temp
// git repo's history and staged changes.
//
//   npm run compare:findings -- --base <rev> [--head <rev>] [--only name,name] [--keep] [--no-build]
//
// Exit 0: no difference; 1: differences (listed); 2: the comparison itself failed.
// Secrets are never printed: a finding is shown by its key, whose value part is a hash.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SHARED = process.env.KEYLINT_SHARED_DIR ?? '/work/shared';
const TARGETS = ['bench', 'examples', 'synthetic', 'leaky', 'history', 'staged'];

const { values } = parseArgs({
  options: {
    base: { type: 'string' },
    head: { type: 'string' },
    only: { type: 'string' },
    keep: { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
  },
});
if (!values.base) fail('--base <rev> is required (the revision to compare against)');
const only = values.only ? values.only.split(',') : TARGETS;
for (const t of only) if (!TARGETS.includes(t)) fail(`--only ${t}: not one of ${TARGETS.join(', ')}`);

const log = (line) => process.stderr.write(`compare: ${line}\n`);
function fail(message) {
  process.stderr.write(`compare-findings: ${message}\n`);
  process.exit(2);
}

const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 30 });
const git = (args, cwd = repo) => run('git', args, cwd).trim();

const work = mkdtempSync(join(tmpdir(), 'keylint-compare-'));
const worktrees = [];

/** A build of `rev` in a temporary worktree sharing this checkout's node_modules (no install, no native compile). */
function buildRevision(rev, name) {
  const sha = git(['rev-parse', '--verify', `${rev}^{commit}`]);
  const dir = join(work, name);
  git(['worktree', 'add', '--detach', dir, sha]);
  worktrees.push(dir);
  symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'), 'dir');
  log(`building ${name} ${sha.slice(0, 10)} (${rev})`);
  run('npm', ['run', '--silent', 'build'], dir);
  return { name, dir, label: `${rev} (${sha.slice(0, 10)})` };
}

/** This checkout, built fresh unless --no-build. */
function buildHere() {
  if (!values['no-build']) {
    log('building this checkout');
    run('npm', ['run', '--silent', 'build'], repo);
  }
  const dirty = git(['status', '--porcelain', '--untracked-files=no']) ? ' + uncommitted changes' : '';
  return { name: 'head', dir: repo, label: `working tree at ${git(['rev-parse', '--short=10', 'HEAD'])}${dirty}` };
}

/** Runs a build's CLI; exit 0 and 1 are both answers (1: findings), anything else is a failed run. */
function keylint(build, args, cwd) {
  const r = spawnSync(process.execPath, [join(build.dir, 'bin', 'keylint.js'), ...args, '--format', 'json'], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    env: { ...process.env, CI: '1', NO_COLOR: '1' },
  });
  if (r.status !== 0 && r.status !== 1)
    throw new Error(`${build.name}: keylint ${args.join(' ')} exited ${r.status}: ${(r.stderr || '').trim().split('\n')[0]}`);
  const report = JSON.parse(r.stdout);
  const keys = report.findings.map((f) => [f.fingerprint, f.file, f.line, f.ruleId, f.kind, f.commit ?? ''].join('\t'));
  return { exitCode: r.status, keys, files: report.stats.files };
}

// ---- inputs -------------------------------------------------------------------------

async function benchCorpus() {
  const { ensureCorpus } = await import(pathToFileURL(join(repo, 'bench', 'corpus.mjs')).href);
  return [
    {
      name: 'bench corpus',
      args: [
        'scan',
        join(
          ensureCorpus((m) => log(m)),
          'node_modules',
        ),
      ],
    },
  ];
}

/**
 * Every example of every built-in rule, expanded once (so both builds read the same bytes),
 * one file each. The rules and the expander are this checkout's (its dist/, built first).
 */
async function ruleExamples() {
  if (!existsSync(join(repo, 'dist', 'rules', 'load-rules.js'))) run('npm', ['run', '--silent', 'build'], repo);
  const dist = (p) => import(pathToFileURL(join(repo, 'dist', p)).href);
  const { builtinRuleFiles } = await dist('rules/load-rules.js');
  const { readRuleSpecs, expandExample } = await dist('engine/index.js');
  const root = join(work, 'examples');
  let n = 0;
  for (const file of builtinRuleFiles()) {
    for (const spec of readRuleSpecs(file).specs) {
      const ex = spec.examples ?? {};
      for (const label of ['secret', 'publishable', 'not']) {
        (ex[label] ?? []).forEach((template, i) => {
          // Each example in its own folder, under the path the rule's tests give it.
          const path = join(root, `${spec.id}.${label}.${i}`, ex.path ?? 'src/example.txt');
          mkdirSync(dirname(path), { recursive: true });
          writeFileSync(path, expandExample(template));
          n++;
        });
      }
    }
  }
  log(`wrote ${n} rule examples`);
  return [{ name: `rule examples (${n})`, args: ['scan', root, '--no-ignore'] }];
}

function synthetic(seed) {
  const dir = join(work, `synthetic-${seed}`);
  run(process.execPath, [join(SHARED, 'corpus', 'generate.mjs'), dir, '--seed', String(seed), '--files', '120'], repo);
  return dir;
}

function syntheticCorpus() {
  return [1, 2, 3].map((seed) => ({ name: `synthetic seed ${seed}`, args: ['scan', synthetic(seed)] }));
}

function leakyRepo() {
  const dir = join(SHARED, 'thirdparty', 'leaky-repo');
  if (!existsSync(dir)) fail(`${dir}: not found`);
  return [{ name: 'leaky-repo', args: ['scan', dir] }];
}

/** A git repo holding synthetic seed 1 in three commits (history), with seed 2's files staged on top (staged). */
let gitRepoDir;
function syntheticRepo() {
  if (gitRepoDir) return gitRepoDir;
  const source = join(work, 'synthetic-1');
  if (!existsSync(source)) synthetic(1);
  const dir = join(work, 'repo');
  mkdirSync(dir);
  const g = (...args) => run('git', ['-c', 'user.name=compare', '-c', 'user.email=compare@example.invalid', '-c', 'commit.gpgsign=false', ...args], dir);
  g('init', '-q', '-b', 'main');
  const names = readdirSync(source, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath ?? e.path, e.name));
  for (let part = 0; part < 3; part++) {
    for (const [i, file] of names.entries()) if (i % 3 === part) cpSync(file, join(dir, file.slice(source.length + 1)));
    g('add', '-A');
    g('commit', '-q', '-m', `part ${part}`);
  }
  const staged = join(work, 'synthetic-2');
  if (!existsSync(staged)) synthetic(2);
  cpSync(staged, join(dir, 'staged'), { recursive: true });
  g('add', '-A');
  gitRepoDir = dir;
  return dir;
}

const history = () => [{ name: 'git history (synthetic seed 1, 3 commits)', args: ['history', '--no-cache'], cwd: syntheticRepo() }];
const staged = () => [
  { name: 'staged (synthetic seed 2)', args: ['staged'], cwd: syntheticRepo() },
  { name: 'staged --all-lines', args: ['staged', '--all-lines'], cwd: syntheticRepo() },
];

// ---- comparison ---------------------------------------------------------------------

/** Keys one list has more often than the other (a multiset difference). */
function missingFrom(a, b) {
  const count = new Map();
  for (const k of b) count.set(k, (count.get(k) ?? 0) + 1);
  const out = [];
  for (const k of a) {
    const n = count.get(k) ?? 0;
    if (n > 0) count.set(k, n - 1);
    else out.push(k);
  }
  return out;
}

let status = 0;
try {
  const base = buildRevision(values.base, 'base');
  const head = values.head ? buildRevision(values.head, 'head') : buildHere();
  const inputs = {
    bench: benchCorpus,
    examples: ruleExamples,
    synthetic: syntheticCorpus,
    leaky: leakyRepo,
    history,
    staged,
  };
  console.log(`compare-findings: base ${base.label} vs head ${head.label}`);
  console.log('key: fingerprint, file, line, ruleId, kind, commit');
  let differ = 0;
  for (const target of only) {
    for (const input of await inputs[target]()) {
      const cwd = input.cwd ?? work;
      const started = Date.now();
      const a = keylint(base, input.args, cwd);
      const b = keylint(head, input.args, cwd);
      const gone = missingFrom(a.keys, b.keys);
      const added = missingFrom(b.keys, a.keys);
      const same = gone.length === 0 && added.length === 0 && a.exitCode === b.exitCode && a.files === b.files;
      const pair = (x, y) => (x === y ? `${x}` : `${x} (base) / ${y} (head)`);
      console.log(
        `${same ? 'same' : 'DIFF'}  ${input.name}: ${pair(a.files, b.files)} files or blobs, ${pair(a.keys.length, b.keys.length)} findings, exit ${pair(a.exitCode, b.exitCode)}, ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
      for (const k of gone.slice(0, 20)) console.log(`  - only in base: ${k}`);
      for (const k of added.slice(0, 20)) console.log(`  + only in head: ${k}`);
      if (gone.length + added.length > 40) console.log(`  (${gone.length} only in base, ${added.length} only in head in all)`);
      if (!same) differ++;
    }
  }
  console.log(differ ? `compare-findings: ${differ} input(s) differ` : 'compare-findings: identical findings on every input');
  status = differ ? 1 : 0;
} catch (e) {
  process.stderr.write(`compare-findings: ${e.message.split('\n')[0]}\n`);
  status = 2;
} finally {
  for (const dir of worktrees) spawnSync('git', ['worktree', 'remove', '--force', dir], { cwd: repo });
  spawnSync('git', ['worktree', 'prune'], { cwd: repo });
  if (values.keep) log(`inputs kept in ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
process.exit(status);
