import { structureAt, type Structure } from './structure/index.js';

/** Facts about where a match sits in its text: the line, the name it is assigned to, the code around it. */
export interface MatchContext {
  /** The full line holding the start of the match. */
  line: string;
  /** Up to CONTEXT_LINES lines before the match plus the match's line. */
  window: string;
  /** The identifier the value is assigned to (`API_KEY` in `API_KEY="..."`), if any. */
  name?: string;
  /** What the file's structure says (name, key path, whole enclosing object), when the file parses cheaply. */
  structure?: Structure;
  /** The file's import / require / script-src lines near its top: what kind of code the file is. */
  imports?: string;
}

const CONTEXT_LINES = 20;
const MAX_PREFIX = 300;

// name, optional closing quote/bracket, an assignment operator, an optional opening quote,
// then any value characters that precede the secret (a URL's scheme and user, say).
const ASSIGNMENT = /([A-Za-z_$][\w$.-]*)["'`\]]?\s*(?::=|=>|\+=|=|:)\s*(?:["'`]|\b[A-Za-z]+\()?[^"'`\s]*$/;

export function lineBounds(text: string, offset: number): { start: number; end: number } {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  let end = text.indexOf('\n', offset);
  if (end < 0) end = text.length;
  if (end > start && text[end - 1] === '\r') end--;
  return { start, end };
}

/** The identifier a value at `offset` is assigned to on its line. */
export function assignedName(text: string, offset: number): string | undefined {
  const { start } = lineBounds(text, offset);
  const prefix = text.slice(Math.max(start, offset - MAX_PREFIX), offset);
  const m = ASSIGNMENT.exec(prefix);
  if (!m) return undefined;
  // `mapboxgl.accessToken`, `config.db.password` -> the last segment names the value.
  return m[1];
}

/**
 * Where a match sits: its line, the lines before it, and, when `path` names a format the
 * structure scanners read, the key path and the whole enclosing object (both directions).
 * The structure's name wins over the line's guess: it knows `k` in `const k: string = "…"`,
 * `google_api_key` in `<string name="google_api_key">` and `API_KEY` in a plist.
 */
export function matchContext(text: string, start: number, path?: string): MatchContext {
  const bounds = lineBounds(text, start);
  let windowStart = bounds.start;
  for (let i = 0; i < CONTEXT_LINES && windowStart > 0; i++) {
    windowStart = text.lastIndexOf('\n', windowStart - 2) + 1;
  }
  const structure = path === undefined ? undefined : structureAt(text, path, start);
  const context: MatchContext = {
    line: text.slice(bounds.start, bounds.end),
    window: text.slice(Math.max(windowStart, bounds.start - 4000), bounds.end),
    name: structure?.name ?? assignedName(text, start),
  };
  if (structure) {
    context.structure = structure;
    if (structure.code) context.imports = importLines(text);
  }
  return context;
}

const IMPORT_LINE =
  /^[ \t]*(?:import\b|from[ \t]+\S+[ \t]+import\b|export\b[^\n]*\bfrom\b|(?:const|let|var)\b[^\n]*\brequire\(|require\(|@import\b|<script\b[^\n]*\bsrc=|using[ \t]|#include\b)[^\n]*/gm;
const IMPORTS_SPAN = 4000;

// Findings come file by file: remember the last file's imports rather than re-reading them per finding.
let lastImports: { text: string; imports: string } | undefined;

/** Import-like lines in the head of a file (where imports live), joined. */
export function importLines(text: string): string {
  if (lastImports?.text !== text) lastImports = { text, imports: text.slice(0, IMPORTS_SPAN).match(IMPORT_LINE)?.join('\n') ?? '' };
  return lastImports.imports;
}

const BROWSER_ENV_PREFIX = /(?:^|[.[\s"'])(NEXT_PUBLIC_|VITE_|REACT_APP_|EXPO_PUBLIC_|NUXT_PUBLIC_|GATSBY_|VUE_APP_|PUBLIC_)\w*$/;
const USE_CLIENT = /^(?:\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*["']use client["']/;
const FRONTEND_PUBLIC_DIR = /(?:^|\/)public\//;

/**
 * Why a value at this place ships to browsers, or undefined when nothing says it does.
 * A browser-exposed name or file proves exposure, not safety.
 */
export function browserExposure(path: string, text: string, name: string | undefined): string | undefined {
  const env = name ? BROWSER_ENV_PREFIX.exec(name) : null;
  if (env) return `the ${env[1]} prefix bundles it into browser code`;
  if (USE_CLIENT.test(text.slice(0, 2000))) return 'this "use client" module runs in the browser';
  if (FRONTEND_PUBLIC_DIR.test(path)) return 'files under public/ are served to every visitor';
  return undefined;
}

const TEST_PATH =
  /(?:^|\/)(?:tests?|__tests__|spec|specs|fixtures?|testdata|test-data|mocks?|__mocks__|examples?|samples?)\/|\.(?:test|spec)\.[A-Za-z]+$|(?:^|\/)(?:examples?|samples?)[-_.][^/]*$/;

/** Values in test, fixture and example paths (and files named example*, sample*) are often synthetic: reported, with lower confidence. */
export function isTestPath(path: string): boolean {
  return TEST_PATH.test(path);
}
