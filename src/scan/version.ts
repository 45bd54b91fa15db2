import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** keylint's version, read from the package manifest it ships with. */
export const VERSION: string = (() => {
  // A bundle (the Action's) has no manifest beside it: scripts/build-action.mjs defines the version.
  const bundled = (globalThis as { KEYLINT_BUNDLE_VERSION?: string }).KEYLINT_BUNDLE_VERSION;
  if (bundled) return bundled;
  try {
    const pkg = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
})();
