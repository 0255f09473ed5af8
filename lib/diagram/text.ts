/**
 * Text for server-rendered diagrams: tldraw's rich text as plain lines, wrapping at a width with a
 * measuring function, and escaping for XML. Pure (docs/architecture.md, "Export bundle").
 */

/** Measures the width of one line of text at a font size (server: the font's own metrics). */
export type TextMeasure = (text: string, fontSize: number, weight?: 'normal' | 'bold') => number;

interface RichNode {
  type?: unknown;
  text?: unknown;
  content?: unknown;
}

/**
 * The plain text of tldraw's rich text (a TipTap document): one line per paragraph or heading,
 * hard breaks kept, list items with a bullet or their number. At most `max` characters.
 */
export function richTextToPlain(value: unknown, max = 4_000): string {
  const lines: string[] = [];
  let line = '';
  let chars = 0;
  const flush = () => {
    lines.push(line);
    line = '';
  };
  const walk = (node: unknown, prefix: string, depth: number): void => {
    if (!node || typeof node !== 'object' || depth > 20 || chars >= max) return;
    const n = node as RichNode;
    if (n.type === 'text' && typeof n.text === 'string') {
      const text = n.text.slice(0, max - chars);
      chars += text.length;
      line += text;
      return;
    }
    if (n.type === 'hardBreak') {
      flush();
      return;
    }
    const children = Array.isArray(n.content) ? n.content : [];
    if (n.type === 'bulletList' || n.type === 'orderedList') {
      children.forEach((item, i) =>
        walk(item, n.type === 'orderedList' ? `${prefix}${i + 1}. ` : `${prefix}• `, depth + 1),
      );
      return;
    }
    if (n.type === 'listItem') {
      let first = true;
      for (const child of children) {
        walk(child, first ? prefix : ' '.repeat(prefix.length), depth + 1);
        first = false;
      }
      return;
    }
    if (n.type === 'paragraph' || n.type === 'heading' || n.type === 'codeBlock') {
      line = prefix;
      for (const child of children) walk(child, '', depth + 1);
      flush();
      return;
    }
    for (const child of children) walk(child, prefix, depth + 1);
  };
  walk(value, '', 0);
  if (line) flush();
  while (lines.length > 0 && !lines[lines.length - 1]!.trim()) lines.pop();
  return lines.join('\n');
}

/**
 * Lines of `text` wrapped at `maxWidth` (null: only at explicit line breaks): between words, and
 * inside a word only when that word alone is wider than the line (as tldraw's labels do).
 */
export function wrapLines(
  text: string,
  fontSize: number,
  maxWidth: number | null,
  measure: TextMeasure,
  weight: 'normal' | 'bold' = 'normal',
): string[] {
  const out: string[] = [];
  const width = (s: string) => measure(s, fontSize, weight);
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.replace(/\t/g, '    ');
    if (maxWidth === null || width(line) <= maxWidth) {
      out.push(line);
      continue;
    }
    let current = '';
    for (const word of line.split(/(?<=\s)/)) {
      if (width(current + word.trimEnd()) <= maxWidth || !current.trim()) {
        if (!current.trim() && width(word.trimEnd()) > maxWidth) {
          // A word wider than the line: break it where it stops fitting.
          let piece = current;
          for (const ch of word) {
            if (piece && width(piece + ch) > maxWidth) {
              out.push(piece);
              piece = '';
            }
            piece += ch;
          }
          current = piece;
        } else current += word;
      } else {
        out.push(current.trimEnd());
        current = word;
        if (width(current.trimEnd()) > maxWidth) {
          let piece = '';
          for (const ch of word) {
            if (piece && width(piece + ch) > maxWidth) {
              out.push(piece);
              piece = '';
            }
            piece += ch;
          }
          current = piece;
        }
      }
    }
    out.push(current.trimEnd());
  }
  return out;
}

/** Characters XML 1.0 cannot hold (control characters, lone surrogates, U+FFFE/U+FFFF). */
const NOT_XML =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text or an attribute value made safe inside XML. */
export function xml(text: string): string {
  return text
    .replace(NOT_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}
