import { join } from 'node:path';

// Kept apart from verify.ts so that reading these options costs a command nothing: the
// verification code (and its HTTP and signing dependencies) loads only when a run verifies.

/** Verification as a scan's options give it (flags; the config fills what they leave unset). */
export interface VerifyArgs {
  verify?: boolean;
  onlyVerified?: boolean;
  /** One `PROVIDER=URL` per --verify-endpoint given. */
  verifyEndpoint?: string | string[];
  verifyConcurrency?: number;
  verifyTimeout?: number;
  verifyCacheTtl?: number;
}

/** The cache folder for an environment: $KEYLINT_CACHE_DIR, else $XDG_CACHE_HOME/keylint, else ~/.cache/keylint. */
export function verifyCacheDir(env: NodeJS.ProcessEnv): string | undefined {
  if (env.KEYLINT_CACHE_DIR) return env.KEYLINT_CACHE_DIR;
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, 'keylint');
  return env.HOME ? join(env.HOME, '.cache', 'keylint') : undefined;
}
