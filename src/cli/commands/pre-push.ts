import type { Argv } from 'yargs';
import { openRepo } from '../../sources/git/git.js';
import { parsePrePush, pushRevisions } from '../../sources/git/pre-push.js';
import { readStdinChunk } from '../../sources/stdin.js';
import type { CommandSpec } from '../command.js';
import { EXIT_FINDINGS } from '../io.js';
import { commonScanOptions, type CommonScanArgs } from '../options/index.js';
import { emitReport } from '../options/output.js';
import { sendReport } from '../options/report-to.js';
import { scanOptionsOf } from '../options/scan-options.js';
import { sourceOptions, type SourceArgs } from '../options/source.js';
import { scanHistory } from '../../scan/scan-history.js';
import { SCAN_DEFAULTS } from '../../scan/defaults.js';

export type PrePushArgs = CommonScanArgs & SourceArgs & { remote?: string; url?: string; cache: boolean };

export const prePushCommand: CommandSpec<PrePushArgs> = {
  command: 'pre-push [remote] [url]',
  describe: "Scan only the commits being pushed (reads git's pre-push hook input on stdin)",
  builder: (y: Argv) =>
    sourceOptions(commonScanOptions(y))
      .positional('remote', { describe: "the remote's name (git passes it; unused)", type: 'string' })
      .positional('url', { describe: "the remote's URL (git passes it; unused)", type: 'string' })
      .option('cache', { describe: 'use the history blob cache (--no-cache to rescan)', type: 'boolean', default: SCAN_DEFAULTS.cache })
      .example('$0 pre-push "$@"', 'in .husky/pre-push or .git/hooks/pre-push') as unknown as Argv<PrePushArgs>,
  handler: async (args, io) => {
    const repo = await openRepo(io.cwd, io.cwd);
    // git writes one short line per ref: far less than this.
    const input = (await readStdinChunk(io.stdin, '<stdin>', 16 * 1024 * 1024)).text;
    let revisions = await pushRevisions(repo.top, parsePrePush(input));
    // The pre-commit framework reads git's stdin itself and passes the range in the environment.
    const from = io.env.PRE_COMMIT_FROM_REF;
    const to = io.env.PRE_COMMIT_TO_REF;
    if (!input.trim() && to) revisions = [from ? [`${from}..${to}`] : [to, '--not', '--remotes']];
    const report = await scanHistory(io.cwd, { ...scanOptionsOf(args, io, 'note'), revisions, cache: args.cache });
    await emitReport(report, args, io);
    await sendReport(report, args, io);
    const code = report.exitCode;
    if (code === EXIT_FINDINGS) {
      io.stderr.write(
        'keylint: push blocked: rotate the key, then remove it from the pushed commits (git rebase -i, or git commit --amend for the last one); for a false alarm put keylint:allow in a comment on its line or add it to [allowlist] in .keylint.toml\n',
      );
    }
    return code;
  },
};
