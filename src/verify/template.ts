/** Values a template may name: the secret and its companions. */
export interface TemplateValues {
  secret: string;
  companions: Record<string, string>;
}

const PLACEHOLDER = /\{\{\s*(secret|companion\s+([A-Za-z0-9]+))\s*\}\}/g;

/** Companions a template names, so a check without them can say what it lacks. */
export function namedCompanions(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].flatMap((m) => (m[2] ? [m[2]] : []));
}

/**
 * Fills `{{secret}}` and `{{companion NAME}}`. In URLs each value is percent-encoded, so a
 * value cannot add a path segment, a query or another host.
 */
export function render(template: string, values: TemplateValues, encode: 'url' | 'none'): string {
  return template.replace(PLACEHOLDER, (_m, _what: string, name: string | undefined) => {
    const value = name === undefined ? values.secret : values.companions[name];
    if (value === undefined) throw new Error(`missing companion ${name}`);
    // `:` stays as it is: Telegram's `bot<id>:<secret>` path needs it, and inside a path it
    // cannot change the host.
    return encode === 'url' ? encodeURIComponent(value).replace(/%3A/gi, ':') : value;
  });
}
