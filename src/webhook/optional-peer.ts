import { createRequire } from 'node:module';
import { missingPeer } from '../engine/errors.js';

// The webhook's server and database libraries are optional peer dependencies: a project that
// only lints never installs them. They are loaded on first use, and a missing one is a
// one-line error that says what to install instead of a stack trace.
const load = createRequire(import.meta.url);

/** Loads the CommonJS package `name` for `purpose`, or throws the install hint. */
export function requirePeer<T>(name: string, range: string, purpose: string): T {
  try {
    return load(name) as T;
  } catch (e) {
    throw missingPeer(e, name, range, purpose) ?? e;
  }
}
