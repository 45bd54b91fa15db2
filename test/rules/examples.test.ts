import { describe, expect, it } from 'vitest';
import { builtinRuleFiles, loadBuiltinRules } from '../../src/rules/load-rules.js';
import { expandExample, readRuleSpecs, Scanner } from '../../src/engine/index.js';

// Every rule proves itself: its secret examples are found by it (as secrets), its
// publishable examples are found by it (as publishable), and its look-alikes are not.
// Examples run against the whole rule set, so a rule that steals another's match fails too.
const ruleSet = loadBuiltinRules();
const scanner = new Scanner(ruleSet.rules);

describe.each(builtinRuleFiles().map((f) => [f.source, f] as const))('%s', (_source, file) => {
  const { specs } = readRuleSpecs(file);
  for (const spec of specs) {
    describe(spec.id, () => {
      const ex = spec.examples;
      const path = ex?.path ?? 'src/example.txt';
      it('has secret or publishable examples and look-alikes', () => {
        expect((ex?.secret.length ?? 0) + (ex?.publishable.length ?? 0), 'examples.secret or examples.publishable').toBeGreaterThan(0);
        expect(ex?.not.length ?? 0, 'examples.not').toBeGreaterThan(0);
      });
      for (const [label, list, kind] of [
        ['secret', ex?.secret ?? [], 'secret'],
        ['publishable', ex?.publishable ?? [], 'publishable'],
      ] as const) {
        list.forEach((template, i) => {
          it(`finds examples.${label}[${i}] as ${kind}`, () => {
            const text = expandExample(template);
            const mine = scanner.scan({ path, text }).filter((f) => f.ruleId === spec.id);
            expect(mine.map((f) => f.kind), `${template} -> ${text.slice(0, 12)}…`).toContain(kind);
          });
        });
      }
      (ex?.not ?? []).forEach((template, i) => {
        it(`ignores examples.not[${i}]`, () => {
          const text = expandExample(template);
          const mine = scanner.scan({ path, text }).filter((f) => f.ruleId === spec.id);
          expect(mine, template).toEqual([]);
        });
      });
    });
  }
});
