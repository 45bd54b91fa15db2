import type { Argv } from 'yargs';
import { KeylintError } from '../../engine/index.js';
import { loadBuiltinRules } from '../../rules/load-rules.js';
import { EXIT_CLEAN } from '../io.js';
import type { CommandSpec } from '../command.js';

interface RulesArgs {
  action: 'list' | 'test';
  files: string[];
  format: 'text' | 'json';
  asBuiltin: boolean;
}

export const rulesCommand: CommandSpec<RulesArgs> = {
  command: 'rules [action] [files..]',
  describe: 'List the detection rules, or test rule files you write (rules test FILE...)',
  builder: (y: Argv) =>
    y
      .positional('action', {
        describe: 'list: the built-in rules; test: check each rule in FILE... (its examples and regex safety)',
        choices: ['list', 'test'] as const,
        default: 'list' as const,
      })
      .positional('files', { describe: 'rule TOML files to test ([[rule]] tables; a .keylint.toml works too)', type: 'string', array: true, default: [] })
      .option('format', { alias: 'f', choices: ['text', 'json'] as const, default: 'text' as const, describe: 'output format' })
      .option('as-builtin', {
        type: 'boolean',
        default: false,
        describe: 'judge regexes as built-in rules run (always V8), not as custom rules (RE2 when installed)',
      })
      .check((a) => {
        if (a.action === 'test' && (a.files as string[]).length === 0) throw new KeylintError('rules test: name at least one rule file');
        if (a.action === 'list' && (a.files as string[]).length > 0)
          throw new KeylintError(`rules: unexpected file "${(a.files as string[])[0]}" (did you mean: rules test FILE...?)`);
        return true;
      })
      .example('$0 rules', 'list the built-in rules')
      .example('$0 rules test my-rules.toml', 'check that each example matches (or not) as declared and the regex is safe')
      .example('$0 rules test .keylint.toml', 'check the custom rules of a config')
      .epilogue(
        'rules test: each rule needs examples.secret (or examples.publishable) it must find and examples.not it must ignore; ' +
          'examples are shown redacted. Exit 0 when every rule passes, 1 when one fails, 2 when a file does not load. See docs/rules.md.',
      ) as unknown as Argv<RulesArgs>,
  handler: async (args, io) => {
    if (args.action === 'test') {
      const { runRulesTest } = await import('./rules-test.js');
      return runRulesTest(args.files, args.asBuiltin ? 'builtin' : 'custom', args.format, io);
    }
    const { rules } = loadBuiltinRules();
    if (args.format === 'json') {
      const list = rules.map((r) => ({
        id: r.id,
        provider: r.provider,
        title: r.title,
        kind: r.kind,
        severity: r.severity,
        keywords: r.keywords,
        validate: r.validate ?? null,
        docs: r.docs ?? null,
        source: r.source,
      }));
      const providers = new Set(rules.map((r) => r.provider)).size;
      io.stdout.write(JSON.stringify({ version: 1, providers, rules: list }, null, 2) + '\n');
    } else {
      const width = Math.max(...rules.map((r) => r.id.length));
      for (const r of rules) io.stdout.write(`${r.id.padEnd(width)}  ${r.kind.padEnd(11)} ${r.provider}: ${r.title}\n`);
      io.stdout.write(`${rules.length} rules, ${new Set(rules.map((r) => r.provider)).size} providers\n`);
    }
    return EXIT_CLEAN;
  },
};
