import type { Argv } from 'yargs';
import { KeylintError } from '../../engine/index.js';
import { startDashboard } from '../../dashboard/server.js';
import type { CommandSpec } from '../command.js';
import { EXIT_CLEAN } from '../io.js';
import { openOrgStore, orgDatabaseOptions, type OrgDatabaseArgs } from './org-options.js';

type DashboardArgs = OrgDatabaseArgs & { port: number; host: string };

export const dashboardCommand: CommandSpec<DashboardArgs> = {
  command: 'dashboard',
  describe: 'Serve a web page over the org findings store: findings by repository and provider, new ones, revocations and audit log',
  builder: (y: Argv) =>
    orgDatabaseOptions(
      y
        .option('port', { type: 'number', default: 8090, describe: 'port to listen on' })
        .option('host', { type: 'string', default: '127.0.0.1', describe: 'address to listen on (put a login proxy in front before exposing it)' }),
    ) as unknown as Argv<DashboardArgs>,
  handler: async (args, io) => {
    if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535)
      throw new KeylintError('dashboard: --port must be an integer from 0 to 65535 (0 picks a free port)');
    const store = await openOrgStore(args, io);
    try {
      let running;
      try {
        running = await startDashboard(store, { host: args.host, port: args.port, log: (l) => io.stderr.write(`keylint: ${l}\n`) });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new KeylintError(`dashboard: --port ${args.port}: address already in use`);
        throw e;
      }
      io.stderr.write(`keylint: dashboard on ${running.url}\n`);
      await new Promise<void>((done) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          void running.close().then(done, done);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      return EXIT_CLEAN;
    } finally {
      await store.close();
    }
  },
};
