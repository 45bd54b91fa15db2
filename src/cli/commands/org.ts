import type { Argv } from 'yargs';
import { KeylintError, type Kind } from '../../engine/index.js';
import { REPORTERS, FORMAT_NAMES } from '../../report/index.js';
import { listFromFile, listGithubRepos, repoRefOf } from '../../org/enumerate.js';
import { enqueueRepos, openQueue } from '../../org/queue.js';
import { latestRun, queryLocations, toScanReport, unfinishedRepos } from '../../org/report.js';
import type { OrgJob, RepoRef } from '../../org/types.js';
import type { CommandSpec } from '../command.js';
import { EXIT_CLEAN, EXIT_FINDINGS, useColor, type CliIO } from '../io.js';
import { openOrgStore, orgDatabaseOptions, orgQueueOptions, positiveInt, redisUrlOf, type OrgDatabaseArgs, type OrgQueueArgs } from './org-options.js';

type OrgArgs = OrgDatabaseArgs &
  OrgQueueArgs & {
    action: 'scan' | 'report';
    org?: string;
    user?: string;
    list?: string;
    repo?: string[];
    apiUrl: string;
    includeForks: boolean;
    attempts: number;
    backoffMs: number;
    since?: string;
    run?: number;
    new: boolean;
    provider?: string;
    kind?: Kind;
    verified: boolean;
    format: string;
    showPublishable: boolean;
    color?: boolean;
  };

export const orgCommand: CommandSpec<OrgArgs> = {
  command: 'org <action>',
  describe: 'Scan every repository of an organisation through a job queue (scan), or report what the workers found (report)',
  builder: (y: Argv) =>
    orgQueueOptions(
      orgDatabaseOptions(
        y
          .positional('action', { choices: ['scan', 'report'] as const, describe: 'scan: enqueue one job per repository; report: print the stored findings' })
          .option('org', { type: 'string', describe: 'scan: a GitHub organisation', requiresArg: true })
          .option('user', { type: 'string', describe: "scan: a GitHub user's repositories", requiresArg: true })
          .option('list', { type: 'string', describe: 'scan: a file of clone URLs or local paths, one a line', requiresArg: true })
          .option('repo', { type: 'string', array: true, describe: 'scan: a clone URL or local path (repeatable)', requiresArg: true })
          .option('api-url', { type: 'string', default: 'https://api.github.com', describe: 'scan: GitHub API (GitHub Enterprise: https://HOST/api/v3)' })
          .option('include-forks', { type: 'boolean', default: false, describe: 'scan: also forks' })
          .option('attempts', { type: 'number', default: 3, describe: 'scan: tries per repository before it is marked failed' })
          .option('backoff-ms', { type: 'number', default: 10_000, describe: 'scan: first retry delay (doubles each time)' })
          .option('since', { type: 'string', describe: 'report: only secrets first seen at or after DATE', requiresArg: true })
          .option('run', { type: 'number', describe: 'report: only secrets first seen in run N or later', requiresArg: true })
          .option('new', { type: 'boolean', default: false, describe: 'report: only secrets the latest run found first' })
          .option('provider', { type: 'string', describe: 'report: only this provider', requiresArg: true })
          .option('kind', { choices: ['secret', 'publishable'] as const, describe: 'report: only this kind' })
          .option('verified', { type: 'boolean', default: false, describe: 'report: only secrets a provider confirmed work (workers run with --verify)' })
          .option('format', { alias: 'f', choices: FORMAT_NAMES, default: 'text', describe: 'report: output format' })
          .option('show-publishable', { type: 'boolean', default: false, describe: 'report: list publishable keys too (text)' })
          .option('color', { type: 'boolean', describe: 'report: force colors on or off' })
          .conflicts('org', 'user')
          .epilog('The GitHub token comes from GITHUB_TOKEN (or KEYLINT_GITHUB_TOKEN), never a flag; it is not put on the queue.')
          .example('$0 org scan --org acme --database-url postgres://… --redis-url redis://…', 'enqueue every repository of acme')
          .example('$0 org report --new --format sarif', 'what the latest run found first, as SARIF'),
      ),
    ) as unknown as Argv<OrgArgs>,
  handler: async (args, io) => (args.action === 'scan' ? orgScan(args, io) : orgReport(args, io)),
};

async function orgScan(args: OrgArgs, io: CliIO): Promise<number> {
  positiveInt('--attempts', args.attempts);
  positiveInt('--backoff-ms', args.backoffMs);
  const redisUrl = redisUrlOf(args, io);
  const repos = await reposToScan(args, io);
  if (repos.length === 0) throw new KeylintError('org scan: no repositories to scan');
  // The queue first: an unreachable Redis must not leave a run recorded with nothing queued.
  const queue = await openQueue<OrgJob>({ redisUrl, queue: args.queue });
  let store;
  try {
    store = await openOrgStore(args, io);
    const source = args.org ? `github org ${args.org}` : args.user ? `github user ${args.user}` : args.list ? `list ${args.list}` : 'repositories given';
    const runId = await store.startRun(source, repos);
    await enqueueRepos(queue, runId, repos, { attempts: args.attempts, backoffMs: args.backoffMs });
    io.stdout.write(`run ${runId}: ${repos.length} repositor${repos.length === 1 ? 'y' : 'ies'} queued on ${args.queue}\n`);
    return EXIT_CLEAN;
  } finally {
    await store?.close();
    await queue.close().catch(() => {});
  }
}

async function reposToScan(args: OrgArgs, io: CliIO): Promise<RepoRef[]> {
  const repos: RepoRef[] = [];
  const owner = args.org ?? args.user;
  if (owner !== undefined) {
    const token = io.env.GITHUB_TOKEN ?? io.env.KEYLINT_GITHUB_TOKEN;
    repos.push(
      ...(await listGithubRepos({
        apiUrl: args.apiUrl,
        owner,
        ownerType: args.org !== undefined ? 'org' : 'user',
        ...(token ? { token } : {}),
        includeForks: args.includeForks,
        onWait: (ms) => io.stderr.write(`keylint: GitHub API rate limit reached; waiting ${Math.ceil(ms / 1000)}s for its reset\n`),
      })),
    );
  }
  if (args.list) repos.push(...(await listFromFile(args.list, io.cwd)));
  for (const r of args.repo ?? []) repos.push(repoRefOf(r, io.cwd));
  if (owner === undefined && !args.list && !args.repo?.length) throw new KeylintError('org scan: name what to scan: --org, --user, --list or --repo');
  const names = new Set<string>();
  for (const r of repos) {
    if (names.has(r.name)) throw new KeylintError(`org scan: ${r.name} is named twice`);
    names.add(r.name);
  }
  return repos;
}

async function orgReport(args: OrgArgs, io: CliIO): Promise<number> {
  if (args.since !== undefined && Number.isNaN(Date.parse(args.since))) throw new KeylintError(`--since ${args.since}: not a date (expected e.g. 2026-01-31)`);
  positiveInt('--run', args.run);
  const store = await openOrgStore(args, io);
  try {
    const latest = await latestRun(store);
    const sinceRun = args.new ? latest : args.run;
    if (args.new && latest === undefined) throw new KeylintError('org report --new: no run recorded yet');
    const rows = await queryLocations(store, {
      ...(args.since ? { since: args.since } : {}),
      ...(sinceRun !== undefined ? { sinceRun } : {}),
      ...(args.provider ? { provider: args.provider } : {}),
      ...(args.kind ? { kind: args.kind } : {}),
      ...(args.verified ? { live: true } : {}),
    });
    const report = toScanReport(rows);
    io.stdout.write(REPORTERS[args.format]!(report, { color: useColor(args.color, io), showPublishable: args.showPublishable }));
    const run = sinceRun ?? latest;
    if (run !== undefined) {
      const open = await unfinishedRepos(store, run);
      for (const r of open) io.stderr.write(`keylint: run ${run}: ${r.repo} ${r.status}${r.reason ? `: ${r.reason}` : ''}\n`);
    }
    return report.findings.some((f) => f.kind === 'secret') ? EXIT_FINDINGS : EXIT_CLEAN;
  } finally {
    await store.close();
  }
}
