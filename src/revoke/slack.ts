import type { Revoker } from './types.js';

/** Slack's auth.revoke: a token revokes itself; the answer is `{ ok, revoked }` (HTTP 200 either way). */
export const slackRevoker: Revoker = {
  id: 'slack',
  endpoint: 'https://slack.com',
  batchSize: 1,
  ratePerSecond: 1, // Slack's tier 3 allows ~50 a minute
  accepts: (c) => c.ruleId === 'slack-bot-token' || c.ruleId === 'slack-user-token',
  async revoke(batch, { endpoint, allowedHosts, send, ratePerSecond }) {
    const [candidate] = batch;
    const response = await send(
      { method: 'POST', url: `${endpoint}/api/auth.revoke`, headers: { authorization: `Bearer ${candidate!.secret}`, 'user-agent': 'keylint-revoke' } },
      allowedHosts,
      ratePerSecond,
    );
    let body: { ok?: boolean; revoked?: boolean; error?: string } = {};
    try {
      body = JSON.parse(response.text) as typeof body;
    } catch {
      // judged below as a failure
    }
    if (response.status === 200 && body.ok === true && body.revoked === true) return [{ candidate: candidate!, status: 'revoked', detail: 'revoked by Slack' }];
    const why = typeof body.error === 'string' && /^[a-z_]{1,40}$/.test(body.error) ? body.error : `HTTP ${response.status}`;
    return [{ candidate: candidate!, status: 'failed', detail: `Slack refused (${why})` }];
  },
};
