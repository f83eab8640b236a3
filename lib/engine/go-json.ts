// Go's encodings that restic's tree bytes depend on: strconv.Quote for node names and
// encoding/json's string escaping (Go 1.19, which built Debian's restic 0.14). Tree IDs are
// hashes of these bytes, so they must match to the byte (RESTIC-FORMAT.md §11).

const HEX = "0123456789abcdef";

/** Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols, and ASCII space. */
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

const SHORT_ESCAPES: Record<number, string> = {
  7: "\\a",
  8: "\\b",
  12: "\\f",
  10: "\\n",
  13: "\\r",
  9: "\\t",
  11: "\\v",
};

/** Decodes one UTF-8 sequence at `i`; returns [codePoint, length] or [-1, 1] when invalid. */
function decodeRune(b: Uint8Array, i: number): [number, number] {
  const c = b[i];
  if (c < 0x80) return [c, 1];
  let need: number;
  if (c >= 0xc2 && c <= 0xdf) need = 1;
  else if (c >= 0xe0 && c <= 0xef) need = 2;
  else if (c >= 0xf0 && c <= 0xf4) need = 3;
  else return [-1, 1];
  if (i + need >= b.length) return [-1, 1];
  let cp = c & (0x3f >> need);
  for (let k = 1; k <= need; k++) {
    const cc = b[i + k];
    if ((cc & 0xc0) !== 0x80) return [-1, 1];
    cp = (cp << 6) | (cc & 0x3f);
  }
  const min = need === 1 ? 0x80 : need === 2 ? 0x800 : 0x10000;
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return [-1, 1];
  return [cp, need + 1];
}

/** True when every byte is printable ASCII that strconv.Quote writes as it is. */
function plainAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c) return false;
  }
  return true;
}

/** strconv.Quote without the surrounding quotes, over raw bytes (names may be invalid UTF-8). */
export function goQuoteInner(bytes: Uint8Array): string {
  // Most names: the bytes as they are. Building the result a character at a time made a few
  // hundred bytes of garbage per file in every backup.
  if (plainAscii(bytes)) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("latin1");
  let out = "";
  for (let i = 0; i < bytes.length; ) {
    const [cp, len] = decodeRune(bytes, i);
    if (cp < 0) {
      out += `\\x${HEX[bytes[i] >> 4]}${HEX[bytes[i] & 15]}`;
      i += 1;
      continue;
    }
    i += len;
    if (cp === 0x22) out += '\\"';
    else if (cp === 0x5c) out += "\\\\";
    else if (cp < 0x80 ? cp >= 0x20 && cp < 0x7f : PRINTABLE.test(String.fromCodePoint(cp))) {
      out += String.fromCodePoint(cp);
    } else if (SHORT_ESCAPES[cp]) out += SHORT_ESCAPES[cp];
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${HEX[cp >> 4]}${HEX[cp & 15]}`;
    else if (cp < 0x10000) out += `\\u${cp.toString(16).padStart(4, "0")}`;
    else out += `\\U${cp.toString(16).padStart(8, "0")}`;
  }
  return out;
}

/** Go's strconv.Quote of a name's bytes, quotes included. */
export function goQuote(name: Uint8Array | string): string {
  return `"${goQuoteInner(typeof name === "string" ? Buffer.from(name, "utf8") : name)}"`;
}

/** Inverse of goQuote: the raw bytes of a quoted name. */
export function goUnquote(quoted: string): Buffer {
  if (quoted.length < 2 || !quoted.startsWith('"') || !quoted.endsWith('"')) {
    throw new Error(`not a Go-quoted string: ${quoted}`);
  }
  return goUnquoteInner(quoted.slice(1, -1));
}

/** Inverse of goQuoteInner: back to the raw name bytes. */
export function goUnquoteInner(quoted: string): Buffer {
  if (!quoted.includes("\\")) return Buffer.from(quoted, "utf8");
  const parts: Buffer[] = [];
  let plain = "";
  const flush = () => {
    if (plain) parts.push(Buffer.from(plain, "utf8"));
    plain = "";
  };
  for (let i = 0; i < quoted.length; i++) {
    const ch = quoted[i];
    if (ch !== "\\") {
      plain += ch;
      continue;
    }
    const e = quoted[++i];
    const simple: Record<string, string> = {
      a: "\x07",
      b: "\b",
      f: "\f",
      n: "\n",
      r: "\r",
      t: "\t",
      v: "\v",
      "\\": "\\",
      '"': '"',
      "'": "'",
    };
    if (e in simple) plain += simple[e];
    else if (e === "x") {
      flush();
      parts.push(Buffer.from([Number.parseInt(quoted.slice(i + 1, i + 3), 16)]));
      i += 2;
    } else if (e === "u" || e === "U") {
      const n = e === "u" ? 4 : 8;
      plain += String.fromCodePoint(Number.parseInt(quoted.slice(i + 1, i + 1 + n), 16));
      i += n;
    } else if (e >= "0" && e <= "7") {
      flush();
      parts.push(Buffer.from([Number.parseInt(quoted.slice(i, i + 3), 8)]));
      i += 2;
    } else plain += e;
  }
  flush();
  return Buffer.concat(parts);
}

/** Characters encoding/json escapes (or replaces): controls, quote, backslash, <>&, U+2028/9, surrogates. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for
const JSON_SPECIAL = /["\\\u0000-\u001f<>&\u2028\u2029\ud800-\udfff]/;

/** A JSON string literal exactly as Go 1.19's encoding/json writes it (HTML-safe escaping on). */
export function goJsonString(s: string): string {
  if (!JSON_SPECIAL.test(s)) return `"${s}"`;
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += "\\\\";
    else if (c === 0x0a) out += "\\n";
    else if (c === 0x0d) out += "\\r";
    else if (c === 0x09) out += "\\t";
    else if (c < 0x20 || c === 0x3c || c === 0x3e || c === 0x26 || c === 0x2028 || c === 0x2029) {
      out += `\\u${c.toString(16).padStart(4, "0")}`;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      // Lone surrogates cannot be UTF-8; Go writes the replacement character.
      const pair = c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
      if (pair) {
        out += s[i] + s[i + 1];
        i++;
      } else out += "\\ufffd";
    } else out += s[i];
  }
  return `${out}"`;
}

/**
 * A Go string holding arbitrary bytes, as encoding/json writes it: each byte that is not part of
 * valid UTF-8 becomes the escape \ufffd (one per byte, unlike TextDecoder's maximal-subpart
 * rule), while a genuine U+FFFD stays raw. restic 0.14 writes non-UTF-8 symlink targets this way.
 */
export function goJsonBytes(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; ) {
    const [cp, len] = decodeRune(bytes, i);
    i += len;
    out += cp < 0 ? "\\ufffd" : goJsonString(String.fromCodePoint(cp)).slice(1, -1);
  }
  return `"${out}"`;
}

/** Fields that are uint64 in restic's JSON and may exceed 2^53. */
const UINT64_KEYS = /"(inode|device_id|size|links|device|uid|gid)":(\d{16,})/g;

/** JSON.parse that keeps large uint64 values exact by reading them as strings first. */
export function parseJsonWithBigInts<T>(text: string): T {
  return JSON.parse(text.replace(UINT64_KEYS, '"$1":"$2"')) as T;
}
