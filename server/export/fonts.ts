/**
 * The fonts of server-rendered diagrams: IBM Plex Sans (tldraw's own sans, SIL OFL 1.1), from the
 * @fontsource/ibm-plex-sans package, and DejaVu Sans (free licence, @fontsource/dejavu-sans) for
 * every character Plex's files lack (arrows, ≈, math, many scripts). The packages ship WOFF files; resvg reads only TrueType
 * files from disk, so each WOFF is unwrapped (WOFF 1.0 is the TrueType tables, each
 * zlib-compressed: the result is byte for byte the font inside) into a private temporary folder
 * once per process. The same tables give advance widths, so labels are wrapped with the metrics
 * resvg draws them with (docs/architecture.md, "Export bundle").
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import type { TextMeasure } from '../../lib/diagram/text';

/** The family name inside the font files (what an SVG's font-family must name). */
export const DIAGRAM_FONT_FAMILY = 'IBM Plex Sans';

/** Unicode subsets of Plex shipped by the package, most used first (the first with a glyph measures it). */
const SUBSETS = ['latin', 'latin-ext', 'greek', 'cyrillic', 'cyrillic-ext', 'vietnamese'] as const;
/** Plex's weights: medium (tldraw_sans) and bold; DejaVu's, regular and bold. */
const WEIGHTS = [
  { plex: 500, dejavu: 400 },
  { plex: 700, dejavu: 700 },
] as const;

/** One TrueType font, reduced to what measuring needs. */
interface FontMetrics {
  unitsPerEm: number;
  /** Advance width of each code point the font maps, in font units. */
  advances: Map<number, number>;
}

/** The sfnt (TrueType) bytes inside a WOFF 1.0 file. */
export function woffToSfnt(woff: Uint8Array): Buffer {
  const src = Buffer.from(woff.buffer, woff.byteOffset, woff.byteLength);
  if (src.toString('latin1', 0, 4) !== 'wOFF') throw new Error('not a WOFF file');
  const flavor = src.readUInt32BE(4);
  const numTables = src.readUInt16BE(12);
  const tables: Array<{ tag: string; checksum: number; data: Buffer }> = [];
  for (let i = 0; i < numTables; i++) {
    const at = 44 + i * 20;
    const tag = src.toString('latin1', at, at + 4);
    const offset = src.readUInt32BE(at + 4);
    const compLength = src.readUInt32BE(at + 8);
    const origLength = src.readUInt32BE(at + 12);
    const checksum = src.readUInt32BE(at + 16);
    const raw = src.subarray(offset, offset + compLength);
    const data = compLength < origLength ? zlib.inflateSync(raw) : Buffer.from(raw);
    if (data.length !== origLength) throw new Error(`WOFF table ${tag}: wrong length`);
    tables.push({ tag, checksum, data });
  }
  tables.sort((a, b) => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
  const pow = 2 ** Math.floor(Math.log2(numTables));
  const header = Buffer.alloc(12 + numTables * 16);
  header.writeUInt32BE(flavor, 0);
  header.writeUInt16BE(numTables, 4);
  header.writeUInt16BE(pow * 16, 6);
  header.writeUInt16BE(Math.log2(pow), 8);
  header.writeUInt16BE(numTables * 16 - pow * 16, 10);
  const parts: Buffer[] = [header];
  let offset = header.length;
  tables.forEach((t, i) => {
    const at = 12 + i * 16;
    header.write(t.tag, at, 'latin1');
    header.writeUInt32BE(t.checksum, at + 4);
    header.writeUInt32BE(offset, at + 8);
    header.writeUInt32BE(t.data.length, at + 12);
    const padded = Buffer.alloc((t.data.length + 3) & ~3);
    t.data.copy(padded);
    parts.push(padded);
    offset += padded.length;
  });
  return Buffer.concat(parts);
}

/** Reads units per em, the character map and the advance widths of a TrueType font. */
export function readMetrics(sfnt: Buffer): FontMetrics {
  const numTables = sfnt.readUInt16BE(4);
  const table = (tag: string): number => {
    for (let i = 0; i < numTables; i++) {
      const at = 12 + i * 16;
      if (sfnt.toString('latin1', at, at + 4) === tag) return sfnt.readUInt32BE(at + 8);
    }
    throw new Error(`font has no ${tag} table`);
  };
  const head = table('head');
  const hhea = table('hhea');
  const hmtx = table('hmtx');
  const cmap = table('cmap');
  const unitsPerEm = sfnt.readUInt16BE(head + 18);
  const numberOfHMetrics = sfnt.readUInt16BE(hhea + 34);
  const advanceOf = (glyph: number) => sfnt.readUInt16BE(hmtx + 4 * Math.min(glyph, numberOfHMetrics - 1));

  // The Unicode subtable: format 12 (full range) when present, else format 4 (BMP).
  const subtables: Array<{ format: number; at: number }> = [];
  const count = sfnt.readUInt16BE(cmap + 2);
  for (let i = 0; i < count; i++) {
    const platform = sfnt.readUInt16BE(cmap + 4 + i * 8);
    const encoding = sfnt.readUInt16BE(cmap + 6 + i * 8);
    const at = cmap + sfnt.readUInt32BE(cmap + 8 + i * 8);
    if (platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10))) {
      subtables.push({ format: sfnt.readUInt16BE(at), at });
    }
  }
  const advances = new Map<number, number>();
  const f12 = subtables.find((s) => s.format === 12);
  const f4 = subtables.find((s) => s.format === 4);
  if (f12) {
    const groups = sfnt.readUInt32BE(f12.at + 12);
    for (let g = 0; g < groups; g++) {
      const at = f12.at + 16 + g * 12;
      const start = sfnt.readUInt32BE(at);
      const end = sfnt.readUInt32BE(at + 4);
      const glyph = sfnt.readUInt32BE(at + 8);
      for (let c = start; c <= end && c - start < 0x10000; c++) advances.set(c, advanceOf(glyph + c - start));
    }
  } else if (f4) {
    const segX2 = sfnt.readUInt16BE(f4.at + 6);
    const ends = f4.at + 14;
    const starts = ends + segX2 + 2;
    const deltas = starts + segX2;
    const rangeOffsets = deltas + segX2;
    for (let s = 0; s < segX2 / 2; s++) {
      const end = sfnt.readUInt16BE(ends + s * 2);
      const start = sfnt.readUInt16BE(starts + s * 2);
      const delta = sfnt.readInt16BE(deltas + s * 2);
      const rangeOffset = sfnt.readUInt16BE(rangeOffsets + s * 2);
      for (let c = start; c <= end && c !== 0xffff; c++) {
        let glyph: number;
        if (rangeOffset === 0) glyph = (c + delta) & 0xffff;
        else {
          const at = rangeOffsets + s * 2 + rangeOffset + (c - start) * 2;
          glyph = sfnt.readUInt16BE(at);
          if (glyph !== 0) glyph = (glyph + delta) & 0xffff;
        }
        if (glyph !== 0) advances.set(c, advanceOf(glyph));
      }
    }
  } else throw new Error('font has no Unicode character map');
  return { unitsPerEm, advances };
}

/** The diagram font, ready for resvg (files) and for measuring (metrics). */
export interface DiagramFont {
  /** TrueType files for resvg, in the order fonts are tried. */
  files: string[];
  measure: TextMeasure;
}

let loaded: DiagramFont | null = null;

/** Loads the font once per process (a few milliseconds) and returns it. */
export function diagramFont(): DiagramFont {
  if (loaded) return loaded;
  const require = createRequire(import.meta.url);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'boardroom-fonts-'));
  process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  const files: string[] = [];
  const regular: FontMetrics[] = [];
  const bold: FontMetrics[] = [];
  for (const weight of WEIGHTS) {
    const names = [
      ...SUBSETS.map((subset) => `ibm-plex-sans/files/ibm-plex-sans-${subset}-${weight.plex}-normal`),
      `dejavu-sans/files/dejavu-sans-latin-${weight.dejavu}-normal`,
    ];
    for (const name of names) {
      const sfnt = woffToSfnt(fs.readFileSync(require.resolve(`@fontsource/${name}.woff`)));
      const file = path.join(dir, `${path.basename(name)}.ttf`);
      fs.writeFileSync(file, sfnt);
      files.push(file);
      (weight.plex === 500 ? regular : bold).push(readMetrics(sfnt));
    }
  }
  // Width in ems of each character, per weight, resolved once (the first font that has it).
  const tables = [regular, bold].map((fonts) => {
    const cache = new Map<number, number>();
    return (c: number): number => {
      let em = cache.get(c);
      if (em === undefined) {
        const font = fonts.find((f) => f.advances.has(c));
        // A character no font has: resvg draws nothing for it; count it as a wide glyph anyway.
        em = font ? font.advances.get(c)! / font.unitsPerEm : 0.6;
        cache.set(c, em);
      }
      return em;
    };
  });
  const widthOf = (emOf: (c: number) => number, text: string): number => {
    let em = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.codePointAt(i)!;
      if (c > 0xffff) i++;
      em += emOf(c);
    }
    return em;
  };
  loaded = {
    files,
    measure: (text, fontSize, weight = 'normal') =>
      widthOf(tables[weight === 'bold' ? 1 : 0]!, text) * fontSize,
  };
  return loaded;
}
