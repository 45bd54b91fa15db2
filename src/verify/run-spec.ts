import type { VerifyAnswer } from '../engine/index.js';
import { render } from './template.js';
import type { CheckInput, CheckResult, VerifyResponse } from './types.js';

/** The value at a dotted path (`data.viewer.id`) of parsed JSON. */
export function jsonPath(value: unknown, path: string): unknown {
  let at: unknown = value;
  for (const key of path.split('.')) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function matches(answer: VerifyAnswer, status: number, json: unknown): boolean {
  if (!answer.status.includes(status)) return false;
  if (answer.field === undefined) return true;
  const value = jsonPath(json, answer.field);
  return answer.equals === undefined ? value !== undefined && value !== null && value !== false : value === answer.equals;
}

/** A fact for `detail`, shortened and stripped of anything that could be the secret itself. */
function fact(value: unknown, secret: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const text = Array.isArray(value)
    ? value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join(' ')
    : typeof value === 'object'
      ? JSON.stringify(value)
      : String(value);
  if (text.includes(secret)) return undefined;
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** Reads a provider's answer with a spec's criteria: verified, invalid, or unknown (ambiguous). */
export function judge(input: Pick<CheckInput, 'spec' | 'secret'>, response: VerifyResponse): CheckResult {
  const { spec, secret } = input;
  const json = parseJson(response.text);
  if (matches(spec.invalid, response.status, json)) return { status: 'invalid', detail: `rejected (HTTP ${response.status})` };
  // Every provider with a request check answers JSON: a success status with any other body
  // (an HTML page from a proxy or a captive portal) proves nothing.
  if (json === undefined && spec.verified.status.includes(response.status)) {
    return { status: 'unknown', detail: `HTTP ${response.status} with a body that is not the provider's JSON` };
  }
  if (!matches(spec.verified, response.status, json)) {
    if (response.status >= 500) return { status: 'error', detail: `provider error (HTTP ${response.status})` };
    return { status: 'unknown', detail: `unexpected answer (HTTP ${response.status})` };
  }
  const facts: string[] = [];
  for (const [label, where] of Object.entries(spec.detail)) {
    const value = where.startsWith('header:') ? response.headers.get(where.slice('header:'.length)) : jsonPath(json, where);
    const shown = fact(value, secret);
    if (shown !== undefined) facts.push(`${label}: ${shown}`);
  }
  const result: CheckResult = { status: 'verified', ...(facts.length && { detail: facts.join('; ') }) };
  const rule = spec.publishableIf;
  if (rule) {
    const list = jsonPath(json, rule.field);
    if (Array.isArray(list) && list.length > 0 && list.every((v) => rule.onlyValues.includes(String(v)))) {
      result.kind = 'publishable';
      result.reason = rule.reason;
    }
  }
  return result;
}

/** Runs a spec's request template against the provider and judges the answer. */
export async function runRequestCheck(input: CheckInput): Promise<CheckResult> {
  const { spec, endpoint } = input;
  const values = { secret: input.secret, companions: input.companions };
  const url = render(endpoint, values, 'url') + render(spec.path, values, 'url');
  const headers: Record<string, string> = { 'user-agent': 'keylint-verify', accept: 'application/json' };
  for (const [name, value] of Object.entries(spec.headers)) headers[name.toLowerCase()] = render(value, values, 'none');
  if (spec.basic !== undefined) headers.authorization = `Basic ${Buffer.from(render(spec.basic, values, 'none')).toString('base64')}`;
  const body = spec.body === undefined ? undefined : render(spec.body, values, 'none');
  if (body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
  const response = await input.send({ method: spec.method, url, headers, body }, input.allowedHosts, spec.ratePerSecond);
  return judge(input, response);
}
