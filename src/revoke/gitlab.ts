import type { Revoker } from './types.js';

/** GitLab's self-revocation of a personal access token: DELETE /api/v4/personal_access_tokens/self answers 204. */
export const gitlabRevoker: Revoker = {
  id: 'gitlab',
  endpoint: 'https://gitlab.com',
  batchSize: 1,
  ratePerSecond: 5,
  accepts: (c) => c.ruleId === 'gitlab-pat',
  async revoke(batch, { endpoint, allowedHosts, send, ratePerSecond }) {
    const [candidate] = batch;
    const response = await send(
      {
        method: 'DELETE',
        url: `${endpoint}/api/v4/personal_access_tokens/self`,
        headers: { 'private-token': candidate!.secret, 'user-agent': 'keylint-revoke' },
      },
      allowedHosts,
      ratePerSecond,
    );
    if (response.status === 204) return [{ candidate: candidate!, status: 'revoked', detail: 'revoked by GitLab' }];
    const why = response.status === 401 ? 'already revoked or invalid' : `HTTP ${response.status}`;
    return [{ candidate: candidate!, status: 'failed', detail: `GitLab refused (${why})` }];
  },
};
