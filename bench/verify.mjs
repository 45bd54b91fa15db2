// Verification benchmark: 1,000 findings for five providers, verified against loopback mocks
// that answer after a fixed delay, through keylint's sender (concurrency cap, per-host rate
// limit). Prints wall and CPU time paired with two floors measured or derived in the same run:
// the same 1,000 requests sent with bare fetch at the same concurrency (no rate limit), and the
// least time the rate limit allows. Checks that the limits held (most requests in flight, most
// starts to one host in any second) and that every answer was read right. Run after `npm run build`.
import { createServer } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const FINDINGS = Number(process.env.KEYLINT_BENCH_VERIFY_FINDINGS ?? 1000);
const CONCURRENCY = 16;
const RATE = 50; // per host, per second
const DELAY_MS = 20; // each mock's answer time
const MAX_SECONDS = 120;

const dist = (p) => import(pathToFileURL(join(ROOT, 'dist', p)).href);
const { expandExample, Scanner } = await dist('engine/index.js');
const { builtinRulesWithExamples, loadBuiltinRules } = await dist('rules/load-rules.js');
const { verifyFindings, verifySpecsOf, providerId, VerifyCache } = await dist('verify/index.js');

// Rule id → how its mock reads the credential and what it answers (documented shapes).
const PROVIDERS = {
  'github-pat': {
    path: '/user',
    read: (req) => req.headers.authorization?.replace(/^token /, ''),
    ok: { login: 'octocat' },
    bad: [401, { message: 'Bad credentials' }],
  },
  'npm-access-token': {
    path: '/-/whoami',
    read: (req) => req.headers.authorization?.replace(/^Bearer /, ''),
    ok: { username: 'acme' },
    bad: [401, { error: 'Unauthorized' }],
  },
  'openai-api-key': {
    path: '/v1/models',
    read: (req) => req.headers.authorization?.replace(/^Bearer /, ''),
    ok: { data: [] },
    bad: [401, { error: { code: 'invalid_api_key' } }],
  },
  'huggingface-token': {
    path: '/api/whoami-v2',
    read: (req) => req.headers.authorization?.replace(/^Bearer /, ''),
    ok: { name: 'acme' },
    bad: [401, { error: 'Invalid credentials' }],
  },
  'sendgrid-api-key': {
    path: '/v3/scopes',
    read: (req) => req.headers.authorization?.replace(/^Bearer /, ''),
    ok: { scopes: ['mail.send'] },
    bad: [401, { errors: [] }],
  },
};

const state = { inFlight: 0, maxInFlight: 0 };

function startMock(provider, good) {
  const starts = [];
  const server = createServer((req, res) => {
    starts.push(performance.now());
    state.inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    req.resume();
    req.on('end', () =>
      setTimeout(() => {
        state.inFlight--;
        const url = new URL(req.url, 'http://mock');
        const [status, body] = url.pathname !== provider.path ? [404, {}] : good.has(provider.read(req)) ? [200, provider.ok] : provider.bad;
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      }, DELAY_MS),
    );
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, starts, url: `http://127.0.0.1:${server.address().port}` })));
}

/** Most request starts inside any one-second window. */
function peakPerSecond(starts) {
  const sorted = [...starts].sort((a, b) => a - b);
  let peak = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i] - sorted[j] >= 1000) j++;
    peak = Math.max(peak, i - j + 1);
  }
  return peak;
}

function syntheticFindings(rules, scanner, ruleId, count, seedBase) {
  const template = builtinRulesWithExamples().specs.get(ruleId).examples.secret[0];
  const out = [];
  for (let seed = seedBase; out.length < count; seed++) {
    const f = scanner.scan({ path: 'app.env', text: expandExample(template, seed) }).find((x) => x.ruleId === ruleId);
    if (f && !out.some((o) => o.secret === f.secret)) out.push(Object.assign(f, { file: `f${seed}.env` }));
  }
  return out;
}

async function timed(fn) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const cpu = process.cpuUsage(cpu0);
  return { value, wallMs: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000 };
}

async function main() {
  const timer = setTimeout(() => {
    console.error(`verify benchmark: gave up after ${MAX_SECONDS}s`);
    process.exit(1);
  }, MAX_SECONDS * 1000);
  timer.unref();
  const rules = loadBuiltinRules();
  const scanner = new Scanner(rules.rules);
  const specs = verifySpecsOf(rules);
  const ids = Object.keys(PROVIDERS);
  const perProvider = Math.ceil(FINDINGS / ids.length);
  const findings = [];
  const mocks = {};
  const goodSets = {};
  const endpoints = new Map();
  for (const [i, id] of ids.entries()) {
    const list = syntheticFindings(rules, scanner, id, perProvider, 1 + i * 100_000);
    const good = new Set(list.filter((_, k) => k % 2 === 0).map((f) => f.secret));
    goodSets[id] = good;
    mocks[id] = await startMock(PROVIDERS[id], good);
    endpoints.set(providerId(list[0].provider), mocks[id].url);
    findings.push(...list);
  }
  findings.length = FINDINGS;
  const cacheDir = mkdtempSync(join(tmpdir(), 'keylint-bench-verify-'));
  try {
    // Floor: the same requests with bare fetch, same concurrency, no rate limit, no checks.
    state.maxInFlight = 0;
    const raw = await timed(async () => {
      let next = 0;
      const worker = async () => {
        while (next < findings.length) {
          const f = findings[next++];
          const p = PROVIDERS[f.ruleId];
          const r = await fetch(mocks[f.ruleId].url + p.path, { headers: { authorization: `${f.ruleId === 'github-pat' ? 'token' : 'Bearer'} ${f.secret}` } });
          await r.text();
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    });
    for (const m of Object.values(mocks)) m.starts.length = 0;
    state.maxInFlight = 0;

    const cachePath = join(cacheDir, 'verify.json');
    const run = await timed(() =>
      verifyFindings(findings, {
        specs,
        endpoints,
        concurrency: CONCURRENCY,
        ratePerSecond: RATE,
        timeoutMs: 10_000,
        cache: new VerifyCache(cachePath, 3_600_000),
      }),
    );
    const counts = {};
    for (const f of findings) counts[f.verification.status] = (counts[f.verification.status] ?? 0) + 1;
    const expectedVerified = findings.filter((f) => goodSets[f.ruleId].has(f.secret)).length;
    const peaks = Object.fromEntries(ids.map((id) => [id, peakPerSecond(mocks[id].starts)]));
    const requests = Object.values(mocks).reduce((n, m) => n + m.starts.length, 0);
    const rateFloorMs = (Math.max(...ids.map((id) => findings.filter((f) => f.ruleId === id).length)) - 1) * (1000 / RATE);

    // A second run within the TTL: every answer from the cache, no request.
    for (const f of findings) delete f.verification;
    const before = requests;
    const cached = await timed(() =>
      verifyFindings(findings, { specs, endpoints, concurrency: CONCURRENCY, ratePerSecond: RATE, cache: new VerifyCache(cachePath, 3_600_000) }),
    );
    const after = Object.values(mocks).reduce((n, m) => n + m.starts.length, 0);

    const ms = (x) => `${x.toFixed(0)} ms`;
    console.log(
      `verify benchmark: ${findings.length} findings, ${ids.length} providers on loopback (answer delay ${DELAY_MS} ms), concurrency ${CONCURRENCY}, ${RATE} requests/s per host`,
    );
    console.log(`  floor, bare fetch (no rate limit):   wall ${ms(raw.wallMs)}, cpu ${ms(raw.cpuMs)}`);
    console.log(
      `  floor, rate limit alone:            wall ${ms(rateFloorMs)} (${Math.max(...ids.map((id) => findings.filter((f) => f.ruleId === id).length))} requests to one host at ${RATE}/s)`,
    );
    console.log(
      `  keylint verifyFindings:             wall ${ms(run.wallMs)}, cpu ${ms(run.cpuMs)} (${(run.cpuMs / findings.length).toFixed(2)} ms cpu per finding), ${requests} requests`,
    );
    console.log(`  keylint, second run from the cache: wall ${ms(cached.wallMs)}, cpu ${ms(cached.cpuMs)}, ${after - before} requests`);
    console.log(
      `  most in flight: ${state.maxInFlight} (cap ${CONCURRENCY}); most starts to one host in any second: ${Math.max(...Object.values(peaks))} (cap ${RATE})`,
    );
    console.log(`  results: ${JSON.stringify(counts)} (expected ${expectedVerified} verified, ${findings.length - expectedVerified} invalid)`);
    const ok =
      state.maxInFlight <= CONCURRENCY &&
      Math.max(...Object.values(peaks)) <= RATE + 1 &&
      counts.verified === expectedVerified &&
      counts.invalid === findings.length - expectedVerified &&
      after === before;
    if (!ok) {
      console.error('verify benchmark: a limit did not hold or an answer was misread');
      process.exitCode = 1;
    }
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
    for (const m of Object.values(mocks)) m.server.close();
  }
}

await main();
