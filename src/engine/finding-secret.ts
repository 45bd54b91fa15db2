import { shannonEntropy } from './entropy.js';
import { fingerprint } from './fingerprint.js';
import { redact } from './redact.js';
import type { Finding } from './types.js';

/** What a finding shows of its secret: a fingerprint, the redacted value and its entropy. */
export function secretFacts(ruleId: string, secret: string, entropy = shannonEntropy(secret)): Pick<Finding, 'fingerprint' | 'redacted' | 'entropy'> {
  return { fingerprint: fingerprint(ruleId, secret), redacted: redact(secret), entropy: Math.round(entropy * 100) / 100 };
}

/**
 * Gives a finding its raw value: reachable for filters (baselines, allowlists), but not
 * enumerable, so it never serializes, prints, or crosses to another thread by accident.
 */
export function attachSecret<T extends object>(finding: T, secret: string): T & { secret: string } {
  Object.defineProperty(finding, 'secret', { value: detached(secret), enumerable: false, writable: true, configurable: true });
  return finding as T & { secret: string };
}

/**
 * The same characters, held apart from the text they were cut from. V8 keeps a slice of a
 * string (a regex capture, `text.slice`) as a view that holds the whole text alive: a
 * finding kept until the report would keep its file's text, and a history's worth of kept
 * findings kept hundreds of megabytes that the collector had to copy and mark. Slicing a
 * fresh concatenation makes the view point at a copy no longer than the value.
 */
export function detached(value: string): string {
  return (' ' + value).slice(1);
}
