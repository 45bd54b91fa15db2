import { createRequire } from 'node:module';
import type Aws4 from 'aws4';
import type { CheckInput, CheckResult } from '../types.js';

let aws4: typeof Aws4 | undefined;

const BODY = 'Action=GetCallerIdentity&Version=2011-06-15';

function xmlValue(xml: string, tag: string): string | undefined {
  return new RegExp(`<${tag}>([^<]{1,256})</${tag}>`).exec(xml)?.[1];
}

/**
 * AWS STS GetCallerIdentity, signed with SigV4: it needs no permission at all, so any working
 * key pair answers with its account and ARN. The pair comes from the two findings (access key
 * id and secret access key) in the same file.
 */
export async function awsStsCheck(input: CheckInput): Promise<CheckResult> {
  const accessKeyId = input.companions.keyId ?? input.secret;
  const secretAccessKey = input.companions.secretKey ?? input.secret;
  const url = new URL(input.endpoint.replace(/\/+$/, '') + '/');
  // Loaded here, not at startup: the staged hook's bundle holds this module, where a static import would load aws4 on every commit.
  aws4 ??= createRequire(import.meta.url)('aws4') as typeof Aws4;
  const signed = aws4.sign(
    {
      host: url.host,
      path: url.pathname,
      method: 'POST',
      service: 'sts',
      region: 'us-east-1',
      body: BODY,
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    },
    { accessKeyId, secretAccessKey },
  );
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(signed.headers ?? {})) {
    // fetch sets these itself and refuses some of them.
    if (value !== undefined && !/^(host|content-length)$/i.test(name)) headers[name.toLowerCase()] = String(value);
  }
  const response = await input.send({ method: 'POST', url: url.toString(), headers, body: BODY }, input.allowedHosts, input.spec.ratePerSecond);
  if (response.status === 200) {
    const arn = xmlValue(response.text, 'Arn');
    if (!arn) return { status: 'unknown', detail: 'HTTP 200 without a GetCallerIdentity result' };
    return { status: 'verified', detail: `arn: ${arn}` };
  }
  const code = xmlValue(response.text, 'Code');
  if (response.status === 403 && code && /InvalidClientTokenId|SignatureDoesNotMatch|AccessDenied|ExpiredToken/.test(code)) {
    return { status: 'invalid', detail: `rejected (${code})` };
  }
  if (response.status >= 500) return { status: 'error', detail: `provider error (HTTP ${response.status})` };
  return { status: 'unknown', detail: `unexpected answer (HTTP ${response.status}${code ? ` ${code}` : ''})` };
}
