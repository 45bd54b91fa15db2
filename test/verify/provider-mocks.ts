import aws4 from 'aws4';
import type { MockAnswer, MockRequest } from './mock-server.js';

// Each provider's documented answers, written from its API docs (not from the rule's
// [rule.verify] table): the right method and path, the credential where the provider reads
// it, and the body it sends back for a working and a rejected credential.

/** What a mock knows: the one credential it accepts (and companions the request must carry). */
export interface MockKeys {
  good: string;
  companions: Record<string, string>;
}

export type ProviderMock = (req: MockRequest, keys: MockKeys) => MockAnswer;

const header = (req: MockRequest, name: string) => {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
};
const bearer = (req: MockRequest) => header(req, 'authorization')?.replace(/^Bearer /, '');
const basic = (req: MockRequest) => {
  const v = header(req, 'authorization');
  return v?.startsWith('Basic ') ? Buffer.from(v.slice(6), 'base64').toString('utf8') : undefined;
};
const notFound: MockAnswer = { status: 404, body: { message: 'Not Found' } };

/** A GET (or other method) at `path` that accepts the credential `read` finds in the request. */
function api(
  method: string,
  path: string,
  read: (req: MockRequest, keys: MockKeys) => boolean,
  ok: unknown,
  rejected: MockAnswer,
  okHeaders?: Record<string, string>,
): ProviderMock {
  return (req, keys) => {
    if (req.method !== method || req.path !== path) return notFound;
    return read(req, keys) ? { status: 200, body: ok, headers: okHeaders } : rejected;
  };
}

const openAiStyle = (path: string): ProviderMock =>
  api(
    'GET',
    path,
    (r, k) => bearer(r) === k.good,
    { object: 'list', data: [{ id: 'model-a' }] },
    { status: 401, body: { error: { code: 'invalid_api_key', message: 'Incorrect API key provided' } } },
  );

const github: ProviderMock = (req, keys) => {
  const token = header(req, 'authorization')?.replace(/^(token|Bearer) /, '');
  if (req.method !== 'GET' || (req.path !== '/user' && req.path !== '/rate_limit')) return notFound;
  if (token !== keys.good) return { status: 401, body: { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' } };
  if (req.path === '/rate_limit') return { status: 200, body: { resources: { core: { limit: 5000 } }, rate: { limit: 5000 } } };
  return { status: 200, body: { login: 'octocat', id: 1 }, headers: { 'x-oauth-scopes': 'repo, read:org' } };
};

const slack: ProviderMock = (req, keys) => {
  if (req.method !== 'POST' || req.path !== '/api/auth.test') return notFound;
  // Slack answers 200 either way; `ok` says whether the token worked.
  return bearer(req) === keys.good
    ? {
        status: 200,
        body: { ok: true, url: 'https://acme.slack.com/', team: 'Acme', user: 'deploy-bot', team_id: 'T0001' },
        headers: { 'x-oauth-scopes': 'chat:write' },
      }
    : { status: 200, body: { ok: false, error: 'invalid_auth' } };
};

const aws: ProviderMock = (req, keys) => {
  if (req.method !== 'POST' || req.path !== '/' || !req.body.includes('Action=GetCallerIdentity')) return notFound;
  const auth = header(req, 'authorization') ?? '';
  const keyId = /Credential=([A-Z0-9]+)\//.exec(auth)?.[1];
  const denied = (code: string) => ({
    status: 403,
    body: `<ErrorResponse><Error><Type>Sender</Type><Code>${code}</Code><Message>denied</Message></Error></ErrorResponse>`,
  });
  if (keyId !== keys.companions.keyId) return denied('InvalidClientTokenId');
  // Recompute the SigV4 signature with the secret this "account" holds.
  const resigned = aws4.sign(
    {
      host: header(req, 'host'),
      path: '/',
      method: 'POST',
      service: 'sts',
      region: 'us-east-1',
      body: req.body,
      headers: { 'content-type': header(req, 'content-type')!, 'x-amz-date': header(req, 'x-amz-date')! },
    },
    { accessKeyId: keyId, secretAccessKey: keys.good },
  );
  if ((resigned.headers as Record<string, string>).Authorization !== auth) return denied('SignatureDoesNotMatch');
  return {
    status: 200,
    body: `<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/ci</Arn><UserId>AIDA</UserId><Account>123456789012</Account></GetCallerIdentityResult></GetCallerIdentityResponse>`,
  };
};

/** Provider mocks by rule id. */
export const PROVIDER_MOCKS: Record<string, ProviderMock> = {
  'github-pat': github,
  'github-oauth-token': github,
  'github-app-token': github,
  'github-fine-grained-pat': github,
  'github-legacy-token': github,
  'gitlab-pat': api(
    'GET',
    '/api/v4/personal_access_tokens/self',
    (r, k) => header(r, 'private-token') === k.good,
    { id: 7, name: 'ci', scopes: ['api'], expires_at: '2027-01-01', active: true },
    { status: 401, body: { message: '401 Unauthorized' } },
  ),
  'slack-bot-token': slack,
  'slack-user-token': slack,
  'stripe-secret-key': api(
    'GET',
    '/v1/balance',
    (r, k) => basic(r) === `${k.good}:`,
    { object: 'balance', livemode: true },
    { status: 401, body: { error: { type: 'invalid_request_error', message: 'Invalid API Key provided' } } },
  ),
  'stripe-test-secret-key': api(
    'GET',
    '/v1/balance',
    (r, k) => basic(r) === `${k.good}:`,
    { object: 'balance', livemode: false },
    { status: 401, body: { error: { type: 'invalid_request_error' } } },
  ),
  'stripe-restricted-key': (req, keys) =>
    // A restricted key without balance access: Stripe authenticates it, then refuses the call.
    req.path !== '/v1/balance'
      ? notFound
      : basic(req) === `${keys.good}:`
        ? { status: 403, body: { error: { type: 'invalid_request_error', message: 'The provided key does not have the required permissions' } } }
        : { status: 401, body: { error: { type: 'invalid_request_error' } } },
  'openai-api-key': openAiStyle('/v1/models'),
  'anthropic-api-key': api(
    'GET',
    '/v1/models',
    (r, k) => header(r, 'x-api-key') === k.good && header(r, 'anthropic-version') !== undefined,
    { data: [{ id: 'claude' }], has_more: false },
    { status: 401, body: { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } } },
  ),
  'aws-access-key-id': aws,
  'aws-secret-access-key': aws,
  'google-api-key': (req, keys) =>
    req.path !== '/v1beta/models'
      ? notFound
      : req.query.get('key') === keys.good
        ? { status: 200, body: { models: [{ name: 'models/gemini-pro' }] } }
        : {
            status: 400,
            body: {
              error: {
                code: 400,
                message: 'API key not valid. Please pass a valid API key.',
                status: 'INVALID_ARGUMENT',
                details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID' }],
              },
            },
          },
  'sendgrid-api-key': api(
    'GET',
    '/v3/scopes',
    (r, k) => bearer(r) === k.good,
    { scopes: ['mail.send'] },
    { status: 401, body: { errors: [{ field: null, message: 'authorization required' }] } },
  ),
  'twilio-auth-token': (req, keys) =>
    req.path !== `/2010-04-01/Accounts/${keys.companions.accountSid}.json`
      ? notFound
      : basic(req) === `${keys.companions.accountSid}:${keys.good}`
        ? { status: 200, body: { sid: keys.companions.accountSid, friendly_name: 'Acme', status: 'active' } }
        : { status: 401, body: { code: 20003, message: 'Authenticate', status: 401 } },
  'npm-access-token': api('GET', '/-/whoami', (r, k) => bearer(r) === k.good, { username: 'acme-bot' }, { status: 401, body: { error: 'Unauthorized' } }),
  // Mailgun rejects with a plain-text body.
  'mailgun-api-key': api('GET', '/v3/domains', (r, k) => basic(r) === `api:${k.good}`, { total_count: 2, items: [] }, { status: 401, body: 'Forbidden' }),
  'discord-bot-token': api(
    'GET',
    '/api/v10/users/@me',
    (r, k) => header(r, 'authorization') === `Bot ${k.good}`,
    { id: '80351110224678912', username: 'acme-bot', bot: true },
    { status: 401, body: { message: '401: Unauthorized', code: 0 } },
  ),
  'telegram-bot-token': (req, keys) => {
    const m = /^\/bot([^/]+)\/getMe$/.exec(decodeURIComponent(req.path));
    if (!m) return notFound;
    return m[1] === keys.good
      ? { status: 200, body: { ok: true, result: { id: 1, is_bot: true, username: 'acme_bot' } } }
      : { status: 401, body: { ok: false, error_code: 401, description: 'Unauthorized' } };
  },
  'huggingface-token': api(
    'GET',
    '/api/whoami-v2',
    (r, k) => bearer(r) === k.good,
    { type: 'user', name: 'acme', auth: { accessToken: { role: 'read' } } },
    { status: 401, body: { error: 'Invalid credentials in Authorization header' } },
  ),
  'huggingface-org-token': api(
    'GET',
    '/api/whoami-v2',
    (r, k) => bearer(r) === k.good,
    { type: 'org', name: 'acme-org', auth: { accessToken: { role: 'write' } } },
    { status: 401, body: { error: 'Invalid credentials in Authorization header' } },
  ),
  'digitalocean-token': api(
    'GET',
    '/v2/account',
    (r, k) => bearer(r) === k.good,
    { account: { droplet_limit: 25, status: 'active', email_verified: true } },
    { status: 401, body: { id: 'unauthorized', message: 'Unable to authenticate you' } },
  ),
  'linear-api-key': api(
    'POST',
    '/graphql',
    (r, k) => header(r, 'authorization') === k.good && r.body.includes('viewer'),
    { data: { viewer: { id: 'u1', name: 'Ada' } } },
    { status: 400, body: { errors: [{ message: 'Authentication required, not authenticated', extensions: { code: 'AUTHENTICATION_ERROR' } }] } },
  ),
  'linear-oauth-token': api(
    'POST',
    '/graphql',
    (r, k) => bearer(r) === k.good && r.body.includes('viewer'),
    { data: { viewer: { id: 'u1', name: 'Ada' } } },
    { status: 400, body: { errors: [{ message: 'Authentication required, not authenticated', extensions: { code: 'AUTHENTICATION_ERROR' } }] } },
  ),
  'postman-api-key': api(
    'GET',
    '/me',
    (r, k) => header(r, 'x-api-key') === k.good,
    { user: { id: 12, username: 'acme' } },
    { status: 401, body: { error: { name: 'AuthenticationError', message: 'Invalid API Key.' } } },
  ),
  'sentry-auth-token': api('GET', '/api/0/organizations/', (r, k) => bearer(r) === k.good, [{ slug: 'acme' }], {
    status: 401,
    body: { detail: 'Invalid token' },
  }),
  'datadog-api-key': api(
    'GET',
    '/api/v1/validate',
    (r, k) => header(r, 'dd-api-key') === k.good,
    { valid: true },
    { status: 403, body: { errors: ['Forbidden'] } },
  ),
  'heroku-api-key': api(
    'GET',
    '/account',
    (r, k) => bearer(r) === k.good && /version=3/.test(header(r, 'accept') ?? ''),
    { id: 'a-b-c', email: 'ops@example.com' },
    { status: 401, body: { id: 'unauthorized', message: 'Invalid credentials provided.' } },
  ),
  'heroku-api-key-legacy': api(
    'GET',
    '/account',
    (r, k) => bearer(r) === k.good,
    { id: 'a-b-c' },
    { status: 401, body: { id: 'unauthorized', message: 'Invalid credentials provided.' } },
  ),
  'shopify-access-token': api(
    'GET',
    '/admin/oauth/access_scopes.json',
    (r, k) => header(r, 'x-shopify-access-token') === k.good,
    { access_scopes: [{ handle: 'read_products' }] },
    { status: 401, body: { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' } },
  ),
  'mapbox-secret-token': (req, keys) =>
    req.path !== '/tokens/v2'
      ? notFound
      : req.query.get('access_token') === keys.good
        ? { status: 200, body: { code: 'TokenValid', token: { usage: 'sk', user: 'acme', scopes: ['styles:read'] } } }
        : { status: 401, body: { code: 'TokenInvalid' } },
  'mapbox-public-token': (req, keys) =>
    req.path !== '/tokens/v2'
      ? notFound
      : req.query.get('access_token') === keys.good
        ? { status: 200, body: { code: 'TokenValid', token: { usage: 'pk', user: 'acme', scopes: ['styles:tiles'] } } }
        : { status: 401, body: { code: 'TokenInvalid' } },
  'algolia-api-key': (req, keys) => {
    if (req.path !== `/1/keys/${keys.good}` && !req.path.startsWith('/1/keys/')) return notFound;
    const ok = header(req, 'x-algolia-api-key') === keys.good && header(req, 'x-algolia-application-id') === keys.companions.appId;
    // The mock's key is a write key unless the test asks for a search-only one.
    const acl = keys.companions.acl?.split(',') ?? ['search', 'addObject', 'deleteObject'];
    return ok
      ? { status: 200, body: { value: keys.good, acl, validity: 0 } }
      : { status: 403, body: { message: 'Invalid Application-ID or API key', status: 403 } };
  },
  'airtable-pat': api(
    'GET',
    '/v0/meta/whoami',
    (r, k) => bearer(r) === k.good,
    { id: 'usrAcme', scopes: ['data.records:read'] },
    { status: 401, body: { error: { type: 'AUTHENTICATION_REQUIRED', message: 'Authentication required' } } },
  ),
  'airtable-api-key-legacy': api(
    'GET',
    '/v0/meta/whoami',
    (r, k) => bearer(r) === k.good,
    { id: 'usrAcme' },
    { status: 401, body: { error: { type: 'AUTHENTICATION_REQUIRED' } } },
  ),
  'groq-api-key': openAiStyle('/openai/v1/models'),
  'mistral-api-key': openAiStyle('/v1/models'),
  'notion-integration-token': api(
    'GET',
    '/v1/users/me',
    (r, k) => bearer(r) === k.good && header(r, 'notion-version') !== undefined,
    { object: 'user', id: 'bot-1', name: 'Acme bot', type: 'bot' },
    { status: 401, body: { object: 'error', status: 401, code: 'unauthorized', message: 'API token is invalid.' } },
  ),
  'notion-integration-token-legacy': api(
    'GET',
    '/v1/users/me',
    (r, k) => bearer(r) === k.good,
    { object: 'user', id: 'bot-1', name: 'Acme bot' },
    { status: 401, body: { object: 'error', status: 401, code: 'unauthorized' } },
  ),
  'netlify-pat': api(
    'GET',
    '/api/v1/user',
    (r, k) => bearer(r) === k.good,
    { id: 'n1', slug: 'acme' },
    { status: 401, body: { code: 401, message: 'Access Denied: Invalid token' } },
  ),
  'vercel-prefixed-token': api(
    'GET',
    '/v2/user',
    (r, k) => bearer(r) === k.good,
    { user: { id: 'v1', username: 'acme' } },
    { status: 403, body: { error: { code: 'forbidden', message: 'Not authorized', invalidToken: true } } },
  ),
  'cloudflare-api-token': api(
    'GET',
    '/client/v4/user/tokens/verify',
    (r, k) => bearer(r) === k.good,
    { success: true, errors: [], result: { id: 't1', status: 'active' } },
    { status: 401, body: { success: false, errors: [{ code: 1000, message: 'Invalid API Token' }] } },
  ),
  'circleci-token': api(
    'GET',
    '/api/v2/me',
    (r, k) => header(r, 'circle-token') === k.good,
    { id: 'c1', login: 'acme' },
    { status: 401, body: { message: 'You must log in first.' } },
  ),
  'figma-pat': api(
    'GET',
    '/v1/me',
    (r, k) => header(r, 'x-figma-token') === k.good,
    { id: 'f1', handle: 'acme' },
    { status: 403, body: { status: 403, err: 'Invalid token' } },
  ),
  'replicate-api-token': api(
    'GET',
    '/v1/account',
    (r, k) => bearer(r) === k.good,
    { type: 'user', username: 'acme' },
    { status: 401, body: { detail: 'Invalid token.' } },
  ),
};
