import type { Argv } from 'yargs';
import { KeylintError } from '../../engine/index.js';
import { isIssuedKeyRuleId } from '../../rules/issued-key-rule.js';
import type { ScanReport } from '../../report/index.js';
import { sha256Hex } from '../../webhook/hash.js';
import { signReport } from '../../webhook/report-signature.js';
import type { CliIO } from '../io.js';

export interface ReportToArgs {
  reportTo?: string;
  reportTimeout?: number;
}

export function reportToOptions<T>(y: Argv<T>): Argv<T & ReportToArgs> {
  return y
    .option('report-to', {
      type: 'string',
      describe: 'send findings of your issued keys to a keylint webhook (…/v1/reports) for revocation; signed with KEYLINT_REPORT_SECRET',
    })
    .option('report-timeout', { type: 'number', default: 10, describe: 'seconds to wait for --report-to' }) as unknown as Argv<T & ReportToArgs>;
}

/** The URL without credentials or query, safe to print. */
function shown(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

/** Why a request failed, without echoing the URL: the cause's code (ECONNREFUSED, ENOTFOUND) or a timeout. */
function failure(e: unknown, timeout: number): string {
  if ((e as Error).name === 'TimeoutError') return `no answer within ${timeout}s`;
  const cause = (e as { cause?: NodeJS.ErrnoException }).cause;
  return (cause?.code ?? cause?.message ?? (e as Error).message).split('\n')[0]!;
}

/**
 * Sends the run's issued-key findings to a revocation webhook, when asked to.
 * Only SHA-256 hashes of the keys travel (the service stores hashes and matches on them),
 * so neither the wire nor the service's logs ever hold a key.
 */
export async function sendReport(report: ScanReport, args: ReportToArgs, io: CliIO): Promise<void> {
  if (!args.reportTo) return;
  let url: URL;
  try {
    url = new URL(args.reportTo);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error();
  } catch {
    throw new KeylintError('--report-to: not an http(s) URL');
  }
  // Authentication is the HMAC signature; a password in the URL would only end up in shell history and errors.
  if (url.username || url.password)
    throw new KeylintError('--report-to: the URL must not carry a user or password (reports are signed with KEYLINT_REPORT_SECRET)');
  const secret = io.env.KEYLINT_REPORT_SECRET;
  if (!secret) throw new KeylintError('--report-to: KEYLINT_REPORT_SECRET is not set (the shared secret the webhook verifies)');
  const timeout = args.reportTimeout ?? 10;
  if (!(timeout > 0)) throw new KeylintError('--report-timeout: must be a positive number of seconds');

  const findings = report.findings
    .filter((f) => isIssuedKeyRuleId(f.ruleId) && typeof f.secret === 'string')
    .map((f) => ({ ruleId: f.ruleId, tokenHash: sha256Hex(f.secret), file: f.file, line: f.line, ...(f.commit ? { commit: f.commit } : {}) }));
  if (findings.length === 0) {
    io.stderr.write(`keylint: --report-to: no issued keys found, nothing sent\n`);
    return;
  }
  const body = JSON.stringify({ version: 1, tool: `${report.tool.name} ${report.tool.version}`, findings });
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': `keylint/${report.tool.version}`, ...signReport(secret, body) },
      body,
      // A redirect would carry the signed headers to another host (and turn the POST into a GET).
      redirect: 'manual',
      signal: AbortSignal.timeout(timeout * 1000),
    });
  } catch (e) {
    throw new KeylintError(`--report-to ${shown(url)}: report not sent (${failure(e, timeout)})`);
  }
  let text: string;
  try {
    text = await res.text();
  } catch (e) {
    // The timeout and the connection also cover the body; the service may have revoked already, only the answer is lost.
    throw new KeylintError(`--report-to ${shown(url)}: report not confirmed (${failure(e, timeout)})`);
  }
  if (!res.ok) {
    let why = `HTTP ${res.status}`;
    try {
      const err = (JSON.parse(text) as { error?: unknown }).error;
      if (typeof err === 'string') why += `: ${err.slice(0, 200)}`;
    } catch {
      // Not our service's JSON error: the status says enough.
    }
    throw new KeylintError(`--report-to ${shown(url)}: report rejected (${why})`);
  }
  let revokedNow = 0;
  let known = 0;
  try {
    const results = (JSON.parse(text) as { results?: { label?: string; revoked?: string | null }[] }).results ?? [];
    known = results.filter((r) => r.label === 'true_positive').length;
    revokedNow = results.filter((r) => r.revoked === 'now').length;
  } catch {
    // An acknowledged report is enough; the summary is a courtesy.
  }
  io.stderr.write(
    `keylint: reported ${findings.length} issued key${findings.length === 1 ? '' : 's'} to ${shown(url)}: ${known} recognized, ${revokedNow} revoked now\n`,
  );
}
