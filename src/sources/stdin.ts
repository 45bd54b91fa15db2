import type { Readable } from 'node:stream';
import { decodeText } from './content.js';

/** Standard input as one chunk, and whether it ran past the size limit. */
export interface StdinChunk {
  path: string;
  text: string;
  bytes: number;
  /** Bytes that came after `maxBytes` and were not read: the chunk is only the start of the input. */
  truncated: boolean;
}

/**
 * Reads standard input, at most `maxBytes` of it, as one chunk labelled `label`. Reading
 * stops at the limit (the rest is left unread), so `keylint scan - < /dev/zero` ends
 * instead of filling memory.
 */
export async function readStdinChunk(stdin: NodeJS.ReadableStream | Readable, label = '<stdin>', maxBytes = Infinity): Promise<StdinChunk> {
  const parts: Buffer[] = [];
  let size = 0;
  let truncated = false;
  for await (const part of stdin) {
    const buf = typeof part === 'string' ? Buffer.from(part) : (part as Buffer);
    if (size + buf.length > maxBytes) {
      parts.push(buf.subarray(0, maxBytes - size));
      size = maxBytes;
      truncated = true;
      break;
    }
    parts.push(buf);
    size += buf.length;
  }
  if (truncated) (stdin as Readable).destroy?.();
  const bytes = Buffer.concat(parts);
  return { path: label, text: decodeText(bytes), bytes: bytes.length, truncated };
}
