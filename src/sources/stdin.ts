import type { Readable } from 'node:stream';
import { decodeText } from './content.js';

/** Reads all of standard input as one chunk labelled `<stdin>`. */
export async function readStdinChunk(stdin: NodeJS.ReadableStream | Readable, label = '<stdin>'): Promise<{ path: string; text: string; bytes: number }> {
  const parts: Buffer[] = [];
  for await (const part of stdin) parts.push(typeof part === 'string' ? Buffer.from(part) : (part as Buffer));
  const bytes = Buffer.concat(parts);
  return { path: label, text: decodeText(bytes), bytes: bytes.length };
}
