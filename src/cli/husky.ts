import { execFile } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { KeylintError } from '../engine/index.js';

const run = promisify(execFile);

/** The exact commands that make a `.husky/` folder live, for messages. */
export const HUSKY_FIX = 'npm install --save-dev husky && npx husky';

/** husky as installed in the project at `top`: where its bin is and its major version, or undefined. */
function installedHusky(top: string): { bin: string; major: number } | undefined {
  try {
    const manifestPath = createRequire(join(top, 'package.json')).resolve('husky/package.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { version?: string; bin?: string | Record<string, string> };
    const bin = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin?.husky;
    if (!bin) return undefined;
    return { bin: resolve(dirname(manifestPath), bin), major: Number.parseInt(manifest.version ?? '0', 10) };
  } catch {
    return undefined;
  }
}

/**
 * A `.husky/` folder does nothing until husky sets `core.hooksPath` (its `prepare` script does
 * that on `npm install`). A hook written there before would never run, so: run the project's
 * own husky the way its `prepare` script would, or refuse with the commands that do it.
 * Returns the hooksPath husky set.
 */
export async function activateHusky(top: string, hooksPath: () => Promise<string>): Promise<string> {
  const husky = installedHusky(top);
  if (!husky) {
    throw new KeylintError(
      `hook install: .husky/ exists but husky is not active (git config core.hooksPath is unset), so a hook there would never run; run \`${HUSKY_FIX}\` and then keylint hook install again (or delete .husky/ to use .git/hooks)`,
    );
  }
  // husky 9 installs with no argument; 5-8 with `husky install`.
  const args = husky.major >= 9 ? [] : ['install'];
  try {
    await run(process.execPath, [husky.bin, ...args], { cwd: top, env: { ...process.env, HUSKY: '' } });
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new KeylintError(
      `hook install: running husky to activate .husky/ failed (${(err.stderr || err.message).trim().split('\n')[0]}); run \`npx husky\` yourself, then keylint hook install again`,
    );
  }
  const set = await hooksPath();
  if (!set) throw new KeylintError(`hook install: husky ran but did not set core.hooksPath; run \`npx husky\` yourself, then keylint hook install again`);
  return set;
}

/** With husky 9 (core.hooksPath `.husky/_`) git runs `_/<hook>`, a stub husky writes that calls `.husky/<hook>`: without it the hook never runs. */
export function huskyStubMissing(top: string, hooksPath: string, hook: string): string | undefined {
  if (!/(?:^|\/)_\/?$/.test(hooksPath)) return undefined;
  const stub = resolve(top, hooksPath, hook);
  return existsSync(stub) && (statSync(stub).mode & 0o111) !== 0 ? undefined : stub;
}
