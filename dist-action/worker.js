import { createRequire as __keylintCreateRequire } from 'node:module';
const require = __keylintCreateRequire(import.meta.url);
var __getOwnPropNames = Object.getOwnPropertyNames;
var __require = /* @__PURE__ */ ((x) => typeof require !== "undefined" ? require : typeof Proxy !== "undefined" ? new Proxy(x, {
  get: (a, b) => (typeof require !== "undefined" ? require : a)[b]
}) : x)(function(x) {
  if (typeof require !== "undefined") return require.apply(this, arguments);
  throw Error('Dynamic require of "' + x + '" is not supported');
});
var __esm = (fn, res, err) => function __init() {
  if (err) throw err[0];
  try {
    return fn && (res = (0, fn[__getOwnPropNames(fn)[0]])(fn = 0)), res;
  } catch (e) {
    throw err = [e], e;
  }
};

// <define:globalThis.KEYLINT_EMBEDDED_RULES>
var init_define_globalThis_KEYLINT_EMBEDDED_RULES = __esm({
  "<define:globalThis.KEYLINT_EMBEDDED_RULES>"() {
  }
});

// src/scan/worker.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();
import { parentPort, workerData } from "node:worker_threads";

// src/engine/index.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();

// src/engine/types.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();

// src/engine/errors.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();

// src/engine/compile.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();

// src/engine/classify.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();

// src/engine/context.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();
var CONTEXT_LINES = 20;
var MAX_PREFIX = 300;
var ASSIGNMENT = /([A-Za-z_$][\w$.-]*)["'`\]]?\s*(?::=|=>|\+=|=|:)\s*(?:["'`]|\b[A-Za-z]+\()?[^"'`\s]*$/;
function lineBounds(text, offset) {
  const start = text.lastIndexOf("\n", offset - 1) + 1;
  let end = text.indexOf("\n", offset);
  if (end < 0) end = text.length;
  if (end > start && text[end - 1] === "\r") end--;
  return { start, end };
}
function assignedName(text, offset) {
  const { start } = lineBounds(text, offset);
  const prefix = text.slice(Math.max(start, offset - MAX_PREFIX), offset);
  const m = ASSIGNMENT.exec(prefix);
  if (!m) return void 0;
  return m[1];
}
function matchContext(text, start) {
  const bounds = lineBounds(text, start);
  let windowStart = bounds.start;
  for (let i = 0; i < CONTEXT_LINES && windowStart > 0; i++) {
    windowStart = text.lastIndexOf("\n", windowStart - 2) + 1;
  }
  return {
    line: text.slice(bounds.start, bounds.end),
    window: text.slice(Math.max(windowStart, bounds.start - 4e3), bounds.end),
    name: assignedName(text, start)
  };
}
var BROWSER_ENV_PREFIX = /(?:^|[.[\s"'])(NEXT_PUBLIC_|VITE_|REACT_APP_|EXPO_PUBLIC_|NUXT_PUBLIC_|GATSBY_|VUE_APP_|PUBLIC_)\w*$/;
var USE_CLIENT = /^(?:\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*["']use client["']/;
var FRONTEND_PUBLIC_DIR = /(?:^|\/)public\//;
function browserExposure(path, text, name) {
  const env = name ? BROWSER_ENV_PREFIX.exec(name) : null;
  if (env) return `the ${env[1]} prefix bundles it into browser code`;
  if (USE_CLIENT.test(text.slice(0, 2e3))) return 'this "use client" module runs in the browser';
  if (FRONTEND_PUBLIC_DIR.test(path)) return "files under public/ are served to every visitor";
  return void 0;
}
var TEST_PATH = /(?:^|\/)(?:tests?|__tests__|spec|specs|fixtures?|testdata|test-data|mocks?|__mocks__|examples?|samples?)\/|\.(?:test|spec)\.[A-Za-z]+$|(?:^|\/)(?:examples?|samples?)[-_.][^/]*$/;
function isTestPath(path) {
  return TEST_PATH.test(path);
}

// src/engine/classify.ts
var SECRET_NAME = /secret|private|server|admin|service[_-]?role/i;
var PUBLIC_NAME = /publishable|public|client|browser|anon/i;
function holds(cond, input) {
  const { context, path, claims } = input;
  if (cond.name && !(context.name !== void 0 && cond.name.test(context.name))) return false;
  if (cond.context && !cond.context.test(context.window)) return false;
  if (cond.line && !cond.line.test(context.line)) return false;
  if (cond.path && !cond.path.test(path)) return false;
  if (cond.claims) {
    if (!claims) return false;
    for (const [k, v] of Object.entries(cond.claims)) if (String(claims[k]) !== v) return false;
  }
  return true;
}
function classify(input) {
  const { rule, path, text, context } = input;
  const matched = rule.when.find((cond) => holds(cond, input));
  const kind = matched?.kind ?? rule.kind;
  let severity = matched?.severity ?? (matched?.kind && matched.kind !== rule.kind ? defaultSeverity(kind) : rule.severity);
  let reason = matched?.reason ?? rule.reason;
  if (kind === "secret") {
    const exposure = browserExposure(path, text, context.name);
    if (exposure) {
      severity = "critical";
      reason = `${reason}; ${exposure}, so every visitor can read it: revoke it and move it server-side`;
    }
  } else if (context.name && SECRET_NAME.test(context.name) && !PUBLIC_NAME.test(context.name)) {
    severity = "low";
    reason = `${reason}; but it is assigned to ${context.name}, which expects a secret: a publishable key cannot do a secret key's job, so the wrong key was likely pasted`;
  }
  return { kind, severity, reason };
}
function defaultSeverity(kind) {
  return kind === "secret" ? "high" : "info";
}

// src/engine/regex.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();

// src/engine/rule-schema.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();

// src/engine/lazy-zod.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();

// src/engine/validators/index.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();

// src/engine/validators/base62-crc32.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();

// src/engine/base62.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();
var BASE62_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
function toBase62(n, width) {
  let s = "";
  let v = Math.floor(n);
  while (v > 0) {
    s = BASE62_ALPHABET[v % 62] + s;
    v = Math.floor(v / 62);
  }
  return s.padStart(width, "0");
}

// src/engine/crc32.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();
var TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 3988292384 ^ c >>> 1 : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();
function crc32(text) {
  const bytes = new TextEncoder().encode(text);
  let crc = 4294967295;
  for (const b of bytes) crc = TABLE[(crc ^ b) & 255] ^ crc >>> 8;
  return (crc ^ 4294967295) >>> 0;
}

// src/engine/validators/base62-crc32.ts
var BODY = 30;
var CHECK = 6;
function base62Crc32(token) {
  if (token.length < BODY + CHECK) return { valid: false, note: "too short for a checksummed token" };
  const body = token.slice(-(BODY + CHECK), -CHECK);
  const check = token.slice(-CHECK);
  if (!/^[0-9A-Za-z]+$/.test(body + check)) return { valid: false, note: "not base62" };
  const expected = toBase62(crc32(body), CHECK);
  return expected === check ? { valid: true, note: "CRC-32 checksum matches" } : { valid: false, note: "CRC-32 checksum does not match (not a real token)" };
}

// src/engine/validators/bech32.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();
var CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
var GENERATOR = [996825010, 642813549, 513874426, 1027748829, 705979059];
function polymod(values) {
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = (chk & 33554431) << 5 ^ v;
    for (let i = 0; i < 5; i++) if (top >>> i & 1) chk ^= GENERATOR[i];
  }
  return chk >>> 0;
}
function hrpExpand(hrp) {
  const codes = [...hrp].map((c) => c.charCodeAt(0));
  return [...codes.map((c) => c >> 5), 0, ...codes.map((c) => c & 31)];
}
function bech32(value) {
  const s = value.toLowerCase();
  const sep2 = s.lastIndexOf("1");
  if (sep2 < 1) return { valid: false, note: "no bech32 separator" };
  const data = [...s.slice(sep2 + 1)].map((c) => CHARSET.indexOf(c));
  if (data.length < 6 || data.some((d) => d < 0)) return { valid: false, note: "not bech32 characters" };
  return polymod([...hrpExpand(s.slice(0, sep2)), ...data]) === 1 ? { valid: true, note: "Bech32 checksum matches" } : { valid: false, note: "Bech32 checksum does not match" };
}

// src/engine/validators/jwt.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();
function decodeSegment(segment) {
  const json = Buffer.from(segment, "base64url").toString("utf8");
  return JSON.parse(json);
}
function jwt(token) {
  const parts = token.split(".");
  if (parts.length !== 3) return { valid: false, note: "not three dot-separated segments" };
  try {
    const header = decodeSegment(parts[0]);
    const payload = decodeSegment(parts[1]);
    if (!isObject(header) || typeof header.alg !== "string") return { valid: false, note: "header has no alg" };
    if (!isObject(payload)) return { valid: false, note: "payload is not a JSON object" };
    if (header.alg.toLowerCase() === "none") return { valid: false, note: "unsigned JWT (alg none)" };
    if ((parts[2] ?? "").length < 16) return { valid: false, note: "signature too short" };
    if (!Object.keys(payload).some((k) => SUBJECT_OR_LIFETIME.test(k))) return { valid: false, note: "no claim naming a subject, issuer, audience, scope or lifetime: a demo token" };
    return { valid: true, note: "decodes as a signed JWT", claims: payload };
  } catch {
    return { valid: false, note: "segments are not base64url JSON" };
  }
}
var SUBJECT_OR_LIFETIME = /^(?:iss|sub|aud|exp|nbf|iat|jti|azp|scp|tid|oid|ref)$|role|scope|user|uid|account|tenant|org|client|email|session|team|project|perm|grant|auth|id$|Id$|_id$/i;
function isObject(v) {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

// src/engine/validators/index.ts
var VALIDATORS = {
  "github-crc32": base62Crc32,
  "npm-crc32": base62Crc32,
  "base62-crc32": base62Crc32,
  jwt,
  bech32
};

// src/engine/scanner.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();

// src/engine/derived/index.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();

// src/engine/derived/kubernetes-secret.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();
var SECRET_KIND = /^kind:\s*["']?Secret["']?\s*$/m;
var DATA_ENTRY = /^([ \t]+)([\w.-]+):[ \t]*["']?([A-Za-z0-9+/]{4,}={0,2})["']?[ \t]*$/;
function printable(text) {
  if (text.includes("\0") || text.includes("\uFFFD")) return false;
  let bad = 0;
  for (const ch of text) if (ch < " " && ch !== "\n" && ch !== "\r" && ch !== "	") bad++;
  return bad <= text.length / 20;
}
function kubernetesSecretValues(chunk) {
  if (!/\.(?:ya?ml|json)$/i.test(chunk.path) || !SECRET_KIND.test(chunk.text)) return [];
  const out = [];
  const separators = [...chunk.text.matchAll(/^---[^\n]*$/gm)].map((m) => m.index);
  const bounds = [0, ...separators, chunk.text.length];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const doc = chunk.text.slice(bounds[i], bounds[i + 1]);
    if (SECRET_KIND.test(doc)) out.push(...decodeDataBlock(chunk.path, doc, bounds[i]));
  }
  return out;
}
function decodeDataBlock(path, doc, base) {
  const out = [];
  const lines = doc.split("\n");
  let pos = 0;
  let inData = false;
  let dataIndent = -1;
  for (const line of lines) {
    const lineStart = pos;
    pos += line.length + 1;
    if (/^data:\s*$/.test(line)) {
      inData = true;
      dataIndent = -1;
      continue;
    }
    if (!inData) continue;
    if (/^\S/.test(line)) {
      inData = false;
      continue;
    }
    const m = DATA_ENTRY.exec(line.replace(/\r$/, ""));
    if (!m) continue;
    const indent = m[1].length;
    if (dataIndent < 0) dataIndent = indent;
    if (indent !== dataIndent) continue;
    const decoded = Buffer.from(m[3], "base64").toString("utf8");
    if (!printable(decoded) || decoded.trim().length < 4) continue;
    const valueStart = base + lineStart + line.indexOf(m[3], m[1].length + m[2].length);
    out.push({
      chunk: { path, text: `${m[2]}: ${decoded}
` },
      origin: { start: valueStart, end: valueStart + m[3].length },
      note: `decoded from the base64 value of data.${m[2]} in this Kubernetes Secret`
    });
  }
  return out;
}

// src/engine/derived/notebook.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();
var ESCAPES = { n: "\n", r: "\r", t: "	", '"': '"', "'": "'", "\\": "\\", "/": "/" };
function unescapeNotebook(chunk) {
  if (!chunk.path.endsWith(".ipynb")) return void 0;
  const src = chunk.text;
  let text = "";
  const origin = [];
  for (let i = 0; i < src.length; i++) {
    const next = src[i + 1];
    if (src[i] === "\\" && next !== void 0 && ESCAPES[next] !== void 0) {
      text += next === "n" || next === "r" ? " " : ESCAPES[next];
      origin.push(i);
      i++;
    } else {
      text += src[i];
      origin.push(i);
    }
  }
  origin.push(src.length);
  return { chunk: { path: chunk.path, text }, toOriginal: (offset) => origin[Math.min(offset, origin.length - 1)] };
}

// src/engine/entropy.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();
function shannonEntropy(value) {
  if (value.length === 0) return 0;
  const counts = /* @__PURE__ */ new Map();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  const n = [...value].length;
  for (const c of counts.values()) {
    const p = c / n;
    bits -= p * Math.log2(p);
  }
  return bits;
}

// src/engine/finding-secret.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();

// src/engine/fingerprint.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();
import { createHash } from "node:crypto";
function fingerprint(ruleId, secret) {
  return createHash("sha256").update(ruleId).update("\0").update(secret).digest("hex").slice(0, 32);
}

// src/engine/redact.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();
function redact(secret, prefixLength = 4) {
  const chars = [...secret];
  const shown = Math.min(prefixLength, Math.floor(chars.length / 4));
  return `${chars.slice(0, shown).join("")}\u2026(${chars.length})`;
}

// src/engine/finding-secret.ts
function secretFacts(ruleId, secret, entropy = shannonEntropy(secret)) {
  return { fingerprint: fingerprint(ruleId, secret), redacted: redact(secret), entropy: Math.round(entropy * 100) / 100 };
}
function attachSecret(finding, secret) {
  Object.defineProperty(finding, "secret", { value: secret, enumerable: false, writable: true, configurable: true });
  return finding;
}

// src/engine/line-index.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();
var LineIndex = class {
  constructor(text) {
    this.text = text;
  }
  text;
  starts;
  lineStarts() {
    if (!this.starts) {
      const starts = [0];
      for (let i = this.text.indexOf("\n"); i >= 0; i = this.text.indexOf("\n", i + 1)) starts.push(i + 1);
      this.starts = starts;
    }
    return this.starts;
  }
  position(offset) {
    const starts = this.lineStarts();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = lo + hi + 1 >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo] + 1 };
  }
};

// src/engine/placeholders.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();
var BUILTIN_IGNORED = /* @__PURE__ */ new Set([
  "AKIAIOSFODNN7EXAMPLE",
  "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY",
  "sk_test_4eC39HqLyjWDarjtT1zdp7dc",
  "pk_test_TYooMQauvdEDq54NiTphI7jx",
  "sk_test_BQokikJOvBiI2HlWgH4olfQ2",
  "pk_test_6pRNASCoBOKtIshFeQd4XMUh",
  "xoxb-not-a-real-token-this-will-not-work",
  // Azurite / Storage Emulator well-known development key.
  "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==",
  "SG.xxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
  // The Telegram Bot API documentation's example token.
  "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11",
  // RFC 6749 (OAuth 2.0) example access and refresh tokens, copied into countless docs.
  "2YotnFZFEjr1zCsicMWpAA",
  "tGzv3JOkF0XG5Qx2TlKWIA"
]);
var PLACEHOLDER_WORDS = /example|sample|dummy|placeholder|changeme|change[_-]me|replace[_-]?me|insert[_-]?your|your[_-]?(?:own[_-]?)?(?:api|secret|access|private|app|auth|client|token|key|password|pass)|redacted|fake[_-]?(?:key|token|secret)|not[_-]?a[_-]?real|do[_-]?not[_-]?use|xxxxxx/i;
var MASKED = /\*{3,}|x{5,}|X{5,}|\.{3,}|…|•{2,}|#{4,}|0{10,}/;
function dominatedByRun(secret) {
  const runs = secret.match(/(.)\1{9,}/g);
  if (!runs) return false;
  return Math.max(...runs.map((r) => r.length)) >= 0.4 * secret.length;
}
var REFERENCE = /^(?:\$\{[^}]*\}?|\$[A-Za-z_][\w]*|\{\{.*\}\}|%[A-Za-z_][\w]*%|<[^>]*>?|\[[A-Z_]+\])$|^\$\{|^\{\{|^<[A-Za-z_ -]+>$/;
var TEMPLATE = /\$\{|\{[A-Za-z_][\w.]*(?:\[[^\]]*\])*(?:![rsa])?(?::[^{}]*)?\}|%\([A-Za-z_]\w*\)[sdr]/;
var REGEX_SOURCE = /\(\?(?:[:=!]|<[=!])|\\[dwsbDWSB][*+?{]|\[\^?[^\]]+\][*+?{]/;
var TIMESTAMP = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
var ENV_LOOKUP = /process\.env|import\.meta\.env|os\.environ|os\.getenv|getenv\(|System\.getenv|ENV\[|Environment\.GetEnvironmentVariable|secrets\.|vault\(|\$\{\{\s*secrets\./;
var SECRET_WORD = /^(?:my|your|some|super|the|test|dummy|fake|default|admin|user|db|app)?(?:secret|password|passwd|pass|pwd|token|apikey|key)s?$/;
var UNLEET = { $: "s", "5": "s", "@": "a", "4": "a", "0": "o", "3": "e", "1": "i", "!": "i", "7": "t" };
function dressedUpSecretWord(secret) {
  const core = percentDecoded(secret).replace(/^[\W_]+/, "").replace(/[\d\W_]+$/, "");
  const letters = [...core.toLowerCase()].map((c) => UNLEET[c] ?? c).join("").replace(/[^a-z]/g, "");
  return SECRET_WORD.test(letters) || /password|passwd|secret/.test(letters);
}
function percentDecoded(secret) {
  if (!/%[0-9A-Fa-f]{2}/.test(secret)) return secret;
  try {
    return decodeURIComponent(secret);
  } catch {
    return secret;
  }
}
function placeholderReason(secret) {
  if (BUILTIN_IGNORED.has(secret)) return "a published documentation example";
  if (PLACEHOLDER_WORDS.test(secret)) return "a placeholder word";
  if (MASKED.test(secret) || dominatedByRun(secret)) return "a masked or elided value";
  if (REFERENCE.test(secret)) return "a reference to a value stored elsewhere";
  if (TEMPLATE.test(secret)) return "built from a template at run time";
  if (TIMESTAMP.test(secret)) return "a date or time";
  if (REGEX_SOURCE.test(secret)) return "a regular expression written in code";
  if (ENV_LOOKUP.test(secret)) return "an environment lookup";
  if (lowVariety(secret)) return "too few distinct characters to be random";
  if (/0123456789|123456789|abcdefghij|ABCDEFGHIJ|qwertyuiop/.test(secret)) return "a keyboard or counting sequence";
  return void 0;
}
function lowVariety(secret) {
  const body = secret.replace(/^[a-z]{2,6}[_-]/i, "");
  if (body.length < 12) return false;
  return new Set(body).size <= Math.min(6, Math.max(3, Math.floor(body.length / 8)));
}
function identifierLike(secret) {
  const body = secret.replace(/^[^A-Za-z0-9]/, "");
  if (!/^[A-Za-z]+(?:[-_.: ][A-Za-z]+)*$/.test(body)) return false;
  const parts = body.match(/[A-Z]+(?=[A-Z][a-z]|[^A-Za-z]|$)|[A-Z]?[a-z]+/g) ?? [];
  if (parts.length < 2 || parts.some((p) => p.length < 2)) return false;
  return parts.reduce((n, p) => n + p.length, 0) / parts.length >= 3.5;
}

// src/engine/prefilter.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();
var encoder = new TextEncoder();
var FOLD = Uint8Array.from({ length: 256 }, (_, b) => b >= 65 && b <= 90 ? b | 32 : b);
var ENDS_PAIR = 1;
var ENDS_TRIPLE = 2;
var ENDS_QUAD = 4;
var FILTER_BITS = 20;
function slot(prefix) {
  return (prefix ^ prefix >>> 12) >>> 0 & (1 << FILTER_BITS) - 1;
}
var KeywordPrefilter = class {
  always;
  rulesOf = [];
  tables = {
    keywords: [],
    filter: new Uint8Array(1 << FILTER_BITS),
    pairKeyword: /* @__PURE__ */ new Map(),
    triples: /* @__PURE__ */ new Map(),
    quads: /* @__PURE__ */ new Map()
  };
  /** Ids of the keywords the tables cannot index. */
  odd = [];
  constructor(rules2) {
    this.always = rules2.filter((r) => r.keywords.length === 0);
    const ids = /* @__PURE__ */ new Map();
    for (const r of rules2) {
      for (const raw of r.keywords) {
        const k = raw.toLowerCase();
        let id = ids.get(k);
        if (id === void 0) {
          id = this.tables.keywords.push(k) - 1;
          ids.set(k, id);
          this.rulesOf.push([]);
          this.index(k, id);
        }
        this.rulesOf[id].push(r);
      }
    }
  }
  index(k, id) {
    if (k.length < 2 || !/^[\x00-\x7f]*$/.test(k)) {
      this.odd.push(id);
      return;
    }
    const t = this.tables;
    const pair = k.charCodeAt(0) << 8 | k.charCodeAt(1);
    if (k.length === 2) {
      t.filter[slot(pair)] |= ENDS_PAIR;
      t.pairKeyword.set(pair, id);
      return;
    }
    const triple = pair << 8 | k.charCodeAt(2);
    if (k.length === 3) {
      t.filter[slot(triple)] |= ENDS_TRIPLE;
      t.triples.set(triple, id);
      return;
    }
    const quad = (triple << 8 | k.charCodeAt(3)) >>> 0;
    t.filter[slot(quad)] |= ENDS_QUAD;
    t.quads.set(quad, [...t.quads.get(quad) ?? [], id]);
  }
  /** Ids of the keywords that occur in `text`. */
  keywordsIn(text) {
    const found = findIndexedKeywords(encoder.encode(text), this.tables);
    if (this.odd.length) {
      const lower = text.toLowerCase();
      for (const id of this.odd) if (lower.includes(this.tables.keywords[id])) found.push(id);
    }
    return found;
  }
  /** Rules to run on `text`, in their original order. */
  select(text, order) {
    const selected = new Set(this.always);
    for (const id of this.keywordsIn(text)) for (const r of this.rulesOf[id]) selected.add(r);
    return [...selected].sort((a, b) => order.get(a) - order.get(b));
  }
};
function findIndexedKeywords(bytes, t) {
  const { keywords, filter, pairKeyword, triples, quads } = t;
  const seen = new Uint8Array(keywords.length);
  const found = [];
  const note = (id) => {
    if (id !== void 0 && seen[id] === 0) {
      seen[id] = 1;
      found.push(id);
    }
  };
  let last4 = 0;
  for (let i = 0; i < bytes.length; i++) {
    last4 = (last4 << 8 | FOLD[bytes[i]]) >>> 0;
    const hit = filter[slot(last4)] & ENDS_QUAD | filter[slot(last4 & 16777215)] & ENDS_TRIPLE | filter[slot(last4 & 65535)] & ENDS_PAIR;
    if (hit === 0) continue;
    if (hit & ENDS_PAIR) note(pairKeyword.get(last4 & 65535));
    if (hit & ENDS_TRIPLE) note(triples.get(last4 & 16777215));
    if (hit & ENDS_QUAD) {
      for (const id of quads.get(last4) ?? []) if (seen[id] === 0 && matchesAt(bytes, i - 3, keywords[id])) note(id);
    }
  }
  return found;
}
function matchesAt(bytes, i, k) {
  if (i + k.length > bytes.length) return false;
  for (let j = 0; j < k.length; j++) if (FOLD[bytes[i + j]] !== k.charCodeAt(j)) return false;
  return true;
}

// src/engine/scanner.ts
var MAX_SECRET_LENGTH = 16384;
var Scanner = class {
  constructor(rules2) {
    this.rules = rules2;
    this.prefilter = new KeywordPrefilter(rules2);
    this.order = new Map(rules2.map((r, i) => [r, i]));
  }
  rules;
  prefilter;
  order;
  /** Every rule match in the chunk with the reason it was kept or dropped. */
  candidates(chunk) {
    const out = [];
    for (const rule of this.prefilter.select(chunk.text, this.order)) {
      if (rule.path && !rule.path.test(chunk.path)) continue;
      if (rule.allowlist.paths.some((p) => p.test(chunk.path))) continue;
      const re = rule.regex;
      re.lastIndex = 0;
      for (let m = re.exec(chunk.text); m; m = re.exec(chunk.text)) {
        if (m[0].length === 0) {
          re.lastIndex++;
          continue;
        }
        const span = m.indices?.[rule.secretGroup];
        const secret = m[rule.secretGroup];
        if (!span || secret === void 0 || secret.length === 0) continue;
        out.push(this.judge(rule, secret, span[0], span[1], m[0], chunk, m.index));
      }
    }
    return out;
  }
  judge(rule, secret, start, end, whole, chunk, matchStart) {
    const entropy = shannonEntropy(secret);
    const c = { rule, secret, start, end, entropy };
    if (secret.length > MAX_SECRET_LENGTH) c.rejected = "longer than any credential";
    else if (rule.entropy !== void 0 && entropy < entropyFloor(rule, secret)) c.rejected = `entropy ${entropy.toFixed(2)} below ${entropyFloor(rule, secret).toFixed(2)}`;
    else if (rule.allowlist.regexes.some((r) => r.test(secret) || r.test(whole))) c.rejected = "allowlisted by the rule";
    else if (rule.allowlist.stopwords.some((w) => secret.toLowerCase().includes(w))) c.rejected = "contains a stopword";
    else {
      const placeholder = placeholderReason(secret) ?? (rule.generic ? genericSampleReason(secret, chunk, matchStart) : void 0);
      if (placeholder) c.rejected = placeholder;
      else if (rule.validate) {
        c.validation = VALIDATORS[rule.validate](secret);
        if (!c.validation.valid) c.rejected = c.validation.note ?? `fails ${rule.validate}`;
      }
    }
    return c;
  }
  /** Findings in one chunk, after rejection, overlap resolution and classification. */
  scan(chunk) {
    const lines = new LineIndex(chunk.text);
    const notebook = unescapeNotebook(chunk);
    const findings = notebook ? this.scanMapped(chunk, notebook.chunk, lines, (s, e) => [notebook.toOriginal(s), notebook.toOriginal(e)]) : resolveOverlaps(this.candidates(chunk)).map((c) => this.toFinding(chunk, c, lines));
    const derived = kubernetesSecretValues(chunk).flatMap(
      (d) => this.scanMapped(chunk, d.chunk, lines, () => [d.origin.start, d.origin.end], d.note)
    );
    if (derived.length === 0) return findings;
    const covered = (f) => derived.some((d) => f.start < d.end && d.start < f.end);
    return [...findings.filter((f) => !covered(f)), ...derived].sort((a, b) => a.start - b.start);
  }
  /** Findings in text derived from a chunk, with positions mapped back to the original chunk. */
  scanMapped(original, derived, lines, toOriginal, note) {
    const inner = new LineIndex(derived.text);
    return resolveOverlaps(this.candidates(derived)).map((c) => {
      const f = this.toFinding(derived, c, inner);
      const [start, end] = toOriginal(f.start, f.end);
      const from = lines.position(start);
      const to = lines.position(end);
      Object.assign(f, { file: original.path, start, end, line: from.line, column: from.column, endLine: to.line, endColumn: to.column });
      if (note) f.reason = `${f.reason} (${note})`;
      return f;
    });
  }
  toFinding(chunk, c, lines) {
    const context = matchContext(chunk.text, c.start);
    const { kind, severity, reason } = classify({ rule: c.rule, path: chunk.path, text: chunk.text, context, claims: c.validation?.claims });
    const from = lines.position(c.start);
    const to = lines.position(c.end);
    return attachSecret(
      {
        ruleId: c.rule.id,
        provider: c.rule.provider,
        title: c.rule.title,
        kind,
        severity,
        confidence: confidenceOf(c, chunk.path),
        file: chunk.path,
        line: from.line,
        column: from.column,
        endLine: to.line,
        endColumn: to.column,
        start: c.start,
        end: c.end,
        ...secretFacts(c.rule.id, c.secret, c.entropy),
        reason,
        docs: c.rule.docs,
        name: context.name
      },
      c.secret
    );
  }
};
function entropyFloor(rule, secret) {
  const floor = rule.entropy ?? 0;
  return rule.relativeEntropy === void 0 ? floor : Math.min(floor, rule.relativeEntropy * Math.log2(secret.length));
}
function confidenceOf(c, path) {
  if (isTestPath(path)) return "low";
  if (c.validation?.valid) return "high";
  return c.rule.generic ? "medium" : "high";
}
function resolveOverlaps(candidates) {
  const sorted = [...candidates].sort((a, b) => a.start - b.start || b.end - a.end);
  const out = [];
  let cluster = [];
  let clusterEnd = -1;
  for (const c of sorted) {
    if (cluster.length && c.start >= clusterEnd) {
      out.push(...resolveCluster(cluster));
      cluster = [];
    }
    cluster.push(c);
    clusterEnd = Math.max(clusterEnd, c.end);
  }
  out.push(...resolveCluster(cluster));
  return out.sort((a, b) => a.start - b.start);
}
function resolveCluster(candidates) {
  const claims = candidates.filter((c) => !c.rule.generic);
  const accepted = candidates.filter((c) => !c.rejected);
  const overlaps = (a, b) => a.start < b.end && b.start < a.end;
  const proven = (c) => c.validation?.valid === true;
  const better = (a, b) => {
    if (a.rule.generic !== b.rule.generic) return !a.rule.generic;
    if (proven(a) !== proven(b)) return proven(a);
    return a.end - a.start > b.end - b.start;
  };
  const out = [];
  for (const c of accepted) {
    if (c.rule.generic && claims.some((s) => s !== c && overlaps(s, c))) continue;
    if (accepted.some((o) => o !== c && overlaps(o, c) && better(o, c))) continue;
    if (out.some((o) => overlaps(o, c))) continue;
    out.push(c);
  }
  return out;
}
var SOURCE_OR_DOCS = /\.(?:[cm]?[jt]sx?|py|rb|go|java|kt|cs|php|rs|swift|scala|md|mdx|rst|adoc)$/i;
function genericSampleReason(secret, chunk, matchStart) {
  if (identifierLike(secret)) return "spelled like a code identifier";
  if (SOURCE_OR_DOCS.test(chunk.path) && dressedUpSecretWord(secret)) return 'the word "secret" or "password" dressed up, a sample in code or docs';
  if (/::\w*$/.test(chunk.text.slice(Math.max(0, matchStart - 80), matchStart))) return "named by a namespaced type, not a variable";
  return void 0;
}

// src/engine/examples.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();

// src/engine/finding-location.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();

// src/sources/files.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();
import { execFile } from "node:child_process";
import { closeSync, constants as fsConstants, existsSync, fstatSync, lstatSync, openSync, readSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { promisify } from "node:util";

// src/sources/gitignore.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();

// src/sources/content.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();
var BINARY_SNIFF_BYTES = 8192;
function looksBinary(bytes) {
  const n = Math.min(bytes.length, BINARY_SNIFF_BYTES);
  for (let i = 0; i < n; i++) if (bytes[i] === 0) return true;
  return false;
}
function decodeText(bytes) {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
}

// src/sources/path-filter.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();

// src/sources/files.ts
var run = promisify(execFile);
function toPosix(p) {
  return sep === "/" ? p : p.split(sep).join("/");
}
var { O_RDONLY, O_NOFOLLOW, O_NONBLOCK } = fsConstants;
var NO_FOLLOW_FLAGS = O_NOFOLLOW !== void 0 && O_NONBLOCK !== void 0 ? O_RDONLY | O_NOFOLLOW | O_NONBLOCK : void 0;
function readRegularFile(abs, options) {
  if (NO_FOLLOW_FLAGS === void 0 && lstatSync(abs).isSymbolicLink()) {
    options.skipped.symlinks++;
    return void 0;
  }
  let fd;
  try {
    fd = openSync(abs, NO_FOLLOW_FLAGS ?? "r");
  } catch (e) {
    if (e.code !== "ELOOP") throw e;
    options.skipped.symlinks++;
    return void 0;
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) return void 0;
    if (info.size > options.maxFileSize) {
      options.skipped.tooLarge++;
      return void 0;
    }
    return readExactly(fd, info.size);
  } finally {
    closeSync(fd);
  }
}
function readExactly(fd, size) {
  const buffer = Buffer.allocUnsafe(size);
  let filled = 0;
  while (filled < size) {
    const bytesRead = readSync(fd, buffer, filled, size - filled, filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled === size ? buffer : buffer.subarray(0, filled);
}
function readFileChunk(abs, options) {
  const rel = toPosix(relative(resolve(options.root), abs)) || toPosix(abs);
  try {
    const bytes = readRegularFile(abs, options);
    if (!bytes) return void 0;
    if (looksBinary(bytes)) {
      options.skipped.binary++;
      return void 0;
    }
    return { path: rel, text: decodeText(bytes), bytes: bytes.length };
  } catch (e) {
    const code = e.code ?? e.message;
    options.skipped.unreadable++;
    options.warn(`${rel}: cannot read (${code}), skipped`);
    return void 0;
  }
}

// src/sources/types.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();
function emptySkips() {
  return { binary: 0, tooLarge: 0, unreadable: 0, symlinks: 0 };
}

// src/rules/linear-regex.ts
init_define_globalThis_KEYLINT_EMBEDDED_RULES();
var re2;
function loadRe2() {
  if (re2 === void 0) {
    try {
      re2 = __require("re2");
    } catch {
      re2 = null;
    }
  }
  return re2;
}
var CHUNK_BUDGET_MS = 250;
var BudgetedRegExp = class extends RegExp {
  constructor(source, budgetMs = CHUNK_BUDGET_MS) {
    super(source.source, source.flags);
    this.budgetMs = budgetMs;
  }
  budgetMs;
  text;
  spent = 0;
  /** How many texts this regex gave up on part-way. */
  exhausted = 0;
  exec(text) {
    if (text !== this.text) {
      this.text = text;
      this.spent = 0;
    }
    if (this.spent > this.budgetMs) return null;
    const started = performance.now();
    const m = super.exec(text);
    this.spent += performance.now() - started;
    if (this.spent > this.budgetMs) this.exhausted++;
    return m;
  }
};
function runtimeRegex(re) {
  const RE2 = loadRe2();
  if (RE2) {
    try {
      return { regex: new RE2(re), engine: "re2" };
    } catch {
    }
  }
  return { regex: new BudgetedRegExp(re), engine: "js" };
}

// src/scan/worker.ts
var rules = workerData.rules.map(({ rule, guarded }) => guarded ? { ...rule, regex: runtimeRegex(rule.regex).regex } : rule);
var scanner = new Scanner(rules);
var port = parentPort;
var secretsOf = (findings) => findings.map((f) => f.secret);
function answer(request) {
  if (request.kind === "text") {
    const findings2 = scanner.scan({ path: request.path, text: request.text });
    return { id: request.id, findings: findings2, secrets: secretsOf(findings2) };
  }
  const skipped = emptySkips();
  const warnings = [];
  const chunk = readFileChunk(request.file, { root: request.root, maxFileSize: request.maxFileSize, skipped, warn: (w) => warnings.push(w) });
  const findings = chunk ? scanner.scan(chunk) : [];
  const file = chunk && { path: chunk.path, bytes: chunk.bytes, text: findings.length ? chunk.text : "" };
  return { id: request.id, findings, secrets: secretsOf(findings), file, skipped, warnings };
}
port.on("message", (request) => {
  let reply;
  try {
    reply = answer(request);
  } catch (e) {
    reply = { id: request.id, error: e.message };
  }
  port.postMessage(reply);
});
