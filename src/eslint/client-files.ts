import picomatch from 'picomatch';

/**
 * Files that end up in browser bundles by convention. `app/**\/page.*` files are server
 * components unless marked "use client", but what they render and pass as props ships to
 * the browser, so a secret there is treated as exposed. API routes never ship.
 */
export const DEFAULT_CLIENT_FILES: readonly string[] = [
  'src/components/**',
  'components/**',
  'app/**/page.{js,jsx,ts,tsx}',
  'src/app/**/page.{js,jsx,ts,tsx}',
  'pages/**',
  'src/pages/**',
  '!**/pages/api/**',
];

/** Tells which glob (if any) marks a path as browser-bound; `!glob` entries exclude. */
export type ClientFileMatcher = (path: string) => string | undefined;

const compiled = new Map<string, ClientFileMatcher>();

/** A matcher for a list of globs, compiled once per distinct list. */
export function clientFileMatcher(globs: readonly string[]): ClientFileMatcher {
  const key = JSON.stringify(globs);
  let matcher = compiled.get(key);
  if (!matcher) {
    const include = globs.filter((g) => !g.startsWith('!')).map((g) => [g, picomatch(g, { dot: true })] as const);
    const exclude = globs.filter((g) => g.startsWith('!')).map((g) => picomatch(g.slice(1), { dot: true }));
    matcher = (path) => {
      if (exclude.some((m) => m(path))) return undefined;
      return include.find(([, m]) => m(path))?.[0];
    };
    compiled.set(key, matcher);
  }
  return matcher;
}

/** The reason a secret in a client file is worse, in the engine's wording for other exposures. */
export function clientFileReason(reason: string, glob: string): string {
  return `${reason}; files matching "${glob}" are bundled for the browser, so every visitor can read it: revoke it and move it server-side`;
}
