import { supabaseByRole } from './classification/jwt-issuer.js';
import { browserExposure, type MatchContext } from './context.js';
import type { ClassifyWhen, CompiledRule, Kind, Severity } from './types.js';

export interface Classification {
  kind: Kind;
  severity: Severity;
  reason: string;
}

export interface ClassifyInput {
  rule: CompiledRule;
  path: string;
  text: string;
  context: MatchContext;
  claims?: Record<string, unknown>;
}

// A name that asks for a secret: a publishable key here means the wrong key was pasted.
const SECRET_NAME = /secret|private|server|admin|service[_-]?role/i;
const PUBLIC_NAME = /publishable|public|client|browser|anon/i;
const PUBLISHABLE_NAME = /publishable/i;

function holds(cond: ClassifyWhen, input: ClassifyInput): boolean {
  const { context, path, claims } = input;
  if (cond.name && !(context.name !== undefined && cond.name.test(context.name))) return false;
  if (cond.context && !cond.context.test(surroundings(context))) return false;
  if (cond.line && !cond.line.test(context.line)) return false;
  if (cond.path && !cond.path.test(path)) return false;
  if (cond.claims) {
    if (!claims) return false;
    for (const [k, v] of Object.entries(cond.claims)) if (String(claims[k]) !== v) return false;
  }
  return true;
}

/**
 * The code a context condition reads. Where the file's structure is known: the value's line
 * and the whole enclosing object (both directions: a Firebase config names its markers after
 * apiKey), and in program code also the statement's paragraph before the value (a builder
 * chain) and the file's imports (a browser-only Maps loader makes the file client code).
 * Otherwise the lines before the value. Not the whole window: a server-side Gemini key a paragraph below a
 * Firebase config is not part of it.
 */
function surroundings(context: MatchContext): string {
  const structure = context.structure;
  if (structure?.enclosing === undefined) return context.window;
  if (!structure.code) return `${context.line}\n${structure.enclosing}`;
  return [context.imports ?? '', paragraphBefore(context.window), structure.enclosing].join('\n');
}

/** The window's last lines up to the first blank line: the statement or group the value's line belongs to. */
function paragraphBefore(window: string): string {
  const lines = window.split('\n');
  let first = lines.length - 1;
  while (first > 0 && lines[first - 1]!.trim() !== '') first--;
  return lines.slice(first).join('\n');
}

/**
 * Decides whether a match is a secret or a publishable key, how severe it is, and
 * why, from the rule, the decoded structure (claims) and the surrounding code.
 */
export function classify(input: ClassifyInput): Classification {
  const { rule, path, text, context } = input;
  const matched = rule.when.find((cond) => holds(cond, input));
  let kind = matched?.kind ?? rule.kind;
  let severity: Severity = matched?.severity ?? (matched?.kind && matched.kind !== rule.kind ? defaultSeverity(kind) : rule.severity);
  let reason = matched?.reason ?? rule.reason;
  // The token's own claims outrank the rule that happened to match it (a generic JWT rule, say).
  const byClaims = supabaseByRole(input.claims);
  if (byClaims) ({ kind, severity, reason } = byClaims);
  else if (kind === 'secret' && rule.generic && context.name && PUBLISHABLE_NAME.test(context.name) && !SECRET_NAME.test(context.name)) {
    // A value a generic rule cannot place, under a name that says it is the publishable half of a pair.
    kind = 'publishable';
    severity = 'info';
    reason = `assigned to ${context.name}, which names a publishable key: it ships to clients by design (make sure the matching secret key is not also in client code)`;
  }

  if (kind === 'secret') {
    const exposure = browserExposure(path, text, context.name);
    if (exposure) {
      severity = 'critical';
      reason = `${reason}; ${exposure}, so every visitor can read it: revoke it and move it server-side`;
    }
  } else if (context.name && SECRET_NAME.test(context.name) && !PUBLIC_NAME.test(context.name)) {
    severity = 'low';
    reason = `${reason}; but it is assigned to ${context.name}, which expects a secret: a publishable key cannot do a secret key's job, so the wrong key was likely pasted`;
  }
  return { kind, severity, reason };
}

export function defaultSeverity(kind: Kind): Severity {
  return kind === 'secret' ? 'high' : 'info';
}
