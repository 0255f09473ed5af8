/** Real PNG files of a chosen size, for upload tests (the server may check more than the type). */
import zlib from 'node:zlib';

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** The 8-byte PNG signature. */
export const PNG_SIGNATURE = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);

/**
 * A valid grayscale PNG of about `bytes` bytes (at least ~80): a square of noise, stored
 * uncompressed. `seed` varies the pixels so two files differ.
 */
export function pngOfSize(bytes: number, seed = 1): Uint8Array<ArrayBuffer> {
  const side = Math.max(1, Math.floor(Math.sqrt(Math.max(1, bytes - 80))));
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(side, 0);
  ihdr.writeUInt32BE(side, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // grayscale
  const pixels = Buffer.alloc((side + 1) * side); // each row: filter byte 0, then pixels
  let s = seed >>> 0 || 1;
  for (let i = 0; i < pixels.length; i++) {
    pixels[i] = i % (side + 1) === 0 ? 0 : (s = (s * 1664525 + 1013904223) >>> 0) >>> 24;
  }
  const idat = zlib.deflateSync(pixels, { level: 0 });
  const file = Buffer.concat([
    PNG_SIGNATURE,
    chunk('IHDR', ihdr),
    chunk('IDAT', idat),
    chunk('IEND', Buffer.alloc(0)),
  ]);
  return new Uint8Array(file);
}
