import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../../..');

/**
 * Compiles the child entry (and only what it imports) to plain JS for `node` to run.
 * The output lives under node_modules/.cache so the child resolves the project's packages.
 */
export function buildServeChild(): string {
  const out = join(ROOT, 'node_modules', '.cache', `keylint-webhook-child-${process.pid}`);
  mkdirSync(out, { recursive: true });
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const args = [
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
    'test/webhook/child/serve-child.ts',
  ];
  execFileSync(process.execPath, args, { cwd: ROOT, stdio: 'pipe', timeout: 120_000 });
  const entry = join(out, 'test', 'webhook', 'child', 'serve-child.js');
  if (!existsSync(entry)) throw new Error(`child build produced no ${entry}`);
  return entry;
}
