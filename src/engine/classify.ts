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
  // The enclosing object adds what follows the value (a Firebase config's markers come after apiKey).
  if (cond.context && !cond.context.test(context.window) && !(context.structure?.enclosing !== undefined && cond.context.test(context.structure.enclosing))) return false;
  if (cond.line && !cond.line.test(context.line)) return false;
  if (cond.path && !cond.path.test(path)) return false;
  if (cond.claims) {
    if (!claims) return false;
    for (const [k, v] of Object.entries(cond.claims)) if (String(claims[k]) !== v) return false;
  }
  return true;
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
