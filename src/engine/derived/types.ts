import type { Chunk } from '../types.js';

/**
 * Text derived from a chunk (a decoded Kubernetes Secret value, say) plus where in the
 * original chunk its findings should be reported.
 */
export interface DerivedChunk {
  chunk: Chunk;
  /** The span in the original text every finding in this derived chunk is reported at. */
  origin: { start: number; end: number };
  /** Why the text was derived, appended to the finding's reason. */
  note: string;
  /** The encodings undone to get the text, outermost first (`base64`, `hex`): a finding's `decoded`. */
  decoded?: string[];
}
