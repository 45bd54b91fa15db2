import { createRequire } from 'node:module';
import type * as SmolToml from 'smol-toml';

let toml: typeof SmolToml | undefined;

/**
 * smol-toml's parse, loaded on first use: a run with no config file and a current
 * built-in rule snapshot parses no TOML at all.
 */
export function parseToml(text: string): unknown {
  toml ??= createRequire(import.meta.url)('smol-toml') as typeof SmolToml;
  return toml.parse(text);
}
