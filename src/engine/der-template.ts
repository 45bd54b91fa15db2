/**
 * Synthetic private keys for rule examples and fixtures: DER structures with the real
 * outline (PKCS#1 RSA, SEC1 EC, PKCS#8 Ed25519) filled from a seeded generator, so they
 * decode like keys, expand the same way on every run, and are no one's key.
 */

function derLength(n: number): number[] {
  if (n < 0x80) return [n];
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return [0x80 | bytes.length, ...bytes];
}

function tlv(tag: number, content: number[]): number[] {
  return [tag, ...derLength(content.length), ...content];
}

function randomBytes(next: () => number, n: number): number[] {
  return Array.from({ length: n }, () => Math.floor(next() * 256));
}

/** A positive INTEGER of `n` bytes with its top bit set (as RSA moduli are). */
function bigInteger(next: () => number, n: number): number[] {
  const bytes = randomBytes(next, n);
  bytes[0] = bytes[0]! | 0x80;
  return tlv(0x02, [0x00, ...bytes]);
}

const INTEGER_0 = [0x02, 0x01, 0x00];
const INTEGER_1 = [0x02, 0x01, 0x01];
const OID_P256 = [0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];
const OID_ED25519 = [0x06, 0x03, 0x2b, 0x65, 0x70];

const BUILDERS: Record<string, (next: () => number) => number[]> = {
  // RSAPrivateKey (RFC 8017): version, n, e, d, p, q, dP, dQ, qInv: a 2048-bit shape.
  rsa: (next) =>
    tlv(0x30, [
      ...INTEGER_0,
      ...bigInteger(next, 256),
      0x02,
      0x03,
      0x01,
      0x00,
      0x01,
      ...bigInteger(next, 256),
      ...bigInteger(next, 128),
      ...bigInteger(next, 128),
      ...bigInteger(next, 128),
      ...bigInteger(next, 128),
      ...bigInteger(next, 128),
    ]),
  // ECPrivateKey (RFC 5915) on P-256: version 1, 32-byte key, curve, public point.
  ec: (next) =>
    tlv(0x30, [...INTEGER_1, ...tlv(0x04, randomBytes(next, 32)), ...tlv(0xa0, OID_P256), ...tlv(0xa1, tlv(0x03, [0x00, 0x04, ...randomBytes(next, 64)]))]),
  // PKCS#8 PrivateKeyInfo (RFC 8410) for Ed25519.
  ed25519: (next) => tlv(0x30, [...INTEGER_0, ...tlv(0x30, OID_ED25519), ...tlv(0x04, tlv(0x04, randomBytes(next, 32)))]),
};

/** `rsa`, `ec`, `ed25519`, optionally `:escaped` (lines joined with a literal `\n`, as in JSON strings): a PEM body. */
export function derTemplate(arg: string, next: () => number): string {
  const [kind, style] = arg.split(':');
  const build = BUILDERS[kind ?? ''];
  if (!build || (style !== undefined && style !== 'escaped')) throw new Error(`bad der template "${arg}"`);
  const base64 = Buffer.from(build(next)).toString('base64');
  const lines = base64.match(/.{1,64}/g) ?? [];
  return lines.join(style === 'escaped' ? '\\n' : '\n');
}
