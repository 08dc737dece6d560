/**
 * Byte-exact decoding for Layer 1: any input bytes (invalid UTF-8, NUL, CRLF, ANSI escapes) become a JS string the
 * rules can scan, together with a map back to byte offsets in the ORIGINAL input, so every span the engine reports is
 * a range of input bytes (architecture §06, "returns a list of byte ranges").
 * @module
 */

import { isUtf8 } from 'node:buffer';

/** A decoded payload. */
export interface DecodedInput {
  /** The text the rules scan. Invalid UTF-8 bytes appear as U+FFFD, one per byte. */
  readonly text: string;
  /** Total input length in bytes. */
  readonly byteLength: number;
  /**
   * Byte offset of UTF-16 index `i` of {@link text} (0 ≤ i ≤ text.length). Calls must be made with non-decreasing
   * `i` for O(n) total cost; the function keeps a cursor.
   */
  readonly byteOffset: (i: number) => number;
}

/** UTF-8 length in bytes of the UTF-16 code unit at `i` of `s` (a high surrogate counts 4, a low one 0). */
function unitBytes(code: number): number {
  if (code < 0x80) return 1;
  if (code < 0x800) return 2;
  if (code >= 0xd800 && code <= 0xdbff) return 4;
  if (code >= 0xdc00 && code <= 0xdfff) return 0;
  return 3;
}

const identity = (i: number): number => i;

/** Cursor-based offset map for text that IS its input's UTF-8 decoding (strings, valid buffers). */
function cursorMap(text: string): (i: number) => number {
  let idx = 0;
  let bytes = 0;
  return (i: number) => {
    if (i < idx) {
      idx = 0;
      bytes = 0;
    }
    for (; idx < i; idx++) {
      const c = text.charCodeAt(idx);
      // a lone surrogate is encoded by Buffer.from(string) as EF BF BD (3 bytes)
      if (c >= 0xd800 && c <= 0xdbff) {
        const next = text.charCodeAt(idx + 1);
        bytes += next >= 0xdc00 && next <= 0xdfff ? 4 : 3;
        if (next >= 0xdc00 && next <= 0xdfff) idx++;
      } else if (c >= 0xdc00 && c <= 0xdfff) bytes += 3;
      else bytes += unitBytes(c);
    }
    return bytes;
  };
}

/**
 * Decodes `input`. Strings are used as is (offsets are into their UTF-8 encoding). Buffers that are valid UTF-8 are
 * decoded by the platform; invalid ones by a byte-exact decoder that maps each invalid byte to one U+FFFD (WHATWG
 * "maximal subpart" is not needed: one byte per replacement keeps the offset map trivial and exact).
 * @param input bytes or text.
 * @returns the text and its byte-offset map. Never throws.
 */
export function decodeInput(input: Buffer | string): DecodedInput {
  if (typeof input === 'string') {
    const byteLength = Buffer.byteLength(input, 'utf8');
    // as many bytes as units only when every unit is ASCII: offsets are then the identity
    return { text: input, byteLength, byteOffset: byteLength === input.length ? identity : cursorMap(input) };
  }
  if (isUtf8(input)) {
    const text = input.toString('utf8');
    return { text, byteLength: input.length, byteOffset: text.length === input.length ? identity : cursorMap(text) };
  }
  return decodeLossy(input);
}

function decodeLossy(buf: Buffer): DecodedInput {
  const parts: string[] = [];
  // offsets[k] = byte offset of UTF-16 unit k
  const offsets = new Uint32Array(buf.length + 1);
  let units = 0;
  let i = 0;
  let chunk = '';
  const push = (s: string, start: number, len: number) => {
    for (let k = 0; k < s.length; k++) offsets[units + k] = k === 0 ? start : start + len;
    units += s.length;
    chunk += s;
    if (chunk.length > 8192) {
      parts.push(chunk);
      chunk = '';
    }
  };
  while (i < buf.length) {
    const b = buf[i]!;
    let need = 0;
    let cp = 0;
    let min = 0;
    if (b < 0x80) {
      push(String.fromCharCode(b), i, 1);
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      cp = b & 0x1f;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      cp = b & 0x0f;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      cp = b & 0x07;
      min = 0x10000;
    } else {
      push('\ufffd', i, 1);
      i++;
      continue;
    }
    let ok = true;
    for (let k = 1; ok && k <= need; k++) {
      const c = buf[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) ok = false;
      else cp = (cp << 6) | (c & 0x3f);
    }
    if (!ok || cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
      push('\ufffd', i, 1);
      i++;
      continue;
    }
    push(String.fromCodePoint(cp), i, need + 1);
    i += need + 1;
  }
  offsets[units] = buf.length;
  parts.push(chunk);
  const text = parts.join('');
  return { text, byteLength: buf.length, byteOffset: (k: number) => offsets[k]! };
}
