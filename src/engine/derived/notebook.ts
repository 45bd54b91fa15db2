import type { Chunk } from '../types.js';

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', "'": "'", '\\': '\\', '/': '/' };

/**
 * Jupyter notebooks are JSON: code sits inside JSON strings, so `"key = \"value\"\n"` hides
 * the quotes rules look for. The unescaped text is scanned, and `toOriginal` maps its
 * offsets back so findings land on the notebook's own lines and columns.
 */
export function unescapeNotebook(chunk: Chunk): { chunk: Chunk; toOriginal: (offset: number) => number } | undefined {
  if (!chunk.path.endsWith('.ipynb')) return undefined;
  const src = chunk.text;
  let text = '';
  const origin: number[] = [];
  for (let i = 0; i < src.length; i++) {
    const next = src[i + 1];
    if (src[i] === '\\' && next !== undefined && ESCAPES[next] !== undefined) {
      // A JSON "\n" ends a source line inside one notebook line: a space keeps the notebook's line numbers.
      text += next === 'n' || next === 'r' ? ' ' : ESCAPES[next];
      origin.push(i);
      i++;
    } else {
      text += src[i];
      origin.push(i);
    }
  }
  origin.push(src.length);
  return { chunk: { path: chunk.path, text }, toOriginal: (offset) => origin[Math.min(offset, origin.length - 1)]! };
}
