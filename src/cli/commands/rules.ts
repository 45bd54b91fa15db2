import type { Argv } from 'yargs';
import { loadBuiltinRules } from '../../rules/load-rules.js';
import { EXIT_CLEAN } from '../io.js';
import type { CommandSpec } from '../command.js';

interface RulesArgs {
  format: 'text' | 'json';
}

export const rulesCommand: CommandSpec<RulesArgs> = {
  command: 'rules',
  describe: 'List the detection rules',
  builder: (y: Argv) =>
    y.option('format', { alias: 'f', choices: ['text', 'json'] as const, default: 'text' as const, describe: 'output format' }) as unknown as Argv<RulesArgs>,
  handler: async (args, io) => {
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
