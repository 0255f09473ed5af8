import { describe, expect, it } from 'vitest';
import { toRichText } from '@tldraw/tlschema';
import { renderDiagram } from './render';
import { richTextToPlain, wrapLines, xml, type TextMeasure } from './text';
import { arrowBetween, componentShape, geoShape, textShape } from '../board/fixtures';
import { FIRST_PAGE_ID } from '../board/seed';
import type { RecordJson } from '../board/schema';

// A monospace stand-in for the font: 0.6 em per character.
const mono: TextMeasure = (text, size) => text.length * size * 0.6;
const page: RecordJson = { id: FIRST_PAGE_ID, typeName: 'page', name: 'Page 1', index: 'a1', meta: {} };
const render = (records: RecordJson[], limits = {}) =>
  renderDiagram([page, ...records], { measure: mono, fontFamily: 'Test Sans', limits });

describe('diagram text', () => {
  it('reads rich text as lines: paragraphs, hard breaks, lists', () => {
    const rich = {
      type: 'doc',
      content: [
        { type: 'paragraph', content: [{ type: 'text', text: 'Write path' }] },
        {
          type: 'bulletList',
          content: [
            {
              type: 'listItem',
              content: [{ type: 'paragraph', content: [{ type: 'text', text: 'queue' }] }],
            },
            {
              type: 'listItem',
              content: [{ type: 'paragraph', content: [{ type: 'text', text: 'worker' }] }],
            },
          ],
        },
        {
          type: 'paragraph',
          content: [{ type: 'text', text: 'a' }, { type: 'hardBreak' }, { type: 'text', text: 'b' }],
        },
      ],
    };
    expect(richTextToPlain(rich)).toBe('Write path\n• queue\n• worker\na\nb');
    expect(richTextToPlain(toRichText('one\ntwo'))).toBe('one\ntwo');
    expect(richTextToPlain(toRichText('x'.repeat(50)), 10)).toBe('x'.repeat(10));
  });

  it('wraps between words, and inside a word only when it alone is too wide', () => {
    expect(wrapLines('read replicas for hot keys', 10, 80, mono)).toEqual(['read replicas', 'for hot keys']);
    expect(wrapLines('abcdefghijklmnop', 10, 60, mono)).toEqual(['abcdefghij', 'klmnop']);
    expect(wrapLines('a\nb', 10, null, mono)).toEqual(['a', 'b']);
  });

  it('escapes markup and drops what XML cannot hold', () => {
    expect(xml('<a href="x">&</a>\u0000\u0007\uD800')).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;');
    expect(xml('😀 ok')).toBe('😀 ok');
  });
});

describe('renderDiagram', () => {
  it('draws nothing for an empty page', () => {
    expect(render([])).toBeNull();
  });

  it('sizes the picture to the shapes, with padding, and stops bound arrows at the shapes', () => {
    const d = render([
      componentShape('cache', 'Redis', { id: 'shape:a', x: 0, y: 0 }),
      componentShape('service', 'API', { id: 'shape:b', x: 400, y: 0 }),
      ...arrowBetween('shape:a', 'shape:b', { id: 'shape:arrow' }),
    ])!;
    expect(d.width).toBe(400 + 152 + 32 * 2 + 8);
    expect(d.svg).toContain('>Redis</tspan>');
    // The arrow runs from the right edge of A (x = 152, plus the gap) to the left edge of B.
    const path = /data-shape="shape:arrow"><path d="M([\d.]+) 48L([\d.]+) 48"/.exec(d.svg);
    expect(path).not.toBeNull();
    expect(Number(path![1])).toBeGreaterThan(152);
    expect(Number(path![1])).toBeLessThan(170);
    expect(Number(path![2])).toBeLessThan(400);
    expect(Number(path![2])).toBeGreaterThan(380);
  });

  it('caps the work: shapes past the cap are counted, not drawn; text past the budget is cut', () => {
    const shapes = Array.from({ length: 30 }, (_, i) =>
      geoShape({ id: `shape:s${String(i).padStart(2, '0')}`, x: i * 120, text: `Box ${i}` }),
    );
    const d = render(shapes, { maxShapes: 10 })!;
    expect(d.shapes).toBe(10);
    expect(d.omitted).toBe(20);
    expect(d.svg).toContain('Box 9');
    expect(d.svg).not.toContain('Box 10');
    const cut = render([textShape('y'.repeat(500), { id: 'shape:t' })], { maxChars: 100 })!;
    expect(cut.svg).toContain(`${'y'.repeat(99)}…`);
    expect(cut.svg).not.toContain('y'.repeat(100));
  });
});
