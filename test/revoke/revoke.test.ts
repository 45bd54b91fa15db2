import { afterEach, describe, expect, it } from 'vitest';
import { auditLine, REVOKERS, revokeCandidates, type RevokeCandidate, type RevokeOutcome } from '../../src/revoke/index.js';
import { githubRevoker } from '../../src/revoke/github.js';
import { startMock, type MockRequest, type MockServer } from '../verify/mock-server.js';
import { syntheticFinding } from '../verify/secrets.js';

let servers: MockServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

// GitHub's documented answers: 202 for a list of up to 1,000, 422 past it, 403 when authenticated.
function githubMock(req: MockRequest) {
  if (req.method !== 'POST' || req.path !== '/credentials/revoke') return { status: 404, body: { message: 'Not Found' } };
  if (req.headers.authorization) return { status: 403, body: { message: 'Must not be authenticated' } };
  const body = JSON.parse(req.body) as { credentials?: unknown };
  if (!Array.isArray(body.credentials) || body.credentials.length === 0 || body.credentials.length > 1000)
    return { status: 422, body: { message: 'Validation Failed' } };
  return { status: 202, body: {} };
}

async function mock(handler: (req: MockRequest) => { status: number; body?: unknown }) {
  const server = await startMock(handler);
  servers.push(server);
  return server;
}

const candidate = (ruleId: string, seed: number): RevokeCandidate => syntheticFinding(ruleId, seed);

describe('revokeCandidates', () => {
  it('sends GitHub tokens in one POST /credentials/revoke, unauthenticated, and logs each redacted', async () => {
    const server = await mock(githubMock);
    const tokens = [candidate('github-pat', 1), candidate('github-fine-grained-pat', 2), candidate('github-oauth-token', 3)];
    const lines: string[] = [];
    const { outcomes } = await revokeCandidates(tokens, {
      dryRun: false,
      endpoints: new Map([['github', server.url]]),
      onOutcome: (o) => lines.push(auditLine(o)),
    });
    expect(server.requests).toHaveLength(1);
    expect(JSON.parse(server.requests[0]!.body)).toEqual({ credentials: tokens.map((t) => t.secret) });
    expect(outcomes.map((o) => o.status)).toEqual(['revoked', 'revoked', 'revoked']);
    expect(lines).toHaveLength(3);
    for (const [i, line] of lines.entries()) {
      expect(line).toContain(tokens[i]!.redacted);
      expect(line).not.toContain(tokens[i]!.secret);
      expect(line).toMatch(/^\d{4}-\d\d-\d\dT.* revoked github /);
    }
  });

  it('batches past 1,000 tokens and sends the same token once', async () => {
    const server = await mock(githubMock);
    const tokens = Array.from({ length: 1001 }, (_, i) => candidate('github-pat', 10 + i));
    const fast = { ...githubRevoker, ratePerSecond: 100 }; // the real one waits a minute between requests (60 an hour)
    const { outcomes } = await revokeCandidates([...tokens, tokens[0]!], { dryRun: false, endpoints: new Map([['github', server.url]]), revokers: [fast] });
    expect(server.requests.map((r) => (JSON.parse(r.body) as { credentials: string[] }).credentials.length)).toEqual([1000, 1]);
    expect(outcomes).toHaveLength(1001);
    expect(outcomes.every((o) => o.status === 'revoked')).toBe(true);
  });

  it('a dry run sends nothing and says what it would revoke; values without a revoker are listed apart', async () => {
    const server = await mock(githubMock);
    const installation = candidate('github-app-token', 1);
    const { outcomes, unsupported } = await revokeCandidates([candidate('github-pat', 1), candidate('stripe-secret-key', 1)], {
      dryRun: true,
      endpoints: new Map([['github', server.url]]),
    });
    expect(server.requests).toHaveLength(0);
    expect(outcomes.map((o) => o.status)).toEqual(['would-revoke']);
    expect(unsupported.map((c) => c.ruleId)).toEqual(['stripe-secret-key']);
    // ghs_ installation tokens are not among the types GitHub's API revokes; ghu_ tokens are.
    expect(githubRevoker.accepts({ ...installation, secret: `ghs_${installation.secret.slice(4)}` })).toBe(false);
    expect(githubRevoker.accepts({ ...installation, secret: `ghu_${installation.secret.slice(4)}` })).toBe(true);
  });

  it('reports a refused batch as failed for each token', async () => {
    const server = await mock(() => ({ status: 422, body: { message: 'Validation Failed' } }));
    const { outcomes } = await revokeCandidates([candidate('github-pat', 1)], { dryRun: false, endpoints: new Map([['github', server.url]]) });
    expect(outcomes[0]).toMatchObject({ status: 'failed', detail: 'GitHub answered HTTP 422 (validation failed or rate limited)' });
  });

  it('revokes a Slack token with auth.revoke and a GitLab token by self-revocation', async () => {
    const slackToken = candidate('slack-bot-token', 1);
    const deadSlack = candidate('slack-user-token', 2);
    const slack = await mock((req) => {
      if (req.method !== 'POST' || req.path !== '/api/auth.revoke') return { status: 404 };
      return req.headers.authorization === `Bearer ${slackToken.secret}`
        ? { status: 200, body: { ok: true, revoked: true } }
        : { status: 200, body: { ok: false, error: 'invalid_auth' } };
    });
    const gitlabToken = candidate('gitlab-pat', 1);
    const gitlab = await mock((req) =>
      req.method === 'DELETE' && req.path === '/api/v4/personal_access_tokens/self' && req.headers['private-token'] === gitlabToken.secret
        ? { status: 204 }
        : { status: 401, body: { message: '401 Unauthorized' } },
    );
    const outcomes: RevokeOutcome[] = [];
    await revokeCandidates([slackToken, deadSlack, gitlabToken], {
      dryRun: false,
      endpoints: new Map([
        ['slack', slack.url],
        ['gitlab', gitlab.url],
      ]),
      onOutcome: (o) => outcomes.push(o),
      revokers: REVOKERS.map((r) => ({ ...r, ratePerSecond: 100 })),
    });
    expect(outcomes.map((o) => [o.revoker, o.status, o.detail])).toEqual([
      ['slack', 'revoked', 'revoked by Slack'],
      ['slack', 'failed', 'Slack refused (invalid_auth)'],
      ['gitlab', 'revoked', 'revoked by GitLab'],
    ]);
  });
});
