import { closeSync, openSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import type { Chunk, Finding } from '../engine/index.js';
import { readInto } from './read-into.js';

/**
 * Files larger than this are read and scanned in pieces: one string cannot hold more
 * than ~512 MB in V8 (ERR_STRING_TOO_LONG), and a whole big file in memory costs too much
 * anyway. Pieces overlap, so a secret across a piece boundary is still seen whole.
 */
export const PIECE_BYTES = 64 * 1024 * 1024;
/**
 * Characters shared by neighbouring pieces: longer than any credential the engine accepts
 * (16 KB) plus the context before a match the classifier reads.
 */
export const PIECE_OVERLAP = 64 * 1024;

/** One piece of a big file: text to scan, and how to put its findings back in the file. */
export interface FilePiece extends Chunk {
  /** Bytes of the file first read for this piece (the overlap is counted once). */
  bytes: number;
  /** Findings starting before this local offset belong to the previous piece. */
  ownFrom: number;
  /** Findings starting at or after this local offset belong to the next piece. */
  ownTo: number;
  /** Characters of the file before this piece. */
  charOffset: number;
  /** Line breaks in the file before this piece. */
  lineOffset: number;
  /** Characters between the last line break before this piece and its start (columns on its first line). */
  columnOffset: number;
}

/** Whether a piece owns a finding: every match is reported by exactly one piece. */
export function ownsFinding(piece: FilePiece, f: Finding): boolean {
  return f.start >= piece.ownFrom && f.start < piece.ownTo;
}

/** Moves a finding from piece coordinates to file coordinates. */
export function toFilePosition(piece: FilePiece, f: Finding): void {
  if (f.line === 1) f.column += piece.columnOffset;
  if (f.endLine === 1) f.endColumn += piece.columnOffset;
  f.line += piece.lineOffset;
  f.endLine += piece.lineOffset;
  f.start += piece.charOffset;
  f.end += piece.charOffset;
}

/**
 * Reads a file as overlapping pieces of about `pieceBytes` bytes each: piece k+1 repeats
 * the last 2 × `overlap` characters of piece k, and owns the findings that start in the
 * second half of that repeat onward. A match no longer than `overlap` is thus seen whole
 * by the piece that owns it, with `overlap` characters of context before it.
 */
export function* readFilePieces(file: string | Buffer, path: string, pieceBytes = PIECE_BYTES, overlap = PIECE_OVERLAP): Generator<FilePiece> {
  const fd = openSync(file, 'r');
  try {
    const decoder = new StringDecoder('utf8');
    const buffer = Buffer.allocUnsafe(pieceBytes);
    let carry = '';
    let charOffset = 0;
    let lineOffset = 0;
    let columnOffset = 0;
    let position = 0;
    let first = true;
    for (;;) {
      const filled = readInto(fd, buffer, 0, pieceBytes, position);
      position += filled;
      const last = filled < pieceBytes;
      const fresh = decoder.write(buffer.subarray(0, filled)) + (last ? decoder.end() : '');
      const text = carry + fresh;
      const ownTo = last ? text.length : Math.max(first ? 0 : overlap, text.length - overlap);
      yield { path, text, bytes: filled, ownFrom: first ? 0 : overlap, ownTo, charOffset, lineOffset, columnOffset };
      if (last) return;
      // The next piece starts `overlap` characters before this piece's owned region ends.
      const next = Math.max(0, ownTo - overlap);
      const dropped = text.slice(0, next);
      const breaks = countLineBreaks(dropped);
      if (breaks > 0) columnOffset = dropped.length - lastLineBreakEnd(dropped);
      else columnOffset += dropped.length;
      lineOffset += breaks;
      charOffset += next;
      carry = text.slice(next);
      first = false;
    }
  } finally {
    closeSync(fd);
  }
}

function countLineBreaks(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Offset just after the last line break in `text` (0 when there is none). */
function lastLineBreakEnd(text: string): number {
  return text.lastIndexOf('\n') + 1;
}
