/** What a file's structure says about the place a value sits, for naming and classifying it. */
export interface Structure {
  /** The key, variable, attribute or plist key that names the value (`apiKey`, `google_api_key`, `API_KEY`). */
  name?: string;
  /** Names from the outermost container to the value (`client`, `api_key`, `current_key`). */
  keyPath: string[];
  /**
   * The whole innermost container around the value, before and after it: the object literal or
   * argument list (with the line that opens it, so `const firebaseConfig = {` and
   * `createClient(` are part of it), the YAML
   * mapping, the XML parent element, the INI section or the whole small env file.
   */
  enclosing?: string;
  /**
   * The file is program code, where statements run across lines (builder chains) and imports
   * say what the file is; in data files (JSON, YAML, XML, env) the structure alone decides.
   */
  code: boolean;
}

/** Containers larger than this are code blocks, not configuration objects: too broad to classify by. */
export const MAX_ENCLOSING = 6000;
/** How far the scanners look back and ahead of a value; keeps each lookup cheap in large files. */
export const SCAN_LIMIT = 4000;

/**
 * Where the line before the one starting at `lineStart` starts. `lastIndexOf` with a
 * negative position still looks at index 0, so the first line needs its own case.
 */
export function previousLineStart(text: string, lineStart: number): number {
  return lineStart >= 2 ? text.lastIndexOf('\n', lineStart - 2) + 1 : 0;
}
