import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandExample } from '../../src/engine/index.js';
import { tempDir } from '../helpers/cli.js';
import { gitRepo } from '../sources/git/helpers.js';

// keylint as a library user meets it: a project whose node_modules/keylint is this
// repository (what `npm install keylint` would put there, minus the packing), a script
// that imports the package by name, run by node against the built dist/ (the suite's
// global setup rebuilds dist/ when the sources changed).
const REPO = resolve(import.meta.dirname, '..', '..');

const USER_SCRIPT = `
import { scanPaths, scanText, scanHistory, scanRange, scanStaged, exitCodeFor } from 'keylint';
const [tree, repo, range, textToken] = process.argv.slice(2);
const brief = (r) => ({
  exitCode: r.exitCode,
  failOn: r.failOn,
  files: r.stats.files,
  findings: r.findings.map((f) => ({ ruleId: f.ruleId, kind: f.kind, severity: f.severity, file: f.file, line: f.line, commit: f.commit, redacted: f.redacted, fingerprint: f.fingerprint })),
});
const out = {
  paths: brief(await scanPaths([tree])),
  pathsFailOnCritical: brief(await scanPaths([tree], { failOn: 'critical', include: ['*.env'] })),
  text: brief(await scanText(\`const token = "\${textToken}";\\n\`, { path: 'src/a.js' })),
  history: brief(await scanHistory(repo, { cache: false })),
  range: brief(await scanRange(repo, range, { cache: false })),
  staged: brief(await scanStaged(repo)),
  exitCodeForNothing: exitCodeFor([]),
};
process.stdout.write(JSON.stringify(out));
`;

interface Brief {
  exitCode: number;
  failOn: string;
  files: number;
  findings: { ruleId: string; kind: string; severity: string; file: string; line: number; commit?: string; redacted: string; fingerprint: string }[];
}

let seed = 9001;
const ghp = () => expandExample('{{crc32:ghp_}}', seed++);

describe('the package used by name from another project', () => {
  let dir: string;
  let cleanup: () => void;
  let out: Record<'paths' | 'pathsFailOnCritical' | 'text' | 'history' | 'range' | 'staged', Brief> & { exitCodeForNothing: number };
  let raw: string;
  const tokens = { tree: ghp(), first: ghp(), second: ghp(), staged: ghp(), text: ghp() };
  let first: string;
  let second: string;

  beforeAll(() => {
    ({ dir, cleanup } = tempDir('keylint-api-user-'));
    const project = join(dir, 'project');
    mkdirSync(join(project, 'node_modules'), { recursive: true });
    symlinkSync(REPO, join(project, 'node_modules', 'keylint'), 'dir');
    writeFileSync(join(project, 'package.json'), '{"name":"uses-keylint","private":true,"type":"module"}\n');
    writeFileSync(join(project, 'use.mjs'), USER_SCRIPT);

    const tree = join(dir, 'tree');
    mkdirSync(join(tree, 'src'), { recursive: true });
    writeFileSync(join(tree, 'deploy.env'), `GITHUB_TOKEN=${tokens.tree}\n`);
    writeFileSync(join(tree, 'src', 'clean.ts'), 'export const answer = 42;\n');

    const repo = gitRepo(join(dir, 'repo'), { init: false });
    mkdirSync(repo.dir);
    repo.git('init', '-q', '-b', 'main');
    repo.commit('readme', { 'README.md': '# demo\n' });
    first = repo.commit('first secret', { 'one.env': `GITHUB_TOKEN=${tokens.first}\n` });
    second = repo.commit('second secret', { 'two.env': `GITHUB_TOKEN=${tokens.second}\n` });
    repo.write({ 'staged.env': `GITHUB_TOKEN=${tokens.staged}\n` });
    repo.git('add', 'staged.env');

    raw = execFileSync(process.execPath, ['use.mjs', tree, repo.dir, `${first}..${second}`, tokens.text], { cwd: project, encoding: 'utf8' });
    out = JSON.parse(raw) as typeof out;
  });
  afterAll(() => cleanup());

  it('scanPaths finds the token in a folder, relative to it, with exit code 1', () => {
    expect(out.paths.findings.map((f) => [f.ruleId, f.kind, f.file, f.line])).toEqual([['github-pat', 'secret', 'deploy.env', 1]]);
    expect(out.paths).toMatchObject({ exitCode: 1, failOn: 'secret', files: 2 });
  });

  it('scanPaths takes include globs and failOn: a secret below critical under failOn critical exits 0', () => {
    expect(out.pathsFailOnCritical.findings.map((f) => [f.file, f.severity])).toEqual([['deploy.env', 'high']]);
    expect(out.pathsFailOnCritical).toMatchObject({ exitCode: 0, failOn: 'critical', files: 1 });
  });

  it('scanText scans a string under the path it is given', () => {
    expect(out.text.findings.map((f) => [f.ruleId, f.file, f.line])).toEqual([['github-pat', 'src/a.js', 1]]);
    expect(out.text).toMatchObject({ exitCode: 1, files: 1 });
  });

  it('scanHistory reports each secret at the commit that introduced it, and not what is only staged', () => {
    expect(out.history.findings.map((f) => [f.file, f.commit]).sort()).toEqual([
      ['one.env', first],
      ['two.env', second],
    ]);
  });

  it('scanRange reports only the commits in base..head', () => {
    expect(out.range.findings.map((f) => [f.file, f.commit])).toEqual([['two.env', second]]);
  });

  it('scanStaged reports what is staged for commit', () => {
    expect(out.staged.findings.map((f) => [f.file, f.line])).toEqual([['staged.env', 1]]);
    expect(out.staged.exitCode).toBe(1);
  });

  it('returns findings without the raw secret anywhere', () => {
    for (const token of Object.values(tokens)) expect(raw).not.toContain(token);
    expect(out.exitCodeForNothing).toBe(0);
  });
});
