/**
 * Go (RE2) and PCRE let a pattern turn case-insensitivity on part-way (`key(?i)[a-z]+`)
 * or for a group (`(?i:token)`); JavaScript on Node 20 has only whole-pattern flags. This
 * spells the scoped flag out: inside its scope each letter becomes a class of both cases
 * (`k` -> `[kK]`, `[a-f]` -> `[a-fA-F]`). In Go a mid-pattern flag lasts to the end of
 * the group it appears in. `(?s)`/`(?s:` likewise turn `.` into `[\s\S]`. Other scoped
 * flags (m, U) have no such rewrite and are refused.
 */
export function expandInlineFlags(source: string): string {
  if (!/\(\?-?[imsU]+(?:-[imsU]+)?[:)]/.test(source)) return source;
  let out = '';
  // One entry per open group: the flags in force inside it.
  const stack: { i: boolean; s: boolean }[] = [{ i: false, s: false }];
  const top = () => stack[stack.length - 1]!;
  for (let k = 0; k < source.length; k++) {
    const c = source[k]!;
    if (c === '\\') {
      const esc = escapeAt(source, k);
      out += esc;
      k += esc.length - 1;
      continue;
    }
    if (c === '[') {
      const end = classEnd(source, k);
      const cls = source.slice(k, end + 1);
      out += top().i ? foldClass(cls) : cls;
      k = end;
      continue;
    }
    if (c === '(') {
      const flags = /^\(\?([imsU]*)(?:-([imsU]+))?([:)])/.exec(source.slice(k));
      if (flags && (flags[1] || flags[2])) {
        const on = flags[1] ?? '';
        const off = flags[2] ?? '';
        if (/[mU]/.test(on + off)) throw new Error(`the inline flag group "${flags[0]}" has no JavaScript equivalent`);
        const next = { i: on.includes('i') ? true : off.includes('i') ? false : top().i, s: on.includes('s') ? true : off.includes('s') ? false : top().s };
        if (flags[3] === ')')
          Object.assign(top(), next); // (?i): to the end of the enclosing group
        else {
          stack.push(next);
          out += '(?:';
        }
        k += flags[0].length - 1;
        continue;
      }
      stack.push({ ...top() });
      out += c;
      continue;
    }
    if (c === ')') {
      if (stack.length > 1) stack.pop();
      out += c;
      continue;
    }
    if (c === '.' && top().s) {
      out += '[\\s\\S]';
      continue;
    }
    if (top().i && /[A-Za-z]/.test(c)) {
      out += `[${c.toLowerCase()}${c.toUpperCase()}]`;
      continue;
    }
    out += c;
  }
  return out;
}

/** The whole escape starting at `k` (`\d`, `\x41`, `\u{1F600}`, `\p{L}`, `\k<name>`). */
function escapeAt(source: string, k: number): string {
  const m = /^\\(?:x[0-9A-Fa-f]{2}|u\{[0-9A-Fa-f]+\}|u[0-9A-Fa-f]{4}|[pP]\{[^}]*\}|k<[^>]*>|c[A-Za-z]|[1-9][0-9]*|[\s\S])/.exec(source.slice(k));
  return m ? m[0] : '\\';
}

/** Index of the `]` that closes the class opening at `k`. */
function classEnd(source: string, k: number): number {
  let i = k + 1;
  if (source[i] === '^') i++;
  if (source[i] === ']') i++;
  for (; i < source.length; i++) {
    if (source[i] === '\\') i++;
    else if (source[i] === ']') return i;
  }
  throw new Error('unterminated character class');
}

/** A class with the other case of every letter and letter range added. */
function foldClass(cls: string): string {
  const negated = cls[1] === '^';
  const body = cls.slice(negated ? 2 : 1, -1);
  let extra = '';
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '\\') {
      i += escapeAt(body, i).length - 1;
      continue;
    }
    const from = body[i]!;
    if (body[i + 1] === '-' && i + 2 < body.length && body[i + 2] !== '\\') {
      const to = body[i + 2]!;
      if (/[a-z]/.test(from) && /[a-z]/.test(to)) extra += `${from.toUpperCase()}-${to.toUpperCase()}`;
      else if (/[A-Z]/.test(from) && /[A-Z]/.test(to)) extra += `${from.toLowerCase()}-${to.toLowerCase()}`;
      i += 2;
      continue;
    }
    if (/[a-z]/.test(from)) extra += from.toUpperCase();
    else if (/[A-Z]/.test(from)) extra += from.toLowerCase();
  }
  return `[${negated ? '^' : ''}${body}${extra}]`;
}
