// ESLint benchmark: what `keylint/no-hardcoded-secrets` adds to an editor's lint of real
// package code, and how many reports it makes there (the corpus holds no real secrets, so
// every `secret` report is a false alarm).
//
// Files are linted from memory with ESLint's `lintText` (the call editor integrations make;
// config resolved once and cached). The baseline is `eslint:recommended`, a realistic editor
// setup; "with" adds keylint's recommended config. The machine is shared, so each file is
// linted both ways back to back in every round and the per-file best of N is summed: load
// from other processes hits both sides alike. Timing uses a deterministic sample (every
// STRIDE-th file under SIZE_LIMIT, sorted by path); reports are counted over every file under
// SIZE_LIMIT, in a pass that also times the rule's own listeners directly. Larger files
// (bundles such as typescript.js) are not what an editor lints as you type and are left out.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import { ESLint, Linter } from 'eslint';
import fg from 'fast-glob';
import keylint from '../dist/eslint/index.js';
import { ensureCorpus } from './corpus.mjs';

// Package code carries `/* eslint-env */` comments; ESLint 9 warns about each on stderr.
process.removeAllListeners('warning');
process.on('warning', (w) => w.name !== 'ESLintEnvWarning' && console.error(w));

const ROUNDS = Number(process.env.KEYLINT_BENCH_ROUNDS ?? 3);
const STRIDE = Number(process.env.KEYLINT_BENCH_ESLINT_STRIDE ?? 4);
const SIZE_LIMIT = 256 * 1024;

const sourceTypeOf = (name) => (name.endsWith('.mjs') ? 'module' : name.endsWith('.cjs') ? 'commonjs' : undefined);

const RULE = 'keylint/no-hardcoded-secrets';

function configs(sourceType, plugin) {
  const base = {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { ecmaVersion: 'latest', sourceType },
    linterOptions: { reportUnusedDisableDirectives: 'off' },
  };
  return [{ ...base, rules: js.configs.recommended.rules }, ...(plugin ? [{ plugins: { keylint: plugin }, rules: { [RULE]: 'error' } }] : [])];
}

/** One ESLint instance per source type, as an editor holds one per workspace. */
function linters(dir, plugin) {
  const make = (t) => new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: configs(t, plugin), ignore: false });
  const byType = new Map(['module', 'commonjs'].map((t) => [t, make(t)]));
  return async (f) => (await byType.get(f.sourceType).lintText(f.text, { filePath: join(dir, f.name) }))[0].messages;
}

/** The plugin with the rule's listeners wrapped in timers, to measure its own cost directly. */
function timedPlugin() {
  const rule = keylint.rules['no-hardcoded-secrets'];
  const clock = { ms: 0 };
  const timed = {
    meta: rule.meta,
    create(context) {
      const t0 = performance.now();
      const listeners = rule.create(context);
      clock.ms += performance.now() - t0;
      return Object.fromEntries(
        Object.entries(listeners).map(([k, fn]) => [
          k,
          (node) => {
            const t = performance.now();
            fn(node);
            clock.ms += performance.now() - t;
          },
        ]),
      );
    },
  };
  return { plugin: { ...keylint, rules: { 'no-hardcoded-secrets': timed } }, clock };
}

/** Reads the corpus and keeps the files ESLint can parse, each with the source type that parses it. */
function loadFiles(dir) {
  const names = fg.sync('**/*.{js,mjs,cjs}', { cwd: dir, onlyFiles: true, dot: true }).sort();
  const linter = new Linter();
  const files = [];
  let skippedLarge = 0;
  let unparsable = 0;
  for (const name of names) {
    const text = readFileSync(join(dir, name), 'utf8');
    if (text.length > SIZE_LIMIT) {
      skippedLarge++;
      continue;
    }
    const tries = sourceTypeOf(name) ? [sourceTypeOf(name)] : ['module', 'commonjs'];
    const sourceType = tries.find(
      (t) => !linter.verify(text, [{ files: ['**/*.{js,mjs,cjs}'], languageOptions: { ecmaVersion: 'latest', sourceType: t } }], name).some((m) => m.fatal),
    );
    if (sourceType) files.push({ name, text, sourceType });
    else unparsable++;
  }
  return { files, skippedLarge, unparsable };
}

export async function eslintBench() {
  const dir = join(ensureCorpus(), 'node_modules');
  const { files, skippedLarge, unparsable } = loadFiles(dir);
  const sample = files.filter((_, i) => i % STRIDE === 0);
  const mb = (list) => (list.reduce((n, f) => n + f.text.length, 0) / 1024 / 1024).toFixed(1);

  const lintBase = linters(dir, undefined);
  const lintWith = linters(dir, keylint);
  const best = { base: sample.map(() => Infinity), with: sample.map(() => Infinity) };
  const time = async (lint, f) => {
    const t0 = performance.now();
    await lint(f);
    return performance.now() - t0;
  };
  for (let r = 0; r <= ROUNDS; r++) {
    for (let i = 0; i < sample.length; i++) {
      // Round 0 warms up the parser and rules; the order flips each round.
      const [first, second] = r % 2 ? ['with', 'base'] : ['base', 'with'];
      const a = await time(first === 'base' ? lintBase : lintWith, sample[i]);
      const b = await time(second === 'base' ? lintBase : lintWith, sample[i]);
      if (r === 0) continue;
      best[first][i] = Math.min(best[first][i], a);
      best[second][i] = Math.min(best[second][i], b);
    }
  }
  const sum = (xs) => xs.reduce((a, b) => a + b, 0);
  const b = sum(best.base);
  const w = sum(best.with);
  const overhead = ((w - b) / b) * 100;

  const { plugin, clock } = timedPlugin();
  const lintTimed = linters(dir, plugin);
  const reports = [];
  const fullStarted = performance.now();
  for (const f of files) {
    for (const m of await lintTimed(f)) if (m.ruleId === RULE) reports.push({ file: f.name, line: m.line, messageId: m.messageId, message: m.message });
  }
  const fullMs = performance.now() - fullStarted;
  const secrets = reports.filter((r) => r.messageId !== 'publishable');

  console.log('eslint benchmark: keylint/no-hardcoded-secrets on real package code (typescript, rxjs, lodash, @babel/core, webpack, three + deps)');
  console.log(
    `  timing sample     ${sample.length} files, ${mb(sample)} MB (every ${STRIDE}th of ${files.length} parsable files under ${SIZE_LIMIT / 1024} KB; ${skippedLarge} larger, ${unparsable} unparsable left out)`,
  );
  console.log(`  eslint:recommended            ${b.toFixed(0)} ms (per-file best of ${ROUNDS}, summed)`);
  console.log(`  + keylint/recommended         ${w.toFixed(0)} ms`);
  console.log(`  overhead          ${overhead.toFixed(1)} %   (goal < 15 %)`);
  console.log(
    `  rule's own time   ${clock.ms.toFixed(0)} ms of ${fullMs.toFixed(0)} ms linting all ${files.length} files (${((clock.ms / (fullMs - clock.ms)) * 100).toFixed(1)} % on top)`,
  );
  console.log(`  reports           ${reports.length} over ${files.length} files, ${mb(files)} MB; secret reports ${secrets.length}   (goal 0)`);
  for (const s of secrets.slice(0, 40)) console.log(`    false alarm: ${s.file}:${s.line} ${s.message.slice(0, 160)}`);
  return { overhead, secrets: secrets.length };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await eslintBench();
