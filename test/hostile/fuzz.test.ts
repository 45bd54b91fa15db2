import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'smol-toml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { readBaseline } from '../../src/config/baseline.js';
import { expandExample, KeylintError, toJsRegex } from '../../src/engine/index.js';
import { GuardedRegExp } from '../../src/rules/guarded-regex.js';
import { catastrophicBacktracking, polynomialBacktracking } from '../../src/rules/regex-safety.js';
import { parsePartnerBatch } from '../../src/webhook/schemas.js';
import { storableText } from '../../src/webhook/revoke.js';
import { generateKey, startWebhook, type RunningWebhook } from '../../src/webhook/index.js';
import { tempDir } from '../helpers/cli.js';
import { FakePartner, keysServer, SQLITE } from '../webhook/helpers.js';

// Bounded property-based fuzzing: a fixed seed (reproducible in CI) and run counts that keep
// each property to a second or two. A failure prints the shrunk counterexample.
const SEED = 16;
const runs = (numRuns: number) => ({ seed: SEED, numRuns });

// Pieces a hostile regex is built from: quantifiers, groups, lookarounds, backreferences.
const regexPiece = fc.constantFrom(
  'a',
  'b',
  '\\w',
  '\\d',
  '.',
  '[a-z]',
  '[^x]',
  '(',
  ')',
  '(?:',
  '(?=',
  '(?<=',
  '(?!',
  '(?<n>',
  '\\1',
  '\\k<n>',
  '*',
  '+',
  '?',
  '{2,}',
  '{0,3}',
  '|',
  '^',
  '$',
  '\\b',
  '(?i)',
  '(?i:',
  '[',
  ']',
  '\\',
);
const regexSource = fc.array(regexPiece, { maxLength: 14 }).map((parts) => parts.join(''));

describe('fuzzing the config loader (.keylint.toml)', () => {
  const value = fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.boolean(), fc.array(fc.string({ maxLength: 12 }), { maxLength: 3 }));
  const key = fc.constantFrom('enable', 'disable', 'failOn', 'baseline', 'issuedKeyPrefixes', 'unknown', 'files', 'allowlist');
  const ruleTable = fc.record(
    {
      id: fc.string({ maxLength: 12 }),
      regex: regexSource,
      keywords: fc.array(fc.string({ maxLength: 6 }), { maxLength: 2 }),
      examples: fc.record({
        secret: fc.array(fc.constantFrom('{{rand:hex:32}}', '{{rand:hex:99999999}}', '{{crc32:ghp_}}', 'x', '{{{{'), { maxLength: 2 }),
        not: fc.array(fc.string({ maxLength: 8 }), { maxLength: 2 }),
      }),
    },
    { requiredKeys: ['id', 'regex'] },
  );

  it('answers any structured config with a config or a list of one-line errors, never a crash', () => {
    fc.assert(
      fc.property(fc.dictionary(key, value, { maxKeys: 4 }), fc.array(ruleTable, { maxLength: 2 }), (top, rule) => {
        const text = stringify({ ...top, rule });
        try {
          parseConfig(text, '.keylint.toml', '/tmp');
        } catch (e) {
          expect(e).toBeInstanceOf(KeylintError);
          for (const line of (e as Error).message.split('\n')) expect(line).toMatch(/^config \.keylint\.toml/);
        }
      }),
      runs(150),
    );
  });

  it('answers arbitrary text with a config or a KeylintError', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        try {
          parseConfig(text, '.keylint.toml', '/tmp');
        } catch (e) {
          expect(e).toBeInstanceOf(KeylintError);
        }
      }),
      runs(300),
    );
  });
});

describe('fuzzing rule regexes', () => {
  it('the static checks answer every pattern (a reason or nothing) without throwing', () => {
    fc.assert(
      fc.property(regexSource, fc.constantFrom('', 'i', 's'), (source, flags) => {
        for (const check of [catastrophicBacktracking, polynomialBacktracking]) {
          const answer = check(source, flags);
          expect(answer === undefined || typeof answer === 'string').toBe(true);
        }
      }),
      runs(500),
    );
  });

  it('toJsRegex either converts a pattern to one V8 compiles or throws a plain Error', () => {
    fc.assert(
      fc.property(regexSource, (source) => {
        let js: { source: string; flags: string };
        try {
          js = toJsRegex(source);
        } catch (e) {
          expect(e).toBeInstanceOf(Error);
          return;
        }
        try {
          new RegExp(js.source, js.flags);
        } catch {
          // The Go pattern was invalid to begin with: V8 rejects the original too.
          expect(() => new RegExp(source.replace(/^\(\?[ims]+\)/, ''))).toThrow();
        }
      }),
      runs(500),
    );
  });

  it('a guarded regex finds exactly the matches the same RegExp finds', () => {
    const safe = fc
      .array(fc.constantFrom('a', 'b', 'ab', '[ab]', '\\d', 'a+', 'b?', '(a)', '(?<=a)b', '(?=b)a', '(?:ab)*'), { minLength: 1, maxLength: 4 })
      .map((p) => p.join(''));
    fc.assert(
      fc.property(safe, fc.stringMatching(/^[ab1 ]{0,40}$/), (source, text) => {
        const plain = new RegExp(source, 'dg');
        const guarded = new GuardedRegExp(new RegExp(source, 'dg'));
        const all = (re: RegExp) => {
          const out: [number, string, unknown][] = [];
          re.lastIndex = 0;
          for (let m = re.exec(text); m; m = re.exec(text)) {
            out.push([m.index, m[0], m.indices?.[0]]);
            if (m[0].length === 0) re.lastIndex++;
          }
          return out;
        };
        expect(all(guarded)).toEqual(all(plain));
      }),
      runs(60),
    );
  });

  it('template expansion is bounded for any count', () => {
    fc.assert(
      fc.property(fc.constantFrom('rand:hex', 'rand:b64', 'bech32:age:'), fc.nat({ max: 2 ** 31 }), (kind, n) => {
        const template = kind.startsWith('bech32') ? `{{${kind}${n}}}` : `{{${kind}:${n}}}`;
        try {
          expect(expandExample(template).length).toBeLessThan(20_000);
        } catch (e) {
          expect((e as Error).message).toMatch(/over the limit|bad|template/);
        }
      }),
      runs(200),
    );
  });
});

describe('fuzzing baseline files', () => {
  const t = tempDir('keylint-fuzz-baseline-');
  afterAll(() => t.cleanup());
  const path = join(t.dir, 'baseline.json');
  const token = fc.stringMatching(/^[A-Za-z0-9]{24,40}$/).map((s) => `ghp_${s}`);
  const content = fc.oneof(
    fc.string({ maxLength: 200 }),
    token.map((s) => `${s}\n`),
    token.map((s) => `{"version": 1, "findings": "${s}"`),
    fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  );

  it('loads or fails with one KeylintError line that never quotes the file', () => {
    fc.assert(
      fc.property(content, (text) => {
        writeFileSync(path, text);
        try {
          readBaseline(path, 'baseline.json');
        } catch (e) {
          expect(e).toBeInstanceOf(KeylintError);
          const message = (e as Error).message;
          expect(message.split('\n')).toHaveLength(1);
          for (const secret of text.match(/ghp_[A-Za-z0-9]{24,}/g) ?? []) expect(message).not.toContain(secret.slice(0, 12));
        }
      }),
      runs(200),
    );
  });
});

describe('fuzzing webhook payloads', () => {
  const entry = fc.oneof(
    fc.record(
      { token: fc.string({ maxLength: 30 }), type: fc.string({ maxLength: 10 }), url: fc.string({ maxLength: 30 }), source: fc.string({ maxLength: 10 }) },
      { requiredKeys: [] },
    ),
    fc.jsonValue({ maxDepth: 2 }),
  );

  it('parsePartnerBatch keeps exactly the well-formed entries of any JSON value', () => {
    fc.assert(
      fc.property(fc.oneof(fc.array(entry, { maxLength: 8 }), fc.jsonValue({ maxDepth: 2 })), (json) => {
        const parsed = parsePartnerBatch(json);
        if (!Array.isArray(json)) {
          expect(parsed).toBeUndefined();
          return;
        }
        expect(parsed!.items.length + parsed!.rejected).toBe(json.length);
        for (const item of parsed!.items) expect(typeof item.token === 'string' && item.token.length > 0).toBe(true);
      }),
      runs(300),
    );
  });

  it('storableText never lets a control character through and respects the cap', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), fc.integer({ min: 1, max: 200 }), (text, max) => {
        const out = storableText(text, max);
        expect(out.length).toBeLessThanOrEqual(max);
        expect(out).not.toMatch(/[\u0000-\u001f\u007f]/);
      }),
      runs(500),
    );
  });

  describe.skipIf(!SQLITE)('against a live server on 127.0.0.1 (SQLite)', () => {
    const partner = new FakePartner();
    let keys: Awaited<ReturnType<typeof keysServer>>;
    let svc: RunningWebhook;
    const store = tempDir('keylint-fuzz-webhook-');
    beforeAll(async () => {
      keys = await keysServer([partner]);
      svc = await startWebhook({ db: join(store.dir, 'keys.sqlite'), port: 0, githubKeysUrl: keys.url, rateLimit: 100_000 });
    });
    afterAll(async () => {
      await svc.close();
      await keys.close();
      store.cleanup();
    });

    it('answers any signed batch with 200 or 400 (never 500) and always revokes the valid issued key in it', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(entry, { maxLength: 5 }), fc.nat({ max: 5 }), async (junk, at) => {
          const k = generateKey('acme', 'fuzz');
          await svc.store.createKey(k.record);
          const batch: unknown[] = [...junk];
          batch.splice(Math.min(at, batch.length), 0, { token: k.token, type: 'acme', url: 'https://example.test/\u0000', source: 'content' });
          const body = JSON.stringify(batch);
          const res = await fetch(`${svc.url}/github/secret-scanning`, { method: 'POST', body, headers: partner.headers(body) });
          expect(res.status).toBe(200);
          expect((await svc.store.getKey(k.record.id))?.revokedAt).toBeTruthy();
        }),
        runs(25),
      );
    });
  });
});
