/**
 * Faster reading of the short strings Yjs documents are made of (docs/architecture.md, "Review
 * replay").
 *
 * lib0 (Yjs's encoding library) reads every string of an update, a record's keys and values
 * alike, through one shared `TextDecoder`. A tldraw record is dozens of strings of a few bytes
 * ("geo", "black", "solid"), and a native `decode` call costs far more than such a string: in
 * Chromium's profile of the review page opening a 40,000-update log, `TextDecoder.decode` was
 * half of the replay pass. Building an ASCII string of a few bytes in JavaScript is 5-10x
 * faster, and its result is the same: ASCII bytes are always valid UTF-8 and decode to the same
 * code units. Anything else (longer, or any byte above 0x7f, a BOM included) still goes to the
 * native decoder, with its `fatal` check.
 */
import * as string from 'lib0/string';

/** Up to this length, one `+=` per byte (V8 keeps such strings flat). */
const CONCAT_UP_TO = 12;
/** Up to this length, one `String.fromCharCode` call; longer strings go to the native decoder. */
const CHAR_CODES_UP_TO = 64;

let installed = false;

/** Gives lib0's shared decoder the short-ASCII path (once; later calls do nothing). */
export function installShortStringDecoder(): void {
  const decoder = string.utf8TextDecoder as TextDecoder | null;
  if (installed || !decoder) return;
  installed = true;
  const native = TextDecoder.prototype.decode;
  // An own property on lib0's instance: lib0 calls `utf8TextDecoder.decode(bytes)` on every read.
  Object.defineProperty(decoder, 'decode', {
    value: function decode(this: TextDecoder, bytes?: AllowSharedBufferSource, options?: TextDecodeOptions) {
      if (!(bytes instanceof Uint8Array) || options || bytes.length > CHAR_CODES_UP_TO) {
        return native.call(this, bytes, options);
      }
      return decodeShortAscii(bytes) ?? native.call(this, bytes);
    },
  });
}

/** The string of a short run of ASCII bytes, or null if any byte is not ASCII. */
export function decodeShortAscii(bytes: Uint8Array): string | null {
  const n = bytes.length;
  if (n <= CONCAT_UP_TO) {
    let s = '';
    for (let i = 0; i < n; i++) {
      const c = bytes[i]!;
      if (c > 0x7f) return null;
      s += String.fromCharCode(c);
    }
    return s;
  }
  for (let i = 0; i < n; i++) if (bytes[i]! > 0x7f) return null;
  return String.fromCharCode.apply(null, bytes as unknown as number[]);
}
