// Identical findings, checked rather than hoped for: the engine's keyword windows (and
// keywords counted only in the case its regex matches) against a search of every whole text
// by rules selected by keywords in any case (the engine before windows), finding by finding, on every
// rule example embedded in non-ASCII filler, the synthetic corpus (seeds 1-3), leaky-repo
// and the benchmark corpus. Windows are forced on every text (not only long ones), and
// texts are scanned both from their UTF-8 bytes and as strings.
// Usage: node bench/findings.mjs [DIR...] (or npm run bench -- findings)   (exit 1 on any difference)
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fg from 'fast-glob';
import { Scanner, expandExample } from '../dist/engine/index.js';
import { builtinRulesWithExamples, loadBuiltinRules } from '../dist/rules/load-rules.js';
import { looksBinary, decodeText } from '../dist/sources/content.js';
import { ensureCorpus } from './corpus.mjs';

const SHARED = process.env.KEYLINT_SHARED ?? '/work/shared';

const { rules } = loadBuiltinRules();
const { specs } = builtinRulesWithExamples(); // for the examples
// The reference knows no spans: every rule runs on every text holding a keyword in any case, over the whole text.
const reference = new Scanner(
  rules.map((r) => ({ ...r, span: undefined })),
  { windows: false },
);
const windowed = new Scanner(rules, { windowsFrom: 0 });
const defaults = new Scanner(rules);

const show = (findings) => findings.map((f) => JSON.stringify(f));

/** Compares one text; returns a description of the first difference, or undefined. */
function compare(path, text, utf8) {
  const want = show(reference.scan({ path, text }));
  const tries = [
    ['windows, bytes', windowed.scan({ path, text, utf8 })],
    ['windows, string', windowed.scan({ path, text })],
    ['default, bytes', defaults.scan({ path, text, utf8 })],
  ];
  for (const [how, got] of tries) {
    const g = show(got);
    if (g.length !== want.length || g.some((x, i) => x !== want[i])) {
      const missing = want
        .filter((x) => !g.includes(x))
        .map((x) => JSON.parse(x))
        .map((f) => `${f.ruleId}@${f.line}:${f.column}`);
      const extra = g
        .filter((x) => !want.includes(x))
        .map((x) => JSON.parse(x))
        .map((f) => `${f.ruleId}@${f.line}:${f.column}`);
      return `${path} (${how}): missing [${missing.join(', ')}] extra [${extra.join(', ')}]`;
    }
  }
  // Rejected matches too: every regex match, kept or not, must be the same.
  const matches = (scanner, chunk) => scanner.candidates(chunk).map((c) => `${c.rule.id}@${c.start}-${c.end}`);
  const all = matches(reference, { path, text });
  const got = matches(windowed, { path, text, utf8 });
  if (got.length !== all.length || got.some((x, i) => x !== all[i])) {
    return `${path} (regex matches): missing [${all.filter((x) => !got.includes(x)).join(', ')}] extra [${got.filter((x) => !all.includes(x)).join(', ')}]`;
  }
  return { findings: want.length, matches: all.length };
}

function report(label, results, started) {
  const diffs = results.filter((r) => typeof r === 'string');
  const findings = results.reduce((n, r) => n + (typeof r === 'string' ? 0 : r.findings), 0);
  const matches = results.reduce((n, r) => n + (typeof r === 'string' ? 0 : r.matches), 0);
  const ms = performance.now() - started;
  console.log(
    `  ${label.padEnd(34)} ${String(results.length).padStart(6)} texts ${String(findings).padStart(6)} findings ${String(matches).padStart(6)} regex matches  ${diffs.length ? `${diffs.length} DIFFER` : 'identical'}  (${(ms / 1000).toFixed(1)} s)`,
  );
  for (const d of diffs.slice(0, 10)) console.log(`    ${d}`);
  return diffs.length;
}

/** Every example of every rule inside non-ASCII filler: at the start, the middle and the end, on a line of its own or glued to it. */
function examples() {
  const started = performance.now();
  const filler = (n) => {
    const parts = ['naïve café — ', '日本語のテキスト ', 'emoji 😀 ', 'const x = 1;\n', 'Ünïcödé\n', 'plain ascii words here '];
    let out = '';
    for (let i = 0; out.length < n; i++) out += parts[(i * 7) % parts.length];
    return out;
  };
  const pad = filler(3000);
  const long = filler(17000); // past the length from which the default scanner windows
  const results = [];
  for (const [id, spec] of specs) {
    const ex = spec.examples ?? {};
    const path = ex.path ?? 'notes/example.txt';
    for (const template of [...(ex.secret ?? []), ...(ex.publishable ?? []), ...(ex.not ?? [])]) {
      const sample = expandExample(template);
      for (const text of [`${sample}\n${pad}`, `${pad}\n${sample}\n${pad}`, `${pad}\n${sample}`, `${long}${sample}${long}`]) {
        const r = compare(path, text, Buffer.from(text, 'utf8'));
        results.push(typeof r === 'string' ? `${id}: ${r}` : r);
      }
    }
  }
  return report('rule examples in non-ASCII filler', results, started);
}

function folder(label, dir) {
  const started = performance.now();
  const files = fg.sync('**/*', { cwd: dir, dot: true, onlyFiles: true, followSymbolicLinks: false, ignore: ['**/.git/**'] });
  const results = [];
  for (const rel of files) {
    const bytes = readFileSync(join(dir, rel));
    if (looksBinary(bytes)) continue;
    results.push(compare(rel, decodeText(bytes), bytes));
  }
  return report(label, results, started);
}

export function findingsCheck(dirs = []) {
  console.log('identical findings: keyword windows against whole-text search (the engine before windows)');
  let differ = examples();
  for (const seed of [1, 2, 3]) {
    const generate = join(SHARED, 'corpus', 'generate.mjs');
    if (!existsSync(generate)) {
      console.log(`  synthetic corpus: skipped (no ${generate}; set KEYLINT_SHARED)`);
      break;
    }
    const out = join(tmpdir(), 'keylint-bench-synthetic', `seed${seed}`);
    if (!existsSync(join(out, 'manifest.json'))) {
      mkdirSync(out, { recursive: true });
      execFileSync(process.execPath, [generate, out, '--seed', String(seed), '--files', '120'], { stdio: 'ignore' });
    }
    differ += folder(`synthetic corpus, seed ${seed}`, out);
  }
  const leaky = join(SHARED, 'thirdparty', 'leaky-repo');
  if (existsSync(leaky)) differ += folder('leaky-repo', leaky);
  else console.log(`  leaky-repo: skipped (no ${leaky})`);
  differ += folder('bench corpus (npm packages)', join(ensureCorpus(), 'node_modules'));
  for (const d of dirs) differ += folder(d, d);
  console.log(differ ? `  FAILED: ${differ} texts differ` : '  all identical');
  return differ;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = findingsCheck(process.argv.slice(2)) ? 1 : 0;
