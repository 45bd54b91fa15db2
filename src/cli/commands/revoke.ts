import { appendFileSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import { KeylintError, Scanner } from '../../engine/index.js';
import { printable } from '../../report/printable.js';
import { auditLine, REVOKERS, revokeCandidates, type RevokeOutcome } from '../../revoke/index.js';
import { loadBuiltinRules } from '../../rules/load-rules.js';
import { parseFindingsReport, rescanFindings } from '../../scan/rescan.js';
import { parseEndpointOverrides } from '../../verify/index.js';
import type { CommandSpec } from '../command.js';
import { EXIT_CLEAN, EXIT_FINDINGS } from '../io.js';

export interface RevokeArgs {
  findings: string;
  yes: boolean;
  root?: string;
  /** One `PROVIDER=URL` per --verify-endpoint given (yargs collects repeats into a list). */
  verifyEndpoint?: string | string[];
  auditLog?: string;
}

export const revokeCommand: CommandSpec<RevokeArgs> = {
  command: 'revoke <findings>',
  describe: 'Revoke leaked keys at their provider (GitHub, Slack, GitLab) from a --format json report; a dry run unless --yes',
  builder: (y: Argv) =>
    y
      .positional('findings', { describe: 'a keylint JSON report (keylint scan --format json -o findings.json)', type: 'string', demandOption: true })
      .option('yes', {
        describe: 'revoke for real (irreversible; GitHub notifies the owners); without it, only list what would be revoked',
        type: 'boolean',
        default: false,
      })
      .option('root', { describe: "folder the report's paths are relative to (default: the working directory)", type: 'string', requiresArg: true })
      .option('verify-endpoint', {
        describe: 'PROVIDER=URL: another API base for a provider (GitHub Enterprise, self-hosted GitLab); plain http only to loopback',
        type: 'string',
        requiresArg: true,
      })
      .option('audit-log', { describe: 'also append the audit lines (redacted) to FILE', type: 'string', requiresArg: true })
      .example('$0 scan . --format json -o findings.json && $0 revoke findings.json', 'list what would be revoked')
      .example('$0 revoke findings.json --yes --audit-log revoke.log', 'revoke, keeping an audit log') as unknown as Argv<RevokeArgs>,
  handler: async (args, io) => {
    const endpoints = parseEndpointOverrides([args.verifyEndpoint ?? []].flat());
    const path = resolve(io.cwd, args.findings);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      throw new KeylintError(`revoke: cannot read ${args.findings} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    const records = parseFindingsReport(text, args.findings);
    // A key a --verify run already saw rejected is dead: nothing to revoke.
    const live = records.filter((r) => r.verification?.status !== 'invalid');
    const root = resolve(io.cwd, args.root ?? '.');
    const { found, missing } = await rescanFindings(live, { root, scanner: new Scanner(loadBuiltinRules().rules) });
    const say = (line: string) => io.stderr.write(`keylint: ${line}\n`);
    for (const m of missing)
      say(
        `revoke: ${printable(m.redacted)} (${m.ruleId}) is no longer at ${printable(m.file)}:${m.line}${m.commit ? ` in ${m.commit.slice(0, 8)}` : ''}; skipped`,
      );

    const auditPath = args.auditLog ? resolve(io.cwd, args.auditLog) : undefined;
    const audit = (o: RevokeOutcome) => {
      const line = printable(auditLine(o));
      io.stdout.write(`${line}\n`);
      if (auditPath) appendFileSync(auditPath, `${line}\n`, { mode: 0o600 });
    };
    if (args.yes) {
      const hosts = REVOKERS.filter((r) => found.some((f) => r.accepts(f))).map((r) => new URL(endpoints.get(r.id) ?? r.endpoint).host);
      if (hosts.length) say(`revoke will contact: ${hosts.join(', ')}`);
    }
    const { outcomes, unsupported } = await revokeCandidates(found, { dryRun: !args.yes, endpoints, onOutcome: audit });
    const ids = new Set(unsupported.map((c) => c.ruleId));
    if (ids.size) say(`revoke: no revocation API for ${unsupported.length} key(s) (${[...ids].join(', ')}): rotate them at the provider`);

    const count = (s: RevokeOutcome['status']) => outcomes.filter((o) => o.status === s).length;
    if (!args.yes) {
      say(`dry run: would revoke ${count('would-revoke')} key(s); run again with --yes to revoke (irreversible)`);
      return EXIT_CLEAN;
    }
    const failed = count('failed');
    say(`revoked ${count('revoked')} key(s)${failed ? `, ${failed} failed` : ''}${missing.length ? `, ${missing.length} not found` : ''}`);
    return failed || missing.length ? EXIT_FINDINGS : EXIT_CLEAN;
  },
};
