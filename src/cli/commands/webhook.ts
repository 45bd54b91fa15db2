import type { Argv } from 'yargs';
import { KeylintError } from '../../engine/index.js';
import { DEFAULT_BODY_LIMIT, DEFAULT_RATE_LIMIT } from '../../webhook/server.js';
import { GITHUB_KEYS_URL, startWebhook } from '../../webhook/serve.js';
import type { CommandSpec } from '../command.js';
import { EXIT_CLEAN } from '../io.js';
import { storeConfig, storeOptions, type StoreArgs } from './keys.js';
import { unknownForwardProviders } from '../../webhook/forward.js';
import { parseEndpointOverrides } from '../../verify/index.js';

type WebhookArgs = StoreArgs & {
  action: 'serve';
  port: number;
  host: string;
  githubKeysUrl: string;
  gitlabKeysUrl?: string;
  notifyUrl?: string;
  bodyLimit: number;
  rateLimit: number;
  trustProxy: boolean;
  quiet: boolean;
  /** Revoker ids (`github`, `slack`, `gitlab`) to forward foreign tokens to; yargs collects repeats. */
  forwardRevoke?: string | string[];
  verifyEndpoint?: string | string[];
};

function isHttpUrl(s: string): boolean {
  try {
    const { protocol } = new URL(s);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

export const webhookCommand: CommandSpec<WebhookArgs> = {
  command: 'webhook <action>',
  describe: 'Run the revocation service (GitHub/GitLab secret-scanning alerts, keylint reports)',
  builder: (y: Argv) =>
    storeOptions(
      y
        .positional('action', { choices: ['serve'] as const, describe: 'what to do' })
        .option('port', { type: 'number', default: 8080, describe: 'port to listen on' })
        .option('host', { type: 'string', default: '127.0.0.1', describe: 'address to listen on (0.0.0.0 to expose it)' })
        .option('github-keys-url', { type: 'string', default: GITHUB_KEYS_URL, describe: 'where GitHub publishes its secret-scanning signing keys' })
        .option('gitlab-keys-url', { type: 'string', describe: 'enables POST /gitlab/secret-scanning, verified against these keys' })
        .option('notify-url', { type: 'string', describe: 'POST a JSON notice here for every revocation (retried with backoff)' })
        .option('body-limit', { type: 'number', default: DEFAULT_BODY_LIMIT, describe: 'largest request body in bytes' })
        .option('rate-limit', { type: 'number', default: DEFAULT_RATE_LIMIT, describe: 'POST requests per minute per source address' })
        .option('trust-proxy', {
          type: 'boolean',
          default: false,
          describe: 'behind one load balancer: take the client address from the hop it adds to X-Forwarded-For',
        })
        .option('quiet', { type: 'boolean', default: false, describe: 'no request log on stderr' })
        .option('forward-revoke', {
          type: 'string',
          requiresArg: true,
          describe: "forward reported tokens keylint did not issue to this provider's revocation API (github, slack, gitlab; repeatable; off by default)",
        })
        .option('verify-endpoint', {
          type: 'string',
          requiresArg: true,
          describe: 'PROVIDER=URL: another API base for a --forward-revoke provider (GitHub Enterprise, self-hosted GitLab)',
        }),
    )
      .epilog(
        'Secrets come from the environment, never flags: KEYLINT_REPORT_SECRET (enables POST /v1/reports), ' +
          'KEYLINT_ADMIN_TOKEN (guards GET /v1/keys/:id), KEYLINT_GITHUB_TOKEN (avoids the keys URL rate limit), KEYLINT_DATABASE_URL.',
      )
      .example('$0 webhook serve --port 8080 --db ./keylint.sqlite', 'serve with a SQLite store') as unknown as Argv<WebhookArgs>,
  handler: async (args, io) => {
    if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535)
      throw new KeylintError('webhook serve: --port must be an integer from 0 to 65535 (0 picks a free port)');
    // Checked now rather than at the first fetch; never echoed, as notify URLs often carry a token.
    for (const [flag, v] of [
      ['--github-keys-url', args.githubKeysUrl],
      ['--gitlab-keys-url', args.gitlabKeysUrl],
      ['--notify-url', args.notifyUrl],
    ] as const) {
      if (v !== undefined && !isHttpUrl(v)) throw new KeylintError(`webhook serve: ${flag}: not an http(s) URL`);
    }
    for (const [flag, v] of [
      ['--body-limit', args.bodyLimit],
      ['--rate-limit', args.rateLimit],
    ] as const) {
      if (!Number.isInteger(v) || v < 1) throw new KeylintError(`webhook serve: ${flag} must be a positive integer`);
    }
    const forwardTo = [args.forwardRevoke ?? []].flat();
    const unknown = unknownForwardProviders(forwardTo);
    if (unknown.length) throw new KeylintError(`webhook serve: --forward-revoke ${unknown[0]}: no revocation API for it (choose from github, slack, gitlab)`);
    const forwardEndpoints = parseEndpointOverrides([args.verifyEndpoint ?? []].flat());
    const env = io.env;
    let running;
    try {
      running = await startWebhook({
        ...storeConfig(args, io),
        host: args.host,
        port: args.port,
        githubKeysUrl: args.githubKeysUrl,
        ...(env.KEYLINT_GITHUB_TOKEN ? { githubKeysToken: env.KEYLINT_GITHUB_TOKEN } : {}),
        ...(args.gitlabKeysUrl ? { gitlabKeysUrl: args.gitlabKeysUrl } : {}),
        ...(env.KEYLINT_REPORT_SECRET ? { reportSecret: env.KEYLINT_REPORT_SECRET } : {}),
        ...(env.KEYLINT_ADMIN_TOKEN ? { adminToken: env.KEYLINT_ADMIN_TOKEN } : {}),
        ...(args.notifyUrl ? { notifyUrl: args.notifyUrl } : {}),
        bodyLimit: args.bodyLimit,
        rateLimit: args.rateLimit,
        trustProxy: args.trustProxy,
        ...(forwardTo.length ? { forward: { providers: forwardTo, endpoints: forwardEndpoints } } : {}),
        ...(args.quiet ? {} : { logStream: io.stderr as NodeJS.WritableStream as import('node:stream').Writable }),
      });
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      if (err.code === 'EADDRINUSE') throw new KeylintError(`webhook serve: --port ${args.port}: address already in use`);
      if (e instanceof KeylintError) throw e;
      throw new KeylintError(`webhook serve: ${err.message.split('\n')[0]}`);
    }
    const routes = [
      'POST /github/secret-scanning',
      ...(args.gitlabKeysUrl ? ['POST /gitlab/secret-scanning'] : []),
      ...(env.KEYLINT_REPORT_SECRET ? ['POST /v1/reports'] : []),
      'GET /v1/keys/:id',
      'GET /healthz',
    ];
    io.stderr.write(`keylint: webhook listening on ${running.url} (${running.store.kind}): ${routes.join(', ')}\n`);
    if (!env.KEYLINT_REPORT_SECRET) io.stderr.write('keylint: KEYLINT_REPORT_SECRET is not set: POST /v1/reports is off\n');
    // Runs until SIGINT/SIGTERM, then drains: in-flight batches finish and commit before the store closes.
    await new Promise<void>((done) => {
      const stop = (signal: string) => {
        process.off('SIGINT', onInt);
        process.off('SIGTERM', onTerm);
        io.stderr.write(`keylint: ${signal}: finishing in-flight requests\n`);
        void running.close().then(done, done);
      };
      const onInt = () => stop('SIGINT');
      const onTerm = () => stop('SIGTERM');
      process.once('SIGINT', onInt);
      process.once('SIGTERM', onTerm);
    });
    return EXIT_CLEAN;
  },
};
