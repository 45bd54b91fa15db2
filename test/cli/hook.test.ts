import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { gitRepo } from '../sources/git/helpers.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir('keylint-hook-')));
afterEach(() => cleanup());

/**
 * A stand-in for husky 9 in the project's node_modules, doing what `npx husky` does: set
 * core.hooksPath to .husky/_ and write a stub per hook that runs .husky/<hook> with sh -e.
 * (The real husky runs in scripts/e2e-install.sh.)
 */
function huskyStandIn(root: string) {
  const pkg = join(root, 'node_modules', 'husky');
  mkdirSync(pkg, { recursive: true });
  writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'husky', version: '9.1.7', type: 'module', bin: { husky: 'bin.js' } }));
  writeFileSync(
    join(pkg, 'bin.js'),
    `import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
execFileSync('git', ['config', 'core.hooksPath', '.husky/_']);
mkdirSync('.husky/_', { recursive: true });
writeFileSync('.husky/_/h', 'n=$(basename "$0"); s=$(dirname "$(dirname "$0")")/$n; [ -f "$s" ] || exit 0; sh -e "$s"\\n');
for (const h of ['pre-commit', 'pre-push']) writeFileSync('.husky/_/' + h, '#!/usr/bin/env sh\\n. "$(dirname "$0")/h"\\n', { mode: 0o755 });
`,
  );
}

const hookFile = () => join(dir, '.git', 'hooks', 'pre-commit');

describe('keylint hook install', () => {
  it('writes an executable .git/hooks/pre-commit running keylint staged', async () => {
    gitRepo(dir);
    const r = await runCli(['hook', 'install'], { cwd: dir });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe('keylint: installed the pre-commit hook: .git/hooks/pre-commit\n');
    expect(readFileSync(hookFile(), 'utf8')).toMatch(/^#!\/bin\/sh\n.*\nkeylint staged\n$/);
    expect(statSync(hookFile()).mode & 0o111).not.toBe(0);
    expect((await runCli(['hook', 'install'], { cwd: dir })).stdout).toBe('keylint: .git/hooks/pre-commit already runs keylint; nothing changed\n');
  });

  it("runs the project's own bin directly, not through npx, and the keylint on PATH once that bin is gone", async () => {
    gitRepo(dir);
    const bin = join(dir, 'node_modules', '.bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, 'keylint'), '#!/bin/sh\necho "local bin: $*"\nexit 1\n', { mode: 0o755 });
    await runCli(['hook', 'install'], { cwd: dir });
    expect(readFileSync(hookFile(), 'utf8')).toMatch(
      /\nif \[ -x node_modules\/\.bin\/keylint \]; then node_modules\/\.bin\/keylint staged; else keylint staged; fi\n$/,
    );
    // As git runs it: from the top of the work tree, its exit code the hook's.
    const onPath = join(dir, 'path');
    mkdirSync(onPath);
    writeFileSync(join(onPath, 'keylint'), '#!/bin/sh\necho "PATH keylint: $*"\n', { mode: 0o755 });
    const env = { ...process.env, PATH: `${onPath}:${process.env.PATH}` };
    const local = spawnSync('sh', [hookFile()], { cwd: dir, encoding: 'utf8', env });
    expect(local).toMatchObject({ status: 1, stdout: 'local bin: staged\n' });
    rmSync(join(dir, 'node_modules'), { recursive: true });
    expect(spawnSync('sh', [hookFile()], { cwd: dir, encoding: 'utf8', env })).toMatchObject({ status: 0, stdout: 'PATH keylint: staged\n' });
  });

  it('refuses a .husky folder husky has not activated, naming the fix, and writes nothing', async () => {
    gitRepo(dir);
    mkdirSync(join(dir, '.husky'));
    const r = await runCli(['hook', 'install', '--hook', 'pre-push'], { cwd: dir });
    expect(r).toMatchObject({ exitCode: 2, stdout: '' });
    expect(r.stderr).toBe(
      'keylint: hook install: .husky/ exists but husky is not active (git config core.hooksPath is unset), so a hook there would never run; run `npm install --save-dev husky && npx husky` and then keylint hook install again (or delete .husky/ to use .git/hooks)\n',
    );
    expect(existsSync(join(dir, '.husky', 'pre-push'))).toBe(false);
  });

  it('activates an installed husky that is not active yet, and the hook then runs on commit', async () => {
    const repo = gitRepo(dir);
    writeFileSync(join(dir, 'package.json'), '{"name":"app","private":true}\n');
    mkdirSync(join(dir, '.husky'));
    writeFileSync(join(dir, '.husky', 'pre-commit'), 'echo ran-user-hook >> hook.log\n');
    huskyStandIn(dir);
    const r = await runCli(['hook', 'install'], { cwd: dir });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(
      'keylint: activated husky (git config core.hooksPath .husky/_), as `npx husky` would\nkeylint: added keylint to the existing pre-commit hook: .husky/pre-commit\n',
    );
    expect(repo.git('config', 'core.hooksPath')).toBe('.husky/_');
    // git now runs .husky/pre-commit through husky's stub: the user's line runs, then keylint's (no keylint here: the warning said so).
    expect(r.stderr).toMatch(/^keylint: warning: keylint is not in this project's node_modules, so the hook runs the `keylint` on PATH/);
    writeFileSync(join(dir, 'a.txt'), 'x\n');
    repo.git('add', 'a.txt');
    expect(() => repo.git('commit', '-q', '-m', 'a')).toThrow();
    expect(readFileSync(join(dir, 'hook.log'), 'utf8')).toBe('ran-user-hook\n');
  });

  it('refuses when husky 9 is active but its stub for the hook is missing', async () => {
    const repo = gitRepo(dir);
    mkdirSync(join(dir, '.husky', '_'), { recursive: true });
    repo.git('config', 'core.hooksPath', '.husky/_');
    const r = await runCli(['hook', 'install', '--hook', 'pre-push'], { cwd: dir });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe(
      "keylint: hook install: core.hooksPath is .husky/_ but .husky/_/pre-push is missing, so git would not run .husky/pre-push; run `npx husky` to restore husky's files, then keylint hook install again\n",
    );
  });

  it('writes to the husky folder core.hooksPath names, even in a subfolder', async () => {
    const repo = gitRepo(dir);
    mkdirSync(join(dir, 'web', '.husky', '_'), { recursive: true });
    writeFileSync(join(dir, 'web', '.husky', '_', 'pre-commit'), '#!/usr/bin/env sh\n. "$(dirname "$0")/h"\n', { mode: 0o755 });
    repo.git('config', 'core.hooksPath', 'web/.husky/_');
    const r = await runCli(['hook', 'install'], { cwd: dir });
    expect(r.stdout).toBe('keylint: installed the pre-commit hook: web/.husky/pre-commit\n');
    expect(readFileSync(join(dir, 'web', '.husky', 'pre-commit'), 'utf8')).toContain('keylint staged\n');
  });

  it('writes to core.hooksPath when it is set, though a .husky folder exists', async () => {
    const repo = gitRepo(dir);
    mkdirSync(join(dir, '.husky'));
    repo.git('config', 'core.hooksPath', '.githooks');
    const r = await runCli(['hook', 'install'], { cwd: dir });
    expect(r.stdout).toBe('keylint: installed the pre-commit hook: .githooks/pre-commit\n');
    expect(readFileSync(join(dir, '.githooks', 'pre-commit'), 'utf8')).toMatch(/^#!\/bin\/sh\n/);
  });

  it('appends to an existing shell hook, keeping what it did', async () => {
    gitRepo(dir);
    writeFileSync(hookFile(), '#!/bin/sh\nnpm test\n', { mode: 0o755 });
    const r = await runCli(['hook', 'install'], { cwd: dir });
    expect(r.stdout).toBe('keylint: added keylint to the existing pre-commit hook: .git/hooks/pre-commit\n');
    expect(readFileSync(hookFile(), 'utf8')).toMatch(/^#!\/bin\/sh\nnpm test\n\n# keylint: .*\nkeylint staged\n$/);
  });

  it('stops on a hook it cannot extend, and replaces it only with --force (keeping a backup)', async () => {
    gitRepo(dir);
    const python = '#!/usr/bin/env python3\nprint("checks")\n';
    writeFileSync(hookFile(), python, { mode: 0o755 });
    const r = await runCli(['hook', 'install'], { cwd: dir });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/^keylint: hook install: \.git\/hooks\/pre-commit already exists and is not a shell script .*--force.*\n$/);
    expect(readFileSync(hookFile(), 'utf8')).toBe(python);
    const forced = await runCli(['hook', 'install', '--force'], { cwd: dir });
    expect(forced.exitCode).toBe(0);
    expect(readFileSync(hookFile(), 'utf8')).toContain('keylint staged');
    expect(readFileSync(`${hookFile()}.keylint-backup`, 'utf8')).toBe(python);
  });
});
