import type { Chunk } from '../types.js';
import { printableText } from './encoded.js';
import type { DerivedChunk } from './types.js';

const SECRET_KIND = /^kind:\s*["']?Secret["']?\s*$/m;
// `data:` block entries: an indented `key: base64value` line.
const DATA_ENTRY = /^([ \t]+)([\w.-]+):[ \t]*["']?([A-Za-z0-9+/]{4,}={0,2})["']?[ \t]*$/;


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
  let dataIndent = -1;
  for (const line of lines) {
    const lineStart = pos;
    pos += line.length + 1;
    if (/^data:\s*$/.test(line)) {
      inData = true;
      dataIndent = -1;
      continue;
    }
    if (!inData) continue;
    if (/^\S/.test(line)) {
      inData = false;
      continue;
    }
    const m = DATA_ENTRY.exec(line.replace(/\r$/, ''));
    if (!m) continue;
    const indent = m[1]!.length;
    if (dataIndent < 0) dataIndent = indent;
    if (indent !== dataIndent) continue;
    const decoded = Buffer.from(m[3]!, 'base64').toString('utf8');
    if (!printableText(decoded) || decoded.trim().length < 4) continue;
    const valueStart = base + lineStart + line.indexOf(m[3]!, m[1]!.length + m[2]!.length);
    out.push({
      chunk: { path, text: `${m[2]}: ${decoded}\n` },
      origin: { start: valueStart, end: valueStart + m[3]!.length },
      note: `decoded from the base64 value of data.${m[2]} in this Kubernetes Secret`,
      decoded: ['base64'],
    });
  }
  return out;
}
