import type { Validation } from '../types.js';

const HEADER = /-----BEGIN ([A-Z0-9 _-]*?)-----/;
const FOOTER = /-----END [A-Z0-9 _-]*?-----/;
// RFC 1421 / RFC 4880 armor headers: `Proc-Type: 4,ENCRYPTED`, `DEK-Info: …`, `Version: …`, `Comment: …`.
const ARMOR_HEADER = /^[A-Za-z][\w-]*:\s/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const OPENSSH_MAGIC = 'openssh-key-v1\0';
// The smallest real private keys: Ed25519 in PKCS#8 is 48 bytes, a bare OpenSSH one about 100.
const MIN_DER_BYTES = 40;

/**
 * The base64 body between a PEM header and footer, or undefined when it is not base64.
 * Tolerates the ways keys are embedded: escaped `\n` in JSON strings, string literals
 * joined with `+` across lines, indentation, and armor headers.
 */
export function pemBody(pem: string): { label: string; body: string; encrypted: boolean } | undefined {
  const header = HEADER.exec(pem);
  if (!header) return undefined;
  const afterHeader = pem.slice(header.index + header[0].length);
  const footer = FOOTER.exec(afterHeader);
  const inner = (footer ? afterHeader.slice(0, footer.index) : afterHeader).replace(/\\r|\\n/g, '\n');
  let encrypted = false;
  const parts: string[] = [];
  for (const raw of inner.split('\n')) {
    // `"MIIE…" +`, `'…\n' +`, `  …,` : strip what a string literal adds around a base64 line.
    // A bare base64 line may end in `+`: only a quote marks literal syntax to strip.
    const line = raw
      .trim()
      .replace(/^\+?\s*["'`]/, '')
      .replace(/["'`]\s*[+,;)]*$|\s*\\$/, '');
    if (/^[\s+,;()]*$/.test(line)) continue;
    if (ARMOR_HEADER.test(line)) {
      if (/ENCRYPTED/i.test(line)) encrypted = true;
      continue;
    }
    // The OpenPGP armor checksum line: `=` and 4 base64 characters.
    if (/^=[A-Za-z0-9+/]{4}$/.test(line)) continue;
    parts.push(line);
  }
  const body = parts.join('');
  if (!BASE64.test(body)) return undefined;
  return { label: header[1]!, body, encrypted };
}

/** The length a DER element declares (header included), or undefined when the bytes cannot be DER. */
function derLength(bytes: Uint8Array): number | undefined {
  if (bytes.length < 2) return undefined;
  const first = bytes[1]!;
  if (first < 0x80) return 2 + first;
  const n = first & 0x7f;
  if (n === 0 || n > 4 || bytes.length < 2 + n) return undefined;
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + bytes[2 + i]!;
  return 2 + n + len;
}

/**
 * A PEM private key is real only if its body decodes to the structure its label
 * promises: a DER SEQUENCE opening with a version INTEGER (PKCS#1, SEC1, PKCS#8) or an
 * algorithm SEQUENCE (encrypted PKCS#8), whose declared length the body holds in full;
 * an OpenSSH key's magic; an OpenPGP packet. Truncated documentation fragments
 * (`MIIEow…` then `...`) and prose between a stray header and footer drop out.
 */
export function privateKey(pem: string): Validation {
  const parsed = pemBody(pem);
  if (!parsed) return { valid: false, note: 'the PEM body is not base64' };
  const bytes = Buffer.from(parsed.body, 'base64');
  if (parsed.label.includes('OPENSSH')) {
    return bytes.subarray(0, OPENSSH_MAGIC.length).toString('latin1') === OPENSSH_MAGIC
      ? { valid: true, note: 'decodes to an OpenSSH private key' }
      : { valid: false, note: 'no openssh-key-v1 header in the body' };
  }
  if (parsed.label.includes('PGP')) {
    return bytes.length >= MIN_DER_BYTES && (bytes[0]! & 0x80) !== 0
      ? { valid: true, note: 'decodes to an OpenPGP packet' }
      : { valid: false, note: 'the body is not an OpenPGP packet' };
  }
  // Legacy encrypted PEM (Proc-Type: 4,ENCRYPTED): the body is ciphertext, only its size tells.
  if (parsed.encrypted) {
    return bytes.length >= MIN_DER_BYTES ? { valid: true, note: 'an encrypted PEM private key' } : { valid: false, note: 'too short for an encrypted key' };
  }
  if (bytes.length < MIN_DER_BYTES) return { valid: false, note: `${bytes.length} bytes: too short for a private key` };
  if (bytes[0] !== 0x30) return { valid: false, note: 'the body is not a DER SEQUENCE' };
  const declared = derLength(bytes);
  if (declared === undefined) return { valid: false, note: 'the body is not DER' };
  if (declared > bytes.length) return { valid: false, note: `truncated: the DER header declares ${declared} bytes, the body holds ${bytes.length}` };
  const innerTag = bytes[2 + (bytes[1]! < 0x80 ? 0 : bytes[1]! & 0x7f)];
  if (innerTag !== 0x02 && innerTag !== 0x30) return { valid: false, note: 'the DER SEQUENCE does not open with a version or algorithm' };
  return { valid: true, note: 'decodes to a DER private key structure' };
}
