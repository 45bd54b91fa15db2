import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expandExample } from '../../src/engine/index.js';
import { scanRange } from '../../src/scan/index.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { GIT_TEST_ENV, gitRepo } from '../sources/git/helpers.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir('keylint-history-')));
afterEach(() => cleanup());

interface JsonFinding {
  ruleId: string;
  file: string;
  line: number;
  commit?: string;
  author?: string;
  email?: string;
  date?: string;
  inHead?: boolean;
}
const json = (stdout: string) => JSON.parse(stdout) as { findings: JsonFinding[]; stats: { files: number; bytes: number } };
// A new synthetic token per call: expandExample is deterministic for a given seed.
let seed = 1;
const ghp = () => expandExample('{{crc32:ghp_}}', seed++);
const npmToken = () => expandExample('{{crc32:npm_}}', seed++);

describe('keylint history: attribution', () => {
  it("reports a secret added in commit 2 and deleted in commit 5 with commit 2's sha and author, inHead false", async () => {
    const token = ghp();
    const repo = gitRepo(dir);
    repo.commit('one', { 'README.md': '# demo\n' });
    const two = repo.commit('add config', { 'config/app.env': `GITHUB_TOKEN=${token}\n` }, { name: 'Ada Lovelace', email: 'ada@example.com' });
    repo.commit('three', { 'src/a.ts': 'export const a = 1;\n' });
    repo.commit('four', { 'config/app.env': `GITHUB_TOKEN=${token}\nDEBUG=1\n` });
    repo.commit('remove the token', { 'config/app.env': 'DEBUG=1\n' });
    const r = await runCli(['history', '.', '--format', 'json'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(1);
    const findings = json(r.stdout).findings;
    // The later blob that still carried the token is the same secret at the same path: reported once.
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      ruleId: 'github-pat',
      file: 'config/app.env',
      line: 1,
      commit: two,
      author: 'Ada Lovelace',
      email: 'ada@example.com',
      date: '2024-01-01T00:00:01+00:00',
      inHead: false,
    });
    expect(r.stdout).not.toContain(token);
  });

  it('says inHead true while the secret is still checked out, and shows commit and "history only" in text', async () => {
    const kept = ghp();
    const gone = npmToken();
    const repo = gitRepo(dir);
    const first = repo.commit('tokens', { 'a.env': `GITHUB_TOKEN=${kept}\n`, '.npmrc': `//registry.npmjs.org/:_authToken=${gone}\n` });
    repo.commit('drop npmrc', { '.npmrc': null });
    const r = await runCli(['history', '--format', 'json'], { cwd: dir });
    const byFile = Object.fromEntries(json(r.stdout).findings.map((f) => [f.file, f]));
    expect(byFile['a.env']).toMatchObject({ commit: first, inHead: true });
    expect(byFile['.npmrc']).toMatchObject({ commit: first, inHead: false });
    const text = await runCli(['history', '--no-color'], { cwd: dir });
    expect(text.stdout).toContain(`${first.slice(0, 8)} Test Dev (history only)`);
    expect(text.stdout + text.stderr).not.toContain(kept);
  });

  it("attributes a side branch's secret to its own commit and a merge's own content to the merge", async () => {
    const sideToken = ghp();
    const mergeToken = npmToken();
    const repo = gitRepo(dir);
    repo.commit('base', { 'app.txt': 'base\n' });
    repo.git('checkout', '-q', '-b', 'side');
    const side = repo.commit('side secret', { 'side.env': `GITHUB_TOKEN=${sideToken}\n`, 'app.txt': 'side\n' });
    repo.git('checkout', '-q', 'main');
    repo.commit('main change', { 'app.txt': 'main\n' });
    try {
      repo.git('merge', '-q', '--no-edit', 'side');
    } catch {
      // conflict on app.txt: the resolution is the merge's own content
    }
    repo.write({ 'app.txt': `resolved\n//registry.npmjs.org/:_authToken=${mergeToken}\n` });
    repo.git('add', '-A');
    const merge = repo.commitStaged('merge side');
    const r = await runCli(['history', '--format', 'json'], { cwd: dir });
    const byFile = Object.fromEntries(json(r.stdout).findings.map((f) => [f.file, f]));
    expect(byFile['side.env']).toMatchObject({ commit: side, inHead: true });
    expect(byFile['app.txt']).toMatchObject({ commit: merge, line: 2, inHead: true });
  });

  it("reports a renamed file's secret once, at the path and commit that introduced it", async () => {
    const token = ghp();
    const repo = gitRepo(dir);
    const added = repo.commit('add', { 'old/name.env': `GITHUB_TOKEN=${token}\n` });
    repo.git('mv', 'old/name.env', 'new.env');
    repo.commitStaged('rename');
    const findings = json((await runCli(['history', '--format', 'json'], { cwd: dir })).stdout).findings;
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ file: 'old/name.env', commit: added, inHead: true });
  });

  it('scans a moved blob again where its new path brings rules into play, reporting each secret once', async () => {
    const token = ghp();
    const repo = gitRepo(dir);
    repo.commit('notes', { 'netrc.txt': 'machine api.internal login deploy password Zq8vN3kLp0Wx7T\n', 'a.env': `GITHUB_TOKEN=${token}\n` });
    repo.git('mv', 'netrc.txt', '.netrc');
    repo.git('mv', 'a.env', 'notes.txt');
    const moved = repo.commitStaged('move');
    const findings = json((await runCli(['history', '--format', 'json'], { cwd: dir })).stdout).findings;
    // The .netrc rule only reads files named so; the token is found at either path and stays where it began.
    expect(findings.map((f) => [f.ruleId, f.file]).sort()).toEqual([
      ['github-pat', 'a.env'],
      ['netrc-password', '.netrc'],
    ]);
    expect(findings.find((f) => f.file === '.netrc')).toMatchObject({ commit: moved, inHead: true });
  });

  it('scans commits only reachable from a detached HEAD', async () => {
    const token = ghp();
    const repo = gitRepo(dir);
    const base = repo.commit('base', { 'a.txt': 'a\n' });
    repo.git('checkout', '-q', '--detach', base);
    const detached = repo.commit('detached work', { 'd.env': `GITHUB_TOKEN=${token}\n` });
    const r = await runCli(['history', '--format', 'json'], { cwd: dir });
    expect(json(r.stdout).findings).toEqual([expect.objectContaining({ file: 'd.env', commit: detached, inHead: true })]);
  });
});

describe('keylint history: choosing commits', () => {
  function threeSecrets() {
    const repo = gitRepo(dir);
    const c1 = repo.commit('one', { 'one.env': `GITHUB_TOKEN=${ghp()}\n` });
    const c2 = repo.commit('two', { 'two.env': `GITHUB_TOKEN=${ghp()}\n` });
    repo.git('checkout', '-q', '-b', 'feature');
    const c3 = repo.commit('three', { 'three.env': `GITHUB_TOKEN=${ghp()}\n` });
    repo.git('checkout', '-q', 'main');
    return { repo, c1, c2, c3 };
  }
  const files = (stdout: string) =>
    json(stdout)
      .findings.map((f) => f.file)
      .sort();

  it('scans every branch by default, one branch with --branch', async () => {
    threeSecrets();
    expect(files((await runCli(['history', '--format', 'json'], { cwd: dir })).stdout)).toEqual(['one.env', 'three.env', 'two.env']);
    expect(files((await runCli(['history', '--format', 'json', '--branch', 'main'], { cwd: dir })).stdout)).toEqual(['one.env', 'two.env']);
  });

  it('scans only A..B with --range, and the newest N commits with --max-count', async () => {
    const { c1, c3 } = threeSecrets();
    expect(files((await runCli(['history', '--format', 'json', '--range', `${c1}..${c3}`], { cwd: dir })).stdout)).toEqual(['three.env', 'two.env']);
    expect(files((await runCli(['history', '--format', 'json', '--branch', 'feature', '--max-count', '1'], { cwd: dir })).stdout)).toEqual(['three.env']);
  });

  it('scans only commits newer than --since', async () => {
    threeSecrets(); // dated 2024-01-01
    const r = await runCli(['history', '--format', 'json', '--since', '2030-01-01'], { cwd: dir });
    expect(r.exitCode).toBe(0);
    expect(json(r.stdout).findings).toEqual([]);
  });

  it('exits 2 with one line for a range or branch that does not exist', async () => {
    threeSecrets();
    const range = await runCli(['history', '--range', 'nope..main'], { cwd: dir });
    expect(range.exitCode).toBe(2);
    expect(range.stderr).toBe('keylint: --range nope..main: not a commit range in this repository\n');
    const branch = await runCli(['history', '--branch', 'nope'], { cwd: dir });
    expect(branch.stderr).toBe('keylint: --branch nope: no such branch or commit in this repository\n');
  });

  it("marks a range's secret inHead when HEAD still holds it in a file outside the range", async () => {
    const token = ghp();
    const repo = gitRepo(dir);
    const base = repo.commit('base', { 'keep.env': `GITHUB_TOKEN=${token}\n` });
    const copy = repo.commit('copy', { 'copy.env': `# a copy\nGITHUB_TOKEN=${token}\n` });
    repo.commit('remove copy', { 'copy.env': null });
    const r = await runCli(['history', '--format', 'json', '--range', `${base}..HEAD`], { cwd: dir });
    expect(json(r.stdout).findings).toEqual([expect.objectContaining({ file: 'copy.env', commit: copy, inHead: true })]);
    // The grep patterns file (it holds the secrets) is gone after the run.
    expect(readdirSync(join(dir, '.git', 'keylint')).filter((n) => n.startsWith('patterns'))).toEqual([]);
  });

  it('scanRange returns the report for base..head, as the GitHub Action needs it', async () => {
    const { c1, c3 } = threeSecrets();
    const report = await scanRange(dir, `${c1}..${c3}`);
    expect(report.findings.map((f) => [f.file, f.commit]).sort()).toEqual([
      ['three.env', c3],
      ['two.env', expect.any(String)],
    ]);
  });

  it("honors the config's [files] exclude", async () => {
    const repo = gitRepo(dir);
    repo.commit('fixtures', { 'fixtures/x.env': `GITHUB_TOKEN=${ghp()}\n`, '.keylint.toml': '[files]\nexclude = ["fixtures/**"]\n' });
    expect((await runCli(['history'], { cwd: dir })).exitCode).toBe(0);
  });
});

describe('keylint history: cache', () => {
  it('gives the same report on a cached second run, keeps no secret in the cache, and rescans with --no-cache', async () => {
    const token = ghp();
    const repo = gitRepo(dir);
    repo.commit('one', { 'a.ts': 'export const a = 1;\n', 'b.env': `GITHUB_TOKEN=${token}\n` });
    repo.commit('two', { 'c.ts': 'export const c = 3;\n' });
    const first = json((await runCli(['history', '--format', 'json'], { cwd: dir })).stdout);
    const cacheFiles = readdirSync(join(dir, '.git', 'keylint'));
    expect(cacheFiles).toEqual([expect.stringMatching(/^blobs-[0-9a-f]{16}\.txt$/)]);
    const cache = readFileSync(join(dir, '.git', 'keylint', cacheFiles[0]!), 'utf8');
    const lines = cache.trim().split('\n');
    expect(lines.map((l) => l.split(' ')[1]).sort()).toEqual(['c', 'c', 'f']); // two clean blobs, one with a located finding
    // Where the finding is, never anything derived from its value.
    expect(cache).not.toContain(token);
    expect(cache).not.toContain(token.slice(0, 4));
    expect(cache).not.toContain((first.findings[0] as unknown as { fingerprint: string }).fingerprint);
    const second = json((await runCli(['history', '--format', 'json'], { cwd: dir })).stdout);
    expect(second.findings).toEqual(first.findings);
    expect(second.stats.files).toBe(first.stats.files);
    expect(second.stats.bytes).toBe(first.stats.bytes);
    const fresh = json((await runCli(['history', '--format', 'json', '--no-cache'], { cwd: dir })).stdout);
    expect(fresh.findings).toEqual(first.findings);
    // A damaged entry (offsets past the text, or not JSON) means: scan that blob again.
    const file = join(dir, '.git', 'keylint', cacheFiles[0]!);
    for (const damage of ['[{"ruleId":"github-pat","start":5000,"end":5040}]', '{not json']) {
      writeFileSync(file, lines.map((l) => (l.split(' ')[1] === 'f' ? `${l.split(' ').slice(0, 3).join(' ')} ${damage}` : l)).join('\n') + '\n');
      expect(json((await runCli(['history', '--format', 'json'], { cwd: dir })).stdout).findings).toEqual(first.findings);
    }
  });

  it('starts a new cache when the rule set changes', async () => {
    const repo = gitRepo(dir);
    repo.commit('one', { 'notes.txt': 'internal-id: ZX-4821-QMTR\n' });
    expect((await runCli(['history'], { cwd: dir })).exitCode).toBe(0);
    writeFileSync(
      join(dir, '.keylint.toml'),
      [
        '[[rule]]',
        'id = "zx-id"',
        "regex = '''\\b(ZX-\\d{4}-[A-Z]{4})\\b'''",
        'keywords = ["zx-"]',
        'examples.secret = ["ZX-4821-QMTR"]',
        'examples.not = ["ZX-12"]',
      ].join('\n'),
    );
    const r = await runCli(['history', '--format', 'json'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(json(r.stdout).findings.map((f) => f.ruleId)).toContain('zx-id');
    expect(readdirSync(join(dir, '.git', 'keylint'))).toHaveLength(1);
  });
});

describe('keylint history: edge cases', () => {
  it('passes an empty repository with a note', async () => {
    gitRepo(dir);
    const r = await runCli(['history'], { cwd: dir });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toMatch(/^keylint: note: .*no commits yet, nothing in history to scan\n$/);
    expect(r.stdout).toMatch(/^0 secrets, 0 publishable keys in 0 files/m);
  });

  it('exits 2 outside a repository', async () => {
    const r = await runCli(['history'], { cwd: dir });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe(`keylint: ${dir}: not a git repository\n`);
  });

  it('scans a shallow clone, attributing what came before its boundary to the oldest commit present', async () => {
    const src = join(dir, 'src');
    const token = ghp();
    const repo = gitRepo((execFileSync('mkdir', ['-p', src]), src));
    repo.commit('old', { 'old.env': `GITHUB_TOKEN=${token}\n`, 'gone.env': `GITHUB_TOKEN=${ghp()}\n` });
    repo.commit('middle', { 'gone.env': null });
    const tip = repo.commit('tip', { 'x.txt': 'x\n' });
    execFileSync('git', ['clone', '-q', '--depth', '1', `file://${src}`, join(dir, 'shallow')], { env: GIT_TEST_ENV });
    const r = await runCli(['history', 'shallow', '--format', 'json'], { cwd: dir });
    expect(r.stderr).toMatch(/^keylint: note: shallow clone: /);
    expect(json(r.stdout).findings).toEqual([expect.objectContaining({ file: 'old.env', commit: tip, inHead: true })]);
  });

  it('skips submodules with a note', async () => {
    const repo = gitRepo(dir);
    const c = repo.commit('one', { 'a.txt': 'a\n' });
    repo.git('update-index', '--add', '--cacheinfo', `160000,${c},vendor/lib`);
    repo.commitStaged('add submodule');
    const r = await runCli(['history'], { cwd: dir });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe("keylint: note: skipped 1 submodule (vendor/lib): scan each one's own history with keylint history <path>\n");
  });

  it('passes over huge and binary blobs, counting them', async () => {
    const repo = gitRepo(dir);
    const binary = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]), Buffer.from(`GITHUB_TOKEN=${ghp()}`)]);
    repo.commit('blobs', { 'big.bin': Buffer.alloc(3 * 1024 * 1024, 0x61), 'logo.png': binary, 'ok.txt': 'fine\n' });
    const r = await runCli(['history', '--max-file-size', '1MB'], { cwd: dir });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/in 1 file .*; skipped 1 binary, 1 too large/);
    // The size limit is not part of the cache key: a larger limit reads the blob again.
    const bigger = await runCli(['history', '--max-file-size', '5MB', '--format', 'json'], { cwd: dir });
    expect(json(bigger.stdout).stats.files).toBe(2);
  });

  it('reads non-UTF-8 paths and content', async () => {
    const token = ghp();
    const repo = gitRepo(dir);
    const name = Buffer.concat([Buffer.from('caf'), Buffer.from([0xe9]), Buffer.from('.env')]);
    writeFileSync(
      Buffer.concat([Buffer.from(dir + '/'), name]),
      Buffer.concat([Buffer.from('# r'), Buffer.from([0xe9, 0xe9]), Buffer.from(`sum\nGITHUB_TOKEN=${token}\n`)]),
    );
    repo.git('add', '-A');
    repo.commitStaged('latin-1');
    const r = await runCli(['history', '--format', 'json'], { cwd: dir });
    expect(json(r.stdout).findings).toEqual([expect.objectContaining({ file: 'caf\uFFFD.env', line: 2, inHead: true })]);
  });

  it('exits 2 with one line naming a corrupt object', async () => {
    const repo = gitRepo(dir);
    repo.commit('one', { 'a.txt': 'some text\n' });
    const blob = repo.git('rev-parse', 'HEAD:a.txt');
    const file = join(dir, '.git', 'objects', blob.slice(0, 2), blob.slice(2));
    expect(existsSync(file)).toBe(true);
    chmodSync(file, 0o644);
    writeFileSync(file, 'not a zlib stream');
    const r = await runCli(['history', '--no-cache'], { cwd: dir });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^keylint: object ${blob} \\(a\\.txt in [0-9a-f]{8}\\) is missing or corrupt: error: .*\\n$`));
  });
});

describe('keylint history: a walk that fails part way', () => {
  it('exits 2 naming what git said, though blobs were already being scanned', async () => {
    const repo = gitRepo(dir);
    const many: Record<string, string> = {};
    for (let i = 0; i < 200; i++) many[`f${i}.txt`] = `line ${i}\n`;
    repo.commit('first', many);
    repo.commit('second', { 'b.txt': 'more\n' });
    repo.commit('third', { 'c.txt': 'and more\n' });
    // Blobs are read and scanned while the walk goes on: the middle commit's tree is damaged,
    // so git log fails after the first commit's 200 blobs have been handed out.
    const tree = repo.git('rev-parse', 'HEAD~1^{tree}');
    const file = join(dir, '.git', 'objects', tree.slice(0, 2), tree.slice(2));
    chmodSync(file, 0o644);
    writeFileSync(file, 'not a zlib stream');
    const r = await runCli(['history', '--no-cache'], { cwd: dir });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/^keylint: git log: .+\n$/);
  });
});

describe('keylint history: progress', () => {
  it("draws a progress line on a terminal's stderr only", async () => {
    const { main } = await import('../../src/cli/main.js');
    const { Readable, Writable } = await import('node:stream');
    const repo = gitRepo(dir);
    const many: Record<string, string> = {};
    for (let i = 0; i < 40; i++) many[`f${i}.txt`] = `line ${i}\n`.repeat(2000);
    repo.commit('many', many);
    let err = '';
    const stderr = Object.assign(new Writable({ write: (c, _e, cb) => ((err += String(c)), cb()) }), { isTTY: true });
    const stdout = new Writable({ write: (_c, _e, cb) => cb() });
    // A slow clock is not needed: the first update always draws.
    const { exitCode } = await main(['history', '--no-cache'], { stdin: Readable.from([]), stdout, stderr, cwd: dir, env: {} });
    expect(exitCode).toBe(0);
    expect(err).toMatch(/\r\x1b\[2Kkeylint: history \d+\/40 blobs, [\d.]+ MB, \d+ blobs\/s, ETA \d+s/);
  });
});
