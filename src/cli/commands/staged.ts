import type { Argv } from 'yargs';
import type { CommandSpec } from '../command.js';
import { EXIT_FINDINGS } from '../io.js';
import { commonScanOptions, type CommonScanArgs } from '../options/index.js';
import { emitReport } from '../options/output.js';
import { sendReport } from '../options/report-to.js';
import { scanOptionsOf } from '../options/scan-options.js';
import { sourceOptions, type SourceArgs } from '../options/source.js';
import { scanStaged } from '../../scan/scan-staged.js';

export type StagedArgs = CommonScanArgs & SourceArgs & { allLines: boolean };

/** What a blocked commit can do, printed once under the report. */
export const ALLOW_HINT =
  'remove the secret from the staged files (and rotate it if it was ever real); for a false alarm put keylint:allow in a comment on its line, or add it to [allowlist] in .keylint.toml';

export const stagedCommand: CommandSpec<StagedArgs> = {
  command: 'staged',
  describe: 'Scan what is staged for commit (the index, not the working tree); for pre-commit hooks',
  builder: (y: Argv) =>
    sourceOptions(commonScanOptions(y))
      .option('all-lines', { describe: 'report secrets anywhere in staged files, not only on the lines this commit adds', type: 'boolean', default: false })
      .example('$0 staged', 'in .husky/pre-commit or .git/hooks/pre-commit') as unknown as Argv<StagedArgs>,
  handler: async (args, io) => {
    const report = await scanStaged(io.cwd, { ...scanOptionsOf(args, io), allLines: args.allLines });
    await emitReport(report, args, io);
    await sendReport(report, args, io);
    if (report.exitCode === EXIT_FINDINGS) io.stderr.write(`keylint: commit blocked: ${ALLOW_HINT}\n`);
    return report.exitCode;
  },
};
