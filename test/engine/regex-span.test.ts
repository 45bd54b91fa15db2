import { describe, expect, it } from 'vitest';
import { regexSpan } from '../../src/engine/regex-span.js';
import { compileRuleFiles, Scanner, expandExample } from '../../src/engine/index.js';
import { lineWindows } from '../../src/engine/windows.js';
import { KeywordPrefilter } from '../../src/engine/prefilter.js';

describe('regexSpan', () => {
  it('bounds a token regex by its longest match and how far its lookahead reads', () => {
    const span = regexSpan(/\b(ghp_[A-Za-z0-9]{36})(?![A-Za-z0-9])/g, ['ghp_']);
    expect(span).toEqual({ maxLength: 40, reach: 41, keywordInMatch: true, keywordOffset: 0, lineBound: true, keywordCase: 'lower' });
  });

  it('has no bound for an open-ended repeat, yet knows the keyword opens the match', () => {
    const span = regexSpan(/\b(sk_live_[A-Za-z0-9]{24,})/g, ['sk_live_']);
    expect(span.maxLength).toBe(Infinity);
    expect(span.keywordOffset).toBe(0);
  });

  it('finds a keyword spelled through alternatives and small classes', () => {
    expect(regexSpan(/rk_(?:live|test)_[A-Za-z0-9]{20}/g, ['rk_live_', 'rk_test_']).keywordInMatch).toBe(true);
    expect(regexSpan(/\bdd[_.-]?api[_.-]?key/g, ['dd_api', 'dd-api', 'ddapi', 'dd.api']).keywordInMatch).toBe(true);
    expect(regexSpan(/(?:Token|SECRET)=\w+/gi, ['token', 'secret']).keywordInMatch).toBe(true);
  });

  it('places windows by literals of the regex itself when a keyword can be missing from the match', () => {
    // The keyword names the context, not the value: windows around it would prove nothing.
    expect(regexSpan(/\bAIza[0-9A-Za-z_-]{35}/g, ['firebase'])).toMatchObject({ keywordInMatch: true, keywordOffset: 0, needles: ['aiza'] });
    expect(regexSpan(/(?:token|pat)=\w+/g, ['token']).needles).toEqual(['token=', 'pat=']);
  });

  it('makes no claim when neither a keyword nor a long enough literal is certain', () => {
    expect(regexSpan(/(?:key)?=\w{8}/g, ['key']).keywordInMatch).toBe(false);
    // Under `iu` the Kelvin sign folds to k: an ASCII prefilter could miss the keyword.
    expect(regexSpan(/key=\w+/giu, ['key']).keywordInMatch).toBe(false);
  });

  it('gives an unbounded optional part an unbounded reach, not NaN', () => {
    expect(regexSpan(/key=(?:x\w*)?(\w{8})/g, ['key=']).reach).toBe(Infinity);
    expect(regexSpan(/key=(?:x\w{0,3})?(\w{8})/g, ['key=']).reach).toBe(4 + 4 + 8);
  });

  it('bounds how far into the match the keyword starts', () => {
    expect(regexSpan(/[a-z]{0,5}secret=\w+/g, ['secret']).keywordOffset).toBe(5);
    expect(regexSpan(/\w*secret=\w+/g, ['secret']).keywordOffset).toBe(Infinity);
  });

  it('knows when no match can reach past a line feed', () => {
    const lineBound = (re: RegExp) => regexSpan(re, ['secret']).lineBound;
    expect(lineBound(/\w*secret[ \t]*=[ \t]*"([^"'\s\\]{8,})"(?![a-z])$/g)).toBe(true);
    expect(lineBound(/secret.{0,40}=(\S+)\b/g)).toBe(true);
    expect(lineBound(/secret\s*=(\w+)/g)).toBe(false); // \s holds the line feed
    expect(lineBound(/secret=([^"]+)/g)).toBe(false); // so does a class that leaves it out
    expect(lineBound(/secret.{0,40}=/gs)).toBe(false);
    expect(lineBound(/secret=\w+(?=[^\n]*\n)/g)).toBe(false); // a lookahead that reads past it
    expect(lineBound(/secret=[^\p{L}]+/gu)).toBe(false); // a property escape: assumed to
    expect(lineBound(/secret=[^\P{L}]+/gu)).toBe(false);
    expect(lineBound(/secret=[\D]/g)).toBe(false);
    expect(lineBound(/secret=[^\S]/g)).toBe(false);
  });

  it('sees a structural anchor in the match', () => {
    const span = regexSpan(/([MNO][A-Za-z0-9]{20,30}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27})/g, [], '.{6}.');
    expect(span.keywordInMatch).toBe(true);
    expect(span.keywordOffset).toBe(31);
  });
});

/** Where the prefilter finds keywords in `text` (UTF-16 offsets, from its UTF-8 bytes), in order. */
function hitStarts(prefilter: KeywordPrefilter, text: string): number[] {
  const hits = prefilter.find(text, Buffer.from(text, 'utf8'));
  return Array.from({ length: hits.count }, (_, i) => hits.starts[i]!).sort((a, b) => a - b);
}

describe('keyword windows', () => {
  const rules = compileRuleFiles([
    {
      source: 'test.toml',
      data: {
        rule: [
          { id: 'tok', regex: '\\b(tok_[a-z0-9]{12})\\b', keywords: ['tok_'] },
          { id: 'open', regex: '\\b(opn_[a-z0-9]{8,})', keywords: ['opn_'] },
          { id: 'ctx', regex: 'pw=([a-z0-9]{6,})', keywords: ['pw='] },
          { id: 'dotted', regex: '(?<![\\w-])([MN][A-Za-z0-9]{10}\\.[A-Za-z0-9_-]{6}\\.[A-Za-z0-9_-]{20})(?![\\w-])', anchor: '.{6}.' },
        ],
      },
    },
  ]).rules;
  const whole = new Scanner(rules, { windows: false });
  const windowed = new Scanner(rules, { windowsFrom: 0 });
  const ids = (s: Scanner, text: string, utf8?: Uint8Array) => s.scan({ path: 'a.txt', text, utf8 }).map((f) => `${f.ruleId}@${f.start}`);

  it('finds what a whole-text search finds, with multi-byte text before, between and after the matches', () => {
    const filler = 'é日本😀 '.repeat(300);
    const secrets = ['tok_abcdef123456', 'opn_' + 'k3j9x2lmq7'.repeat(4), 'pw=hunter2x', `M${'a1B2c3D4e5'}.${'AbC_9z'}.Zx8kQ2mV7pL4nR6tY1wB`];
    const text = secrets.map((s) => filler + s).join('\n') + filler + secrets.join(' ') + filler;
    const expected = ids(whole, text);
    expect(new Set(expected.map((e) => e.split('@')[0]))).toEqual(new Set(['tok', 'open', 'ctx', 'dotted']));
    expect(ids(windowed, text)).toEqual(expected);
    expect(ids(windowed, text, Buffer.from(text, 'utf8'))).toEqual(expected);
  });

  it('searches an unbounded rule line by line around its keywords when no match can span lines', () => {
    const compiled = compileRuleFiles([
      {
        source: 'l.toml',
        data: {
          rule: [
            { id: 'named', regex: '\\w*secret[ \\t]*=[ \\t]*"([^"\\s]{6,})"(?![a-z])', keywords: ['secret'] },
            { id: 'commented', regex: '"([^"\\s]{6,})"[ \\t]*#[ \\t]*secret\\b', keywords: ['secret'] }, // the value comes before the keyword
          ],
        },
      },
    ]).rules;
    const rules = compiled.map((r) => ({ ...r, span: regexSpan(r.regex, r.keywords) }));
    for (const r of rules) expect(r.span).toMatchObject({ maxLength: Infinity, keywordOffset: Infinity, lineBound: true });
    const filler = 'é日本😀 filler line\n'.repeat(400);
    const lines = [
      'my_secret = "k3j9x2lmq7"', // a match opening its line
      'a secret, then x_secret="ab12cd34ef" and y_secret="zz99yy88xx"', // two matches on one line
      'secret =', // a hit whose value is on the next line: no match, in either search
      '"q1w2e3r4t5"',
      'long_name_before_the_secret   =   "p0o9i8u7y6"x', // the lookahead rejects it
      'value = "h7g6f5d4s3"  # secret',
    ];
    const text = filler + lines.join('\n' + filler) + '\n' + filler + 'last_secret="m1n2b3v4c5"';
    const found = (s: Scanner) => s.scan({ path: 'a.txt', text, utf8: Buffer.from(text, 'utf8') }).map((f) => `${f.start}:${f.secret}`);
    const expected = found(new Scanner(rules, { windows: false }));
    expect(expected.map((f) => f.split(':')[1])).toEqual(['k3j9x2lmq7', 'ab12cd34ef', 'zz99yy88xx', 'h7g6f5d4s3', 'm1n2b3v4c5']);
    expect(found(new Scanner(rules, { windowsFrom: 0 }))).toEqual(expected);
  });

  it('gives one window per line holding hits, cut just after the line feed', () => {
    const text = 'ab\ncd secret secret\nef\nsecret';
    const hits = [6, 13, 23];
    expect(lineWindows(text, hits)).toEqual({ windows: [3, 13, 20, 23, 23, 29], covered: 11 + 1 });
  });

  it('still finds a rule example when its keyword is the last thing in the text', () => {
    const text = 'x'.repeat(20000) + ' tok_' + expandExample('{{rand:digits:12}}', 3);
    expect(ids(windowed, text)).toEqual(ids(whole, text));
    expect(ids(windowed, text)).toHaveLength(1);
  });

  it("windows around the regex's own literal when the keyword only names the context", () => {
    const [plain] = compileRuleFiles([
      { source: 'c.toml', data: { rule: [{ id: 'ctx-key', regex: '\\b(AKx[0-9A-Z]{16})\\b', keywords: ['mycloud'] }] } },
    ]).rules;
    // As the build's rule snapshot brings it: the span known before the scanner is built.
    const rule = { ...plain!, span: regexSpan(plain!.regex, plain!.keywords) };
    expect(rule.span.needles).toEqual(['akx']);
    const text = `mycloud config\n${'é filler line\n'.repeat(2000)}key = AKxQ7W2ZP9KD4M1XR8T\n${'more text\n'.repeat(500)}AKxH3N8VC5LJ2QW6YE0`;
    const found = (s: Scanner) => s.scan({ path: 'a.txt', text, utf8: Buffer.from(text, 'utf8') }).map((f) => f.start);
    expect(found(new Scanner([rule], { windowsFrom: 0 }))).toEqual(found(new Scanner([rule], { windows: false })));
    expect(found(new Scanner([rule], { windowsFrom: 0 }))).toHaveLength(2);
    expect(new Scanner([rule]).scan({ path: 'a.txt', text: text.replace('mycloud', 'x') })).toEqual([]);
  });

  it('windows around an anchor beside keywords, which still decide whether the rule runs', () => {
    const [rule] = compileRuleFiles([
      { source: 'a.toml', data: { rule: [{ id: 'app-key', regex: '(?<![\\w-])([\\w-]{6}\\.[\\w-]{6}:[\\w-]{20})', keywords: ['myapp_'], anchor: '.{6}:' }] } },
    ]).rules;
    const text = `MYAPP_KEY=Q7w2Zp.K9d4M1:${'x8TbH3n8VcLj2QwY6e0R'}\n${'é filler\n'.repeat(3000)}other=Ab3dEf.Gh5jKl:${'Mn7pQr9sTu1wXy3zAb5c'}`;
    const found = (s: Scanner) => s.scan({ path: 'a.txt', text, utf8: Buffer.from(text, 'utf8') }).map((f) => f.start);
    expect(found(new Scanner([rule!], { windowsFrom: 0 }))).toEqual(found(new Scanner([rule!], { windows: false })));
    expect(found(new Scanner([rule!], { windowsFrom: 0 }))).toHaveLength(2);
    expect(new Scanner([rule!]).scan({ path: 'a.txt', text: text.replace('MYAPP_', 'X') })).toEqual([]);
  });

  it('records every occurrence of a keyword and of the anchor, with UTF-16 offsets from UTF-8 bytes', () => {
    // Rules as a custom rule file brings them: no span yet, so keywords count in either case.
    const prefilter = new KeywordPrefilter(rules.map((r) => ({ ...r, span: undefined })));
    const text = 'é tok_ 😀 TOK_ x.abcdef.y';
    expect(hitStarts(prefilter, text)).toEqual([text.indexOf('tok_'), text.indexOf('TOK_'), text.indexOf('.abcdef.')]);
  });

  it('counts a keyword only as spelled when every match of a case-sensitive regex holds it so', () => {
    const [tok, seed, either] = compileRuleFiles([
      {
        source: 'c.toml',
        data: {
          rule: [
            { id: 'tok', regex: '\\b(tok_[a-z0-9]{12})\\b', keywords: ['tok_'] },
            { id: 'seed', regex: '\\b(S[UAONC][A-Z2-7]{56})\\b', keywords: ['su', 'sa', 'so', 'sn', 'sc'] },
            { id: 'either', regex: '(?i)\\b(abc_[a-z0-9]{12})\\b', keywords: ['abc_'] },
          ],
        },
      },
    ]).rules.map((r) => ({ ...r, span: regexSpan(r.regex, r.keywords) }));
    expect([tok!.span.keywordCase, seed!.span.keywordCase, either!.span.keywordCase]).toEqual(['lower', 'upper', undefined]);
    const prefilter = new KeywordPrefilter([tok!, seed!, either!]);
    const text = 'é tok_ 😀 TOK_ so Sa SU SC abc_ ABC_';
    expect(hitStarts(prefilter, text)).toEqual(['tok_', 'SU', 'SC', 'abc_', 'ABC_'].map((k) => text.indexOf(k)));
    const seedText = `x = "SU${'A'.repeat(56)}"`;
    expect(new Scanner([seed!], { windowsFrom: 0 }).candidates({ path: 'a', text: seedText }).map((c) => c.secret)).toEqual([`SU${'A'.repeat(56)}`]);
    expect(new KeywordPrefilter([seed!]).select(seedText.toLowerCase())).toEqual([]);
  });
});
