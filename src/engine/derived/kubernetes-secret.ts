import type { Chunk } from '../types.js';
import { printableText } from './encoded.js';
import type { DerivedChunk } from './types.js';

const SECRET_KIND = /^kind:\s*["']?Secret["']?\s*$/m;
// `data:` block entries: an indented `key: base64value` line.
const DATA_ENTRY = /^([ \t]+)([\w.-]+):[ \t]*["']?([A-Za-z0-9+/]{4,}={0,2})["']?[ \t]*$/;
// `stringData:` block entries hold the value as plain text.
const STRING_DATA_ENTRY = /^([ \t]+)([\w.-]+):[ \t]*["']?([^\s"'#][^"'#]*?)["']?[ \t]*$/;
// Every value in a Secret is secret, whatever its key is called: a name the generic rules read
// as a credential's keeps them from dropping a value stored under `api` or `DB_PASS`.
const SECRETISH = /pass|pwd|secret|token|key|credential/i;
// Keys that store the non-secret half of a login or an address: scanned under their own name.
const METADATA_KEY = /(?:user(?:name)?|login|host(?:name)?|port|url|uri|endpoint|server|database|db|name|region|email|bucket|namespace)$/i;

/**
 * Kubernetes Secret manifests hold their values base64-encoded under `data:`: decode each
 * value and scan it as `key: value`, reporting findings at the encoded value's place.
 */
export function kubernetesSecretValues(chunk: Chunk): DerivedChunk[] {
  if (!/\.(?:ya?ml|json)$/i.test(chunk.path) || !SECRET_KIND.test(chunk.text)) return [];
  const out: DerivedChunk[] = [];
  // Each YAML document separately: a file may hold several manifests.
  const separators = [...chunk.text.matchAll(/^---[^\n]*$/gm)].map((m) => m.index);
  const bounds = [0, ...separators, chunk.text.length];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const doc = chunk.text.slice(bounds[i], bounds[i + 1]);
    if (SECRET_KIND.test(doc)) out.push(...decodeDataBlock(chunk.path, doc, bounds[i]!));
  }
  return out;
}

function decodeDataBlock(path: string, doc: string, base: number): DerivedChunk[] {
  const out: DerivedChunk[] = [];
  const lines = doc.split('\n');
  let pos = 0;
  let inData = false;
  let plain = false;
  let dataIndent = -1;
  for (const line of lines) {
    const lineStart = pos;
    pos += line.length + 1;
    const block = /^(data|stringData):\s*$/.exec(line);
    if (block) {
      inData = true;
      plain = block[1] === 'stringData';
      dataIndent = -1;
      continue;
    }
    if (!inData) continue;
    if (/^\S/.test(line)) {
      inData = false;
      continue;
    }
    const m = (plain ? STRING_DATA_ENTRY : DATA_ENTRY).exec(line.replace(/\r$/, ''));
    if (!m) continue;
    const indent = m[1]!.length;
    if (dataIndent < 0) dataIndent = indent;
    if (indent !== dataIndent) continue;
    const value = plain ? m[3]! : Buffer.from(m[3]!, 'base64').toString('utf8');
    if (!printableText(value) || value.trim().length < 4) continue;
    const valueStart = base + lineStart + line.indexOf(m[3]!, m[1]!.length + m[2]!.length);
    const key = SECRETISH.test(m[2]!) || METADATA_KEY.test(m[2]!) ? m[2]! : `${m[2]}_secret`;
    out.push({
      chunk: { path, text: `${key}: ${value}\n` },
      origin: { start: valueStart, end: valueStart + m[3]!.length },
      note: plain ? `the value of stringData.${m[2]} in this Kubernetes Secret` : `decoded from the base64 value of data.${m[2]} in this Kubernetes Secret`,
      ...(!plain && { decoded: ['base64'] }),
    });
  }
  return out;
}
