import type { Chunk } from '../types.js';

// A secret-named key written inside a JSON-encoded string: `"{\"access_token\":\"…\"}"` in a
// recorded HTTP response (VCR cassettes, fixtures, logs). The escaped quotes hide the
// `"key": "value"` shape the rules look for.
const ESCAPED_SECRET_KEY = /\\"[\w.-]*(?:token|secret|password|passwd|pwd|key|credential|auth)[\w.-]*\\"[ \t]*:/i;
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/' };
const MAX_LINE = 100_000;

/** A line's text with `\"` unescaped, and a map from its offsets back to the original chunk. */
export interface UnescapedLine {
  chunk: Chunk;
  toOriginal: (offset: number) => number;
}

/** Lines holding JSON-encoded objects with secret-named keys, unescaped for scanning. */
export function escapedJsonLines(chunk: Chunk): UnescapedLine[] {
  if (chunk.path.endsWith('.ipynb') || !chunk.text.includes('\\"')) return [];
  const out: UnescapedLine[] = [];
  const src = chunk.text;
  let lineStart = 0;
  while (lineStart < src.length) {
    let lineEnd = src.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = src.length;
    if (lineEnd - lineStart <= MAX_LINE) {
      const line = src.slice(lineStart, lineEnd);
      if (ESCAPED_SECRET_KEY.test(line)) out.push(unescapeLine(chunk.path, line, lineStart));
    }
    lineStart = lineEnd + 1;
  }
  return out;
}

function unescapeLine(path: string, line: string, base: number): UnescapedLine {
  let text = '';
  const origin: number[] = [];
  for (let i = 0; i < line.length; i++) {
    const next = line[i + 1];
    if (line[i] === '\\' && next !== undefined && ESCAPES[next] !== undefined) {
      text += ESCAPES[next];
      origin.push(base + i);
      i++;
    } else {
      text += line[i];
      origin.push(base + i);
    }
  }
  origin.push(base + line.length);
  return { chunk: { path, text }, toOriginal: (offset) => origin[Math.min(offset, origin.length - 1)]! };
}
