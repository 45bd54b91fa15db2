import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';
import { gitRepo } from '../sources/git/helpers.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir('keylint-hook-')));
afterEach(() => cleanup());

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

  it("runs the project's own bin directly, not through npx", async () => {
    gitRepo(dir);
    mkdirSync(join(dir, 'node_modules', '.bin'), { recursive: true });
    writeFileSync(join(dir, 'node_modules', '.bin', 'keylint'), '#!/bin/sh\n', { mode: 0o755 });
    await runCli(['hook', 'install'], { cwd: dir });
    expect(readFileSync(hookFile(), 'utf8')).toMatch(/\nnode_modules\/\.bin\/keylint staged\n$/);
  });

  it('writes .husky/pre-commit when the repository uses husky', async () => {
    gitRepo(dir);
    mkdirSync(join(dir, '.husky'));
    const r = await runCli(['hook', 'install', '--hook', 'pre-push'], { cwd: dir });
    expect(r.stdout).toBe('keylint: installed the pre-push hook: .husky/pre-push\n');
    expect(readFileSync(join(dir, '.husky', 'pre-push'), 'utf8')).toContain('keylint pre-push "$@"\n');
  });

  it('writes to the husky folder core.hooksPath names, even in a subfolder', async () => {
    const repo = gitRepo(dir);
    mkdirSync(join(dir, 'web', '.husky', '_'), { recursive: true });
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
