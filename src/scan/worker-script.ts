import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A compiled worker script of src/scan/ (`worker.js`, `read-ahead-worker.js`): beside this
 * module in dist/ (or dist-action/, where the bundles sit side by side), or undefined. Under
 * the test runner this module is loaded from src/, where only the TypeScript source exists,
 * so it falls back to the built copy in dist/ (test/global-setup.ts rebuilds it whenever the
 * sources changed).
 */
export function workerScript(name: string): string | undefined {
  const here = dirname(fileURLToPath(import.meta.url));
  return [join(here, name), join(here, '..', '..', 'dist', 'scan', name)].find((p) => existsSync(p));
}
