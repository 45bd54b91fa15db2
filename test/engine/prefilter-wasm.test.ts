import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assemble, generatedSource, GENERATED } from '../../scripts/build-wasm.mjs';
import { expandExample, seededRandom } from '../../src/engine/examples.js';
import { compileRuleFiles } from '../../src/engine/index.js';
import { KeywordPrefilter, type KeywordHits } from '../../src/engine/prefilter.js';
import { regexSpan } from '../../src/engine/regex-span.js';
import { builtinRulesWithExamples, loadBuiltinRules } from '../../src/rules/load-rules.js';

// The WebAssembly keyword scan and the JavaScript loop it stands in for must record the
// same hits in the same order: the JavaScript loop is the reference, and any difference
// between the two is a bug in one of them.
const ruleSet = loadBuiltinRules();
// With their spans, as the scanner sees them: a span can make a keyword count only as spelled.
const rules = ruleSet.rules.map((r) => ({ ...r, span: r.span ?? regexSpan(r.regex, r.keywords, r.anchor) }));
const wasm = new KeywordPrefilter(rules, { wasm: true });
const reference = new KeywordPrefilter(rules, { wasm: false });

/** A copy of the hits (the prefilter reuses its arrays). */
function snapshot(hits: KeywordHits) {
  return { starts: [...hits.starts.subarray(0, hits.count)], ids: [...hits.ids.subarray(0, hits.count)], present: [...hits.present] };
}

function expectSameHits(text: string, label: string): number {
  const utf8 = Buffer.from(text, 'utf8');
  for (const bytes of [utf8, undefined]) {
    const mine = snapshot(wasm.find(text, bytes));
    const theirs = snapshot(reference.find(text, bytes));
    expect(mine, `${label} (${bytes ? 'bytes' : 'text'})`).toEqual(theirs);
  }
  return wasm.find(text).count;
}

const examples = [...builtinRulesWithExamples().specs.values()].flatMap((spec) => {
  const ex = spec.examples;
  return ex ? [...ex.secret, ...ex.publishable, ...ex.not].map((template) => expandExample(template)) : [];
});

describe('the WebAssembly keyword scan', () => {
  it('is assembled from keyword-scan.wat as committed (run `node scripts/build-wasm.mjs` after editing it)', async () => {
    expect(readFileSync(GENERATED, 'utf8')).toBe(generatedSource(await assemble()));
  });

  it('records the hits the JavaScript loop does on every rule example, alone and in non-ASCII filler', () => {
    expect(examples.length).toBeGreaterThan(1500);
    let hits = 0;
    examples.forEach((example, i) => {
      hits += expectSameHits(example, `example ${i}`);
      expectSameHits(`Grüße ☃ ${example} 𝄞 ende`, `example ${i} in filler`);
    });
    expect(hits).toBeGreaterThan(examples.length); // the examples hold keywords: the comparison saw hits
    // And the module did the scanning (with WebAssembly off, both sides would run the JavaScript loop).
    expect((wasm as unknown as { loop: { wasm: unknown } }).loop.wasm).toBeTruthy();
    expect((reference as unknown as { loop: { wasm: unknown } }).loop.wasm).toBeNull();
  });

  it('by default scans its first 64 KB in JavaScript (a hook is done before WebAssembly would be set up), then switches', () => {
    const lazy = new KeywordPrefilter(rules);
    const loopOf = (p: KeywordPrefilter) => (p as unknown as { loop: { wasm: unknown } }).loop;
    const small = examples.slice(0, 50).join('\n');
    expect(snapshot(lazy.find(small))).toEqual(snapshot(reference.find(small)));
    expect(loopOf(lazy).wasm).toBeUndefined();
    const big = examples.join('\n');
    expect(big.length).toBeGreaterThan(64 * 1024);
    expect(snapshot(lazy.find(big))).toEqual(snapshot(reference.find(big)));
    expect(loopOf(lazy).wasm).toBeTruthy();
  });

  it('records the same hits in texts big enough to fill its output many times over', () => {
    const text = examples.join('\n').repeat(12);
    const count = expectSameHits(text, 'every example, twelve times');
    expect(count).toBeGreaterThan(4 * (1 << 14));
  });

  it('records the same hits in random text made of every keyword in every case, at every start and end', () => {
    const random = seededRandom(20261202);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
    const keywords = [...new Set(rules.flatMap((r) => r.keywords))];
    expect(rules.filter((r) => r.span.keywordCase).length).toBeGreaterThan(3); // keywords counted only as spelled are among them
    const cases = [(k: string) => k, (k: string) => k.toUpperCase(), (k: string) => k.toLowerCase(), (k: string) => k[0]!.toUpperCase() + k.slice(1)];
    const filler = ['.', ':', '-', '_', 'é', '𝄞', ' ', '"', '\n', 'x', 'a1B2c3'];
    for (let round = 0; round < 3000; round++) {
      const length = Math.floor(random() * 12);
      const text = Array.from({ length }, () => (random() < 0.5 ? pick(cases)(pick(keywords)) : pick(filler))).join('');
      expectSameHits(text, JSON.stringify(text));
    }
  });

  it('agrees on keywords of every length, non-ASCII ones among them (which the tables leave to a plain search)', () => {
    const keywords = ['x', 'é', 'ßx', '€€', 'sk', '0.', 'ghp', 'sk_', 'sk_live_', 'token', 'tok', 'passwörd', 'AKIA', 'xoxb-', 'ab', 'abab'];
    const specs = keywords.map((k, i) => ({ id: `r${i}`, provider: 'T', regex: '(x{99})', keywords: [k] }));
    const own = compileRuleFiles([{ source: 'test.toml', data: { rule: specs } }]).rules;
    const [mine, theirs] = [new KeywordPrefilter(own, { wasm: true }), new KeywordPrefilter(own, { wasm: false })];
    const random = seededRandom(7);
    for (let round = 0; round < 500; round++) {
      const text = Array.from({ length: Math.floor(random() * 10) }, () => keywords[Math.floor(random() * keywords.length)]!).join(random() < 0.5 ? '' : ' ');
      expect(snapshot(mine.find(text)), text).toEqual(snapshot(theirs.find(text)));
      const utf8 = Buffer.from(text);
      expect(snapshot(mine.find(text, utf8)), text).toEqual(snapshot(theirs.find(text, utf8)));
    }
  });

  it('falls back to the JavaScript loop, with the same hits, when its memory cannot grow to hold a text', () => {
    const prefilter = new KeywordPrefilter(rules, { wasm: true });
    const small = 'token = 1';
    expect(snapshot(prefilter.find(small))).toEqual(snapshot(reference.find(small)));
    // The system refusing more memory, as it may with thousands of scanners alive.
    const memory = (prefilter as unknown as { loop: { wasm: { memory: { grow(pages: number): number } } } }).loop.wasm.memory;
    let refused = 0;
    memory.grow = () => {
      refused++;
      throw new RangeError('WebAssembly.Memory.grow(): Maximum memory size exceeded');
    };
    const big = examples.join('\n').repeat(4);
    expect(snapshot(prefilter.find(big))).toEqual(snapshot(reference.find(big)));
    expect(refused).toBeGreaterThan(0);
  });

  it('records the same hits in this repository’s own source files', () => {
    for (const file of ['src/engine/prefilter.ts', 'src/engine/scanner.ts', 'README.md', 'rules/aws.toml', 'rules/github.toml']) {
      expectSameHits(readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8'), file);
    }
  });
});
