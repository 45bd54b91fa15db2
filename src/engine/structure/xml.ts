import { MAX_ENCLOSING, SCAN_LIMIT, type Structure } from './types.js';

/** What a scanner finds; whether the file is code is the caller's call. */
type Found = Omit<Structure, 'code'>;

const TAG = /<(\/?)([A-Za-z_][\w:.-]*)([^<>]*?)(\/?)>|<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<[!?][^>]*>/g;
const NAME_ATTR = /\b(?:android:)?name\s*=\s*["']([^"']+)["']/;
const PLIST_KEY = /<key>\s*([^<]+?)\s*<\/key>\s*$/;

interface OpenTag {
  tag: string;
  at: number;
  name?: string;
}

/**
 * Structure around `offset` in XML: the element holding the value (its `name` /
 * `android:name` attribute names it, as in Android `res/values/strings.xml` and
 * manifest `<meta-data>`), its parent element as the enclosing object, and in a
 * plist the `<key>` right before the value's `<string>`.
 */
export function xmlStructure(text: string, offset: number, plist: boolean): Found {
  const from = Math.max(0, offset - SCAN_LIMIT);
  const stack: OpenTag[] = [];
  let own: OpenTag | undefined;
  TAG.lastIndex = from;
  for (let m = TAG.exec(text); m && m.index < offset; m = TAG.exec(text)) {
    const inside = m.index + m[0].length > offset;
    if (!m[2]) continue;
    if (m[1]) {
      for (let k = stack.length - 1; k >= 0; k--)
        if (stack[k]!.tag === m[2]) {
          stack.length = k;
          break;
        }
      continue;
    }
    const tag: OpenTag = { tag: m[2], at: m.index, name: NAME_ATTR.exec(m[3] ?? '')?.[1] };
    if (inside) {
      // The value is an attribute of this tag (`<meta-data android:name=… android:value="…"/>`).
      own = tag;
      break;
    }
    if (!m[4]) stack.push(tag);
  }
  if (!own) own = stack.pop();
  const keyPath = stack.map((t) => t.name ?? t.tag);
  let name = own?.name;
  if (plist && own) name = PLIST_KEY.exec(text.slice(Math.max(0, own.at - 300), own.at))?.[1] ?? name;
  if (name === undefined && own) name = own.tag;
  if (name !== undefined) keyPath.push(name);
  const structure: Found = { keyPath, name };

  const parent = stack[stack.length - 1];
  if (parent) {
    const close = text.indexOf(`</${parent.tag}>`, offset);
    if (close > 0 && close - parent.at <= MAX_ENCLOSING) structure.enclosing = text.slice(parent.at, close + parent.tag.length + 3);
  }
  return structure;
}
