import { createRequire } from 'node:module';
import { KeylintError } from '../engine/errors.js';

/**
 * The webhook's server and database libraries are optional peer dependencies: a project that
 * only lints never installs them. They are loaded on first use, and a missing one is a one-line
 * error that says what to install instead of a stack trace.
 */
export class MissingPeerError extends KeylintError {
  override name = 'MissingPeerError';
}

const load = createRequire(import.meta.url);

/** Loads the CommonJS package `name` for `purpose`, or throws the install hint. */
export function requirePeer<T>(name: string, range: string, purpose: string): T {
  try {
    return load(name) as T;
  } catch (e) {
    if (isNotFound(e, name)) {
      throw new MissingPeerError(`${purpose} needs the optional package ${name}: install it with \`npm install ${name}@${range}\``);
    }
    throw e;
  }
}

function isNotFound(e: unknown, name: string): boolean {
  const err = e as NodeJS.ErrnoException;
  // Only the package itself missing: a broken install of one of its own dependencies is a different error.
  return err?.code === 'MODULE_NOT_FOUND' && err.message.includes(`'${name}'`);
}
