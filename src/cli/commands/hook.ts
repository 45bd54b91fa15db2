import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { KeylintError } from '../../engine/index.js';
import { openRepo } from '../../sources/git/git.js';
import type { CommandSpec } from '../command.js';
import { activateHusky, huskyStubMissing } from '../husky.js';
import { EXIT_CLEAN, type CliIO } from '../io.js';

const HOOKS = ['pre-commit', 'pre-push'] as const;
type HookName = (typeof HOOKS)[number];

type HookArgs = { action: 'install'; force: boolean; hook: HookName };

/** What a hook asks keylint to do. */
const ARGS: Record<HookName, string> = {
  'pre-commit': 'staged',
  'pre-push': 'pre-push "$@"',
};

/**
 * How a hook starts keylint: the project's own bin (the nearest node_modules/.bin/keylint
 * from `from` up to the repository's top), run directly, since `npx` costs about 300 ms on
 * every commit; written relative to the top, where git runs hooks, so a committed husky
 * hook works in every clone. Without a local install, the `keylint` on PATH.
 */
function launcher(top: string, from: string): string {
  for (let d = resolve(from); ; d = dirname(d)) {
    const bin = resolve(d, 'node_modules', '.bin', 'keylint');
    if (existsSync(bin)) {
      const rel = relative(top, bin).split('\\').join('/');
      return rel.startsWith('..') || /[^\w./-]/.test(rel) ? 'keylint' : rel;
    }
    if (d === top || d === dirname(d)) return 'keylint';
  }
}

/**
 * The hook's command: the project's bin when it is there, else the `keylint` on PATH. A hook
 * committed under .husky/ also runs in clones that have not run `npm install` yet, where the
 * bin is missing: without the fallback every commit there would fail with "not found".
 */
function hookCommandLine(bin: string, args: string): string {
  if (bin === 'keylint') return `keylint ${args}`;
  return `if [ -x ${bin} ]; then ${bin} ${args}; else keylint ${args}; fi`;
}

const MARK = '# keylint: block secrets before they leave this machine (keylint hook install)';

/** Where the hook goes: `.husky/<hook>` when the repository uses husky, else git's hooks folder (honoring core.hooksPath). */
async function hookTarget(top: string, hook: HookName): Promise<{ file: string; husky: boolean; activated?: string }> {
  // Loaded here, not at startup: every keylint run imports this module.
  const { simpleGit } = await import('simple-git');
  const repo = simpleGit({ baseDir: top });
  const readHooksPath = async () => (await repo.getConfig('core.hooksPath')).value ?? '';
  const hooksPath = await readHooksPath();
  // husky sets core.hooksPath to its folder (v5-8) or the `_` folder in it (v9), which may be
  // a package's own folder in a monorepo: the hook goes where that points.
  const husky = /^((?:.*\/)?\.husky)(?:\/_)?\/?$/.exec(hooksPath);
  if (husky) return huskyTarget(top, hooksPath, husky[1]!, hook);
  // A .husky folder with no hooksPath: husky is not active yet; activate it or stop. Any other hooksPath is where git looks.
  const huskyDir = resolve(top, '.husky');
  if (!hooksPath && existsSync(huskyDir) && statSync(huskyDir).isDirectory()) {
    const activated = await activateHusky(top, readHooksPath);
    const now = /^((?:.*\/)?\.husky)(?:\/_)?\/?$/.exec(activated);
    if (!now) throw new KeylintError(`hook install: husky set core.hooksPath to ${activated}, not into .husky/; check your husky setup`);
    return { ...huskyTarget(top, activated, now[1]!, hook), activated };
  }
  return { file: resolve(top, (await repo.revparse(['--git-path', `hooks/${hook}`])).trim()), husky: false };
}

/** `<husky folder>/<hook>`, once git is known to run it. */
function huskyTarget(top: string, hooksPath: string, folder: string, hook: HookName): { file: string; husky: true } {
  const stub = huskyStubMissing(top, hooksPath, hook);
  if (stub)
    throw new KeylintError(
      `hook install: core.hooksPath is ${hooksPath} but ${relative(top, stub)} is missing, so git would not run .husky/${hook}; run \`npx husky\` to restore husky's files, then keylint hook install again`,
    );
  return { file: resolve(top, folder, hook), husky: true };
}

/** A hook keylint can extend: a POSIX shell script (husky's files may omit the shebang) that does not exit or exec before the end. */
function appendable(text: string, husky: boolean): boolean {
  const first = text.split('\n', 1)[0] ?? '';
  const shell = first.startsWith('#!') ? /\b(sh|bash|dash|zsh|ksh)\b/.test(first) : husky;
  return shell && !/^\s*(exec|exit)\b/m.test(text);
}

/** Installs (or extends) a hook that runs keylint; never overwrites one without --force. Returns what it did. */
export async function installHook(
  dir: string,
  hook: HookName,
  force: boolean,
): Promise<{ file: string; action: 'created' | 'appended' | 'present' | 'replaced'; backup?: string; activated?: string; keylintMissing: boolean }> {
  const repo = await openRepo(dir);
  const target = await hookTarget(repo.top, hook);
  const { file, husky } = target;
  const bin = launcher(repo.top, dir);
  const done = <T extends object>(r: T) => ({ ...r, ...(target.activated ? { activated: target.activated } : {}), keylintMissing: bin === 'keylint' });
  const line = hookCommandLine(bin, ARGS[hook]);
  const shown = relative(repo.top, file) || file;
  const script = `${husky ? '' : '#!/bin/sh\n'}${MARK}\n${line}\n`;
  mkdirSync(dirname(file), { recursive: true });
  if (!existsSync(file)) {
    writeFileSync(file, script, { mode: 0o755 });
    return done({ file, action: 'created' as const });
  }
  const text = readFileSync(file, 'utf8');
  if (text.includes(hook === 'pre-commit' ? 'keylint staged' : 'keylint pre-push')) return done({ file, action: 'present' as const });
  if (force) {
    const backup = `${file}.keylint-backup`;
    copyFileSync(file, backup);
    writeFileSync(file, script.startsWith('#!') || husky ? script : `#!/bin/sh\n${script}`);
    chmodSync(file, 0o755);
    return done({ file, action: 'replaced' as const, backup });
  }
  if (!appendable(text, husky)) {
    throw new KeylintError(
      `hook install: ${shown} already exists and is not a shell script keylint can safely extend; add "${line}" to it yourself, or run keylint hook install --force to replace it (a backup is kept)`,
    );
  }
  writeFileSync(file, `${text}${text.endsWith('\n') ? '' : '\n'}\n${MARK}\n${line}\n`);
  chmodSync(file, 0o755);
  return done({ file, action: 'appended' as const });
}

export const hookCommand: CommandSpec<HookArgs> = {
  command: 'hook <action>',
  describe: 'Install a git hook that runs keylint (husky when set up, else .git/hooks)',
  builder: (y: Argv) =>
    y
      .positional('action', { describe: 'what to do', choices: ['install'] as const, demandOption: true })
      .option('hook', {
        describe: 'which hook: pre-commit scans staged changes, pre-push the pushed commits',
        choices: HOOKS,
        default: 'pre-commit' as HookName,
      })
      .option('force', {
        describe: 'replace an existing hook keylint cannot extend (the old one is kept as <hook>.keylint-backup)',
        type: 'boolean',
        default: false,
      })
      .example('$0 hook install', 'block commits that add secrets')
      .example('$0 hook install --hook pre-push', 'also check each push') as unknown as Argv<HookArgs>,
  handler: async (args, io: CliIO) => {
    const r = await installHook(io.cwd, args.hook, args.force);
    const shown = relative(io.cwd, r.file) || r.file;
    const said = {
      created: `installed the ${args.hook} hook: ${shown}`,
      appended: `added keylint to the existing ${args.hook} hook: ${shown}`,
      present: `${shown} already runs keylint; nothing changed`,
      replaced: `replaced ${shown} (the old hook is in ${relative(io.cwd, r.backup ?? '') || r.backup})`,
    }[r.action];
    if (r.activated) io.stdout.write(`keylint: activated husky (git config core.hooksPath ${r.activated}), as \`npx husky\` would\n`);
    io.stdout.write(`keylint: ${said}\n`);
    if (r.keylintMissing)
      io.stderr.write(
        "keylint: warning: keylint is not in this project's node_modules, so the hook runs the `keylint` on PATH: run `npm install --save-dev keylint`, or commits fail at the hook where keylint is not installed\n",
      );
    return EXIT_CLEAN;
  },
};
