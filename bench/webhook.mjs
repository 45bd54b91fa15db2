// Webhook benchmark: the revocation service on loopback, driven by autocannon with signed
// GitHub secret-scanning batches of 10 tokens (2 issued keys + 8 unknown tokens each).
// Prints requests/s, p99 latency, errors (goal 0) and revocations recorded (goal: exactly
// the issued keys that were reported). Bounded: a fixed request count and a hard time cap.
import autocannon from 'autocannon';
import { execFileSync, spawn } from 'node:child_process';
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';

// The store is Node's built-in SQLite (22.13+): on Node 20 there is nothing to benchmark.
const sqlite = process.getBuiltinModule?.('node:sqlite');
if (!sqlite?.DatabaseSync) {
  console.error(`webhook benchmark: needs Node 22.13+ for node:sqlite (this is ${process.versions.node}); try: npx -p node@22 node bench/webhook.mjs`);
  process.exit(2);
}
const { DatabaseSync } = sqlite;

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BATCHES = Number(process.env.KEYLINT_BENCH_WEBHOOK_REQUESTS ?? 2000);
const CONNECTIONS = Number(process.env.KEYLINT_BENCH_WEBHOOK_CONNECTIONS ?? 10);
const MAX_SECONDS = 120;
const ISSUED_PER_BATCH = 2;
const PER_BATCH = 10;

// The service runs from a fresh compile of src/webhook (type-check skipped), so the bench never measures a stale dist/.
function compile() {
  const out = join(ROOT, 'node_modules', '.cache', `keylint-bench-webhook-${process.pid}`);
  mkdirSync(out, { recursive: true });
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  execFileSync(
    process.execPath,
    [
      tsc,
      '--outDir',
      out,
      '--rootDir',
      ROOT,
      '--module',
      'NodeNext',
      '--moduleResolution',
      'NodeNext',
      '--target',
      'ES2022',
      '--skipLibCheck',
      '--types',
      'node',
      '--noCheck',
      'src/webhook/index.ts',
    ],
    { cwd: ROOT, stdio: 'inherit' },
  );
  // Key issuance checks prefixes against the built-in rules, which it finds next to src/.
  symlinkSync(join(ROOT, 'rules'), join(out, 'rules'));
  return out;
}

async function main() {
  const out = compile();
  const webhook = await import(pathToFileURL(join(out, 'src', 'webhook', 'index.js')).href);
  const tmp = mkdtempSync(join(tmpdir(), 'keylint-bench-webhook-'));
  const db = join(tmp, 'keys.sqlite');
  let child;
  let keysServer;
  const timer = setTimeout(() => {
    console.error(`webhook benchmark: gave up after ${MAX_SECONDS}s`);
    child?.kill('SIGKILL');
    process.exit(1);
  }, MAX_SECONDS * 1000);
  timer.unref();
  try {
    // A stand-in for GitHub: a P-256 key pair made for this run, its public key on a local keys URL.
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const keyId = createHash('sha256').update(pem).digest('hex');
    keysServer = createServer((_q, r) => r.end(JSON.stringify({ public_keys: [{ key_identifier: keyId, key: pem, is_current: true }] })));
    await new Promise((r) => keysServer.listen(0, '127.0.0.1', r));
    const keysUrl = `http://127.0.0.1:${keysServer.address().port}/`;

    // Issue the keys the batches will report: schema by the store, rows in one transaction for speed.
    const store = await webhook.openStore({ db });
    await store.close();
    const issued = [];
    for (let i = 0; i < BATCHES * ISSUED_PER_BATCH; i++) issued.push(webhook.generateKey('bench', `team-${i % 13}`));
    const raw = new DatabaseSync(db);
    const insert = raw.prepare('INSERT INTO issued_keys (id, prefix, owner, token_hash, created_at) VALUES (?, ?, ?, ?, ?)');
    raw.exec('BEGIN');
    issued.forEach((k) => insert.run(k.record.id, k.record.prefix, k.record.owner, k.record.tokenHash, k.record.createdAt));
    raw.exec('COMMIT');
    raw.close();

    const bodies = [];
    for (let b = 0; b < BATCHES; b++) {
      const tokens = issued.slice(b * ISSUED_PER_BATCH, (b + 1) * ISSUED_PER_BATCH).map((k) => k.token);
      for (let j = tokens.length; j < PER_BATCH; j++) tokens.push(webhook.generateKey('other', 'nobody').token);
      const body = JSON.stringify(
        tokens.map((token, j) => ({ token, type: 'bench_api_key', url: `https://github.com/o/r/blob/c/f${j}.js`, source: 'content' })),
      );
      bodies.push({ body, signature: sign('sha256', Buffer.from(body), privateKey).toString('base64') });
    }

    // The service in its own process, as deployed; the load generator stays in this one.
    const options = { db, port: 0, githubKeysUrl: keysUrl, rateLimit: 1e9 };
    const script = `import { startWebhook } from ${JSON.stringify(pathToFileURL(join(out, 'src', 'webhook', 'index.js')).href)};
      const s = await startWebhook(JSON.parse(process.argv[1])); console.log(s.url);
      process.once('SIGTERM', () => s.close().then(() => process.exit(0)));`;
    child = spawn(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(options)], { stdio: ['ignore', 'pipe', 'inherit'] });
    const url = await new Promise((ok, fail) => {
      createInterface({ input: child.stdout }).once('line', ok);
      child.once('exit', (c) => fail(new Error(`service exited ${c}`)));
    });

    let next = 0;
    const answered = new Map();
    const result = await autocannon({
      url,
      connections: CONNECTIONS,
      amount: BATCHES,
      timeout: 10,
      requests: [
        {
          method: 'POST',
          path: '/github/secret-scanning',
          setupRequest: (req, context) => {
            const b = next++ % BATCHES;
            context.batch = b;
            const { body, signature } = bodies[b];
            return {
              ...req,
              body,
              headers: { 'content-type': 'application/json', 'github-public-key-identifier': keyId, 'github-public-key-signature': signature },
            };
          },
          onResponse: (status, _body, context) => answered.set(context.batch, status),
        },
      ],
    });

    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    child = undefined;

    const expected = new Set();
    for (const [b, status] of answered)
      if (status === 200) for (const k of issued.slice(b * ISSUED_PER_BATCH, (b + 1) * ISSUED_PER_BATCH)) expected.add(k.record.id);
    const check = new DatabaseSync(db, { readOnly: true });
    const revoked = new Set(
      check
        .prepare('SELECT id FROM issued_keys WHERE revoked_at IS NOT NULL')
        .all()
        .map((r) => r.id),
    );
    const auditRevoked = check.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'revoked'").get().n;
    check.close();
    const exact = revoked.size === expected.size && [...expected].every((id) => revoked.has(id));
    const errors = result.errors + result.timeouts + result.non2xx;

    console.log(
      `webhook benchmark: ${result.requests.total} signed batches of ${PER_BATCH} tokens (${ISSUED_PER_BATCH} issued each), ${CONNECTIONS} connections, SQLite WAL synchronous=FULL, loopback`,
    );
    console.log(`  requests/s        ${result.requests.average.toFixed(0)} (${(result.requests.average * PER_BATCH).toFixed(0)} tokens/s)`);
    console.log(`  latency           p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms`);
    console.log(`  errors            ${errors} (errors ${result.errors}, timeouts ${result.timeouts}, non-2xx ${result.non2xx})`);
    console.log(
      `  revocations       ${revoked.size} recorded, ${expected.size} issued keys reported, audit 'revoked' entries ${auditRevoked}: ${exact && auditRevoked === expected.size ? 'exact' : 'MISMATCH'}`,
    );
    if (errors > 0 || !exact || auditRevoked !== expected.size) process.exitCode = 1;
  } finally {
    child?.kill('SIGKILL');
    keysServer?.close();
    rmSync(tmp, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  }
}

await main();
