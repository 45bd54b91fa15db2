import type { Revoker } from './types.js';

// GitHub's credential revocation API (POST /credentials/revoke) takes tokens the caller does
// not own: classic and fine-grained PATs, OAuth, user-to-server and refresh tokens (not ghs_
// installation tokens), up to 1,000 per request, 60 requests an hour, unauthenticated (an
// authenticated request is refused). It answers 202 and notifies the owners; it cannot be undone.
const ACCEPTED = /^(ghp_|github_pat_|gho_|ghu_|ghr_)/;

export const githubRevoker: Revoker = {
  id: 'github',
  endpoint: 'https://api.github.com',
  batchSize: 1000,
  ratePerSecond: 60 / 3600,
  accepts: (c) => c.provider === 'GitHub' && ACCEPTED.test(c.secret),
  async revoke(batch, { endpoint, allowedHosts, send, ratePerSecond }) {
    const response = await send(
      {
        method: 'POST',
        url: `${endpoint}/credentials/revoke`,
        headers: {
          accept: 'application/vnd.github+json',
          'x-github-api-version': '2022-11-28',
          'content-type': 'application/json',
          'user-agent': 'keylint-revoke',
        },
        body: JSON.stringify({ credentials: batch.map((c) => c.secret) }),
      },
      allowedHosts,
      ratePerSecond,
    );
    const ok = response.status === 202 || response.status === 200;
    const detail = ok
      ? 'accepted by GitHub (owners are notified)'
      : `GitHub answered HTTP ${response.status}${response.status === 422 ? ' (validation failed or rate limited)' : ''}`;
    return batch.map((candidate) => ({ candidate, status: ok ? 'revoked' : 'failed', detail }));
  },
};
