import type { Argv } from 'yargs';
import type { VerifyArgs } from '../../scan/verify.js';

/** `--verify` and its companions: shared by every scanning command (never on by default). */
export function verifyOptions<T>(y: Argv<T>): Argv<T & VerifyArgs> {
  return y
    .option('verify', {
      describe: "ask each finding's provider, read-only, whether the key works (verified, invalid, unknown, error); prints the hosts it contacts",
      type: 'boolean',
    })
    .option('only-verified', { describe: 'report (and fail on) only findings the provider accepted; implies --verify', type: 'boolean' })
    .option('verify-endpoint', {
      describe: 'PROVIDER=URL: another API base for a provider (GitHub Enterprise, self-hosted GitLab, tests); https, or http to loopback only. Repeatable',
      type: 'string',
      requiresArg: true,
    })
    .option('verify-concurrency', { describe: 'verification requests in flight at once (default 8)', type: 'number', requiresArg: true })
    .option('verify-timeout', { describe: 'milliseconds per verification request (default 10000)', type: 'number', requiresArg: true })
    .option('verify-cache-ttl', {
      describe: 'seconds an answer is reused, by fingerprint (default 3600; 0 turns the cache off)',
      type: 'number',
      requiresArg: true,
    }) as unknown as Argv<T & VerifyArgs>;
}
