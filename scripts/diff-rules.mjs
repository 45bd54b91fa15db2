// Compares the built-in rules as the engine sees them (fragments expanded, regexes
// compiled) with the rules at a git revision: a refactor of rules/*.toml that changes
// no rule prints "identical" and exits 0. Run after `npm run build`:
//   node scripts/diff-rules.mjs 2474734
import { execFileSync } from 'node:child_process';
import { isDeepStrictEqual } from 'node:util';
import { BUILTIN_RULES_DIR, parseRuleText, readRuleDir, ruleEntries } from '../dist/rules/load-rules.js';
import { compileSpecs } from '../dist/engine/index.js';

const rev = process.argv[2];
if (!rev) {
  console.error('usage: node scripts/diff-rules.mjs <git revision>');
  process.exit(2);
}
const git = (...args) => execFileSync('git', args, { encoding: 'utf8', maxBuffer: 1 << 28 });

/** id -> { spec, regex } for a list of parsed rule files. */
function index(files) {
  const { entries, errors } = ruleEntries(files);
  if (errors.length) throw new Error(errors.map((e) => e.message).join('\n'));
  const compiled = new Map(compileSpecs(entries).rules.map((r) => [r.id, r]));
  return new Map(
    entries.map(({ spec, source }) => [spec.id, { source, spec, regex: `/${compiled.get(spec.id).regex.source}/${compiled.get(spec.id).regex.flags}` }]),
  );
}

const names = git('ls-tree', '--name-only', rev, 'rules/')
  .split('\n')
  .filter((n) => n.endsWith('.toml'));
const before = index(names.map((name) => parseRuleText(git('show', `${rev}:${name}`), name)));
const after = index(readRuleDir(BUILTIN_RULES_DIR));

let differences = 0;
for (const id of new Set([...before.keys(), ...after.keys()])) {
  const a = before.get(id);
  const b = after.get(id);
  if (!a || !b) {
    console.log(`${id}: ${a ? 'removed' : 'added'}`);
    differences++;
  } else if (a.regex !== b.regex || !isDeepStrictEqual(a.spec, b.spec) || a.source !== b.source) {
    console.log(`${id}: differs\n  before: ${a.regex}\n  after:  ${b.regex}`);
    differences++;
  }
}
console.log(differences ? `${differences} rule(s) differ from ${rev}` : `identical: ${after.size} rules (specs and compiled regexes) match ${rev}`);
process.exit(differences ? 1 : 0);
