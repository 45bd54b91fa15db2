import type { Argv } from 'yargs';
import { prepareStagedScan } from '../../sources/git/staged.js';
import { emptySkips } from '../../sources/types.js';
import type { CommandSpec } from '../command.js';
import { EXIT_FINDINGS } from '../io.js';
import { commonScanOptions, type CommonScanArgs } from '../options/index.js';
import { exitCodeFor, scanSetup } from '../../scan/setup.js';
import { emitReport } from '../options/output.js';
import { sendReport } from '../options/report-to.js';
import { maxFileSizeOf, sourceOptions, type SourceArgs } from '../options/source.js';
import { runPipeline } from '../../scan/pipeline.js';
import { openRepo } from '../../sources/git/git.js';
import { pathFilter } from './history.js';

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
    const repo = await openRepo(io.cwd, io.cwd);
    const setup = await scanSetup(args, io, repo.top);
    const skipped = emptySkips();
    const prepared = await prepareStagedScan({
      dir: repo.top,
      allLines: args.allLines,
      keepPath: pathFilter(args),
      maxFileSize: maxFileSizeOf(args),
      skipped,
      scanner: setup.scanner,
    });
    let report;
    try {
      report = await runPipeline(prepared.source, { scanner: setup.scanner, observe: prepared.observe, filters: setup.filters, skipped });
    } finally {
      await prepared.close();
    }
    await emitReport(report, args, io);
    await sendReport(report, args, io);
    const code = exitCodeFor(report.findings, args);
    if (code === EXIT_FINDINGS) io.stderr.write(`keylint: commit blocked: ${ALLOW_HINT}\n`);
    return code;
  },
};
