/**
 * The board's final diagram as SVG, drawn from its stored tldraw records without a browser (the
 * server's export bundle). Not tldraw's renderer: no hand-drawn strokes and one font (IBM Plex
 * Sans) for every text, but the same shapes, colours, fills, labels, arrow routes and arrowheads,
 * and our components drawn from the same layout and icon data as on the canvas. Pure; work is
 * capped (shapes, points, characters) and done in steps so a server can yield between them
 * (docs/architecture.md, "Export bundle").
 */
import { b64Vecs } from '@tldraw/tlschema';
import type { RecordJson } from '../board/schema';
import { COMPONENT_SHAPE_TYPE, isComponentKind, type ComponentShapeProps } from '../canvas/componentShape';
import { LAYOUT, layoutComponent, type MeasureText } from '../canvas/componentLayout';
import {
  COMPONENT_COLORS,
  COMPONENT_DETAIL_COLOR,
  COMPONENT_ICON_ELEMENTS,
  COMPONENT_LABEL_COLOR,
} from '../canvas/componentArt';
import {
  BACKGROUND,
  BOUND_ARROW_OFFSET,
  LABEL_PADDING,
  NOTE_SIZE,
  SEMI_FILL,
  THEME,
  arrowLabelFontSize,
  colorOf,
  labelFontSize,
  strokeWidth,
  textFontSize,
} from './palette';
import { richTextToPlain, wrapLines, xml, type TextMeasure } from './text';

/** Caps on the work of one rendering. */
export interface RenderLimits {
  /** Shapes drawn at most; the rest (last in drawing order) are left out and counted. */
  maxShapes: number;
  /** Points of one freehand stroke or line at most (longer ones are thinned evenly). */
  maxPointsPerShape: number;
  /** Points of all strokes together; past it every stroke gets at most 32 points. */
  maxPoints: number;
  /** Characters of text drawn in all, past which labels are cut. */
  maxChars: number;
}

export const DEFAULT_RENDER_LIMITS: RenderLimits = {
  maxShapes: 10_000,
  maxPointsPerShape: 1_000,
  maxPoints: 250_000,
  maxChars: 500_000,
};

export interface RenderOptions {
  measure: TextMeasure;
  /** The font-family written into the SVG (the first name is the one measured). */
  fontFamily: string;
  padding?: number;
  limits?: Partial<RenderLimits>;
  /** Shapes drawn between two steps of `renderDiagramSteps`. */
  shapesPerStep?: number;
}

/** A rendered diagram. */
export interface Diagram {
  svg: string;
  /** Size of the SVG in CSS pixels (page units, padding included). */
  width: number;
  height: number;
  /** Shapes drawn, and shapes left out by the caps. */
  shapes: number;
  omitted: number;
}

type Vec = { x: number; y: number };
/** An affine matrix [a b c d e f]: x' = a x + c y + e, y' = b x + d y + f. */
type Mat = readonly [number, number, number, number, number, number];

const IDENTITY: Mat = [1, 0, 0, 1, 0, 0];
const mul = (m: Mat, n: Mat): Mat => [
  m[0] * n[0] + m[2] * n[1],
  m[1] * n[0] + m[3] * n[1],
  m[0] * n[2] + m[2] * n[3],
  m[1] * n[2] + m[3] * n[3],
  m[0] * n[4] + m[2] * n[5] + m[4],
  m[1] * n[4] + m[3] * n[5] + m[5],
];
const apply = (m: Mat, p: Vec): Vec => ({
  x: m[0] * p.x + m[2] * p.y + m[4],
  y: m[1] * p.x + m[3] * p.y + m[5],
});
const dist = (a: Vec, b: Vec) => Math.hypot(b.x - a.x, b.y - a.y);
const lerp = (a: Vec, b: Vec, t: number): Vec => ({ x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t });

/** A number for SVG: finite, at most two decimals. */
function n(v: number): string {
  if (!Number.isFinite(v)) return '0';
  return String(Math.round(v * 100) / 100);
}
const num = (v: unknown, fallback: number) => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);
const str = (v: unknown, fallback = '') => (typeof v === 'string' ? v : fallback);

interface Shape {
  id: string;
  type: string;
  parentId: string;
  index: string;
  x: number;
  y: number;
  rotation: number;
  opacity: number;
  props: Record<string, unknown>;
}

function asShape(r: RecordJson): Shape | null {
  if (r.typeName !== 'shape' || typeof r.type !== 'string' || typeof r.parentId !== 'string') return null;
  return {
    id: r.id,
    type: r.type,
    parentId: r.parentId,
    index: str(r.index, 'a0'),
    x: num(r.x, 0),
    y: num(r.y, 0),
    rotation: num(r.rotation, 0),
    opacity: Math.min(1, Math.max(0, num(r.opacity, 1))),
    props: r.props && typeof r.props === 'object' ? (r.props as Record<string, unknown>) : {},
  };
}

const byIndex = (a: { index: string; id: string }, b: { index: string; id: string }) =>
  a.index < b.index ? -1 : a.index > b.index ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/** Draws the board's first page; returns null when it has no shape to draw. */
export function renderDiagram(records: readonly RecordJson[], opts: RenderOptions): Diagram | null {
  const steps = renderDiagramSteps(records, opts);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/**
 * The same, in steps: each `next()` draws up to `shapesPerStep` shapes, so a caller may yield to
 * its event loop between steps. The generator's return value is the diagram.
 */
export function* renderDiagramSteps(
  records: readonly RecordJson[],
  opts: RenderOptions,
): Generator<void, Diagram | null, void> {
  const r = new Renderer(records, opts);
  const perStep = Math.max(1, opts.shapesPerStep ?? 250);
  let since = 0;
  for (const _ of r.draw()) {
    if (++since >= perStep) {
      since = 0;
      yield;
    }
  }
  return r.finish();
}

class Renderer {
  private readonly limits: RenderLimits;
  private readonly shapes = new Map<string, Shape>();
  private readonly children = new Map<string, Shape[]>();
  private readonly bindings = new Map<string, Map<'start' | 'end', RecordJson>>();
  private readonly matrices = new Map<string, Mat>();
  private readonly out: string[] = [];
  private readonly defs: string[] = [];
  private readonly measureText: TextMeasure;
  private readonly family: string;
  private minX = Infinity;
  private minY = Infinity;
  private maxX = -Infinity;
  private maxY = -Infinity;
  private drawn = 0;
  private omitted = 0;
  private points = 0;
  private chars = 0;
  private clipIds = 0;
  private readonly page: string | null;

  constructor(
    records: readonly RecordJson[],
    private readonly opts: RenderOptions,
  ) {
    this.limits = { ...DEFAULT_RENDER_LIMITS, ...opts.limits };
    this.measureText = opts.measure;
    this.family = opts.fontFamily;
    const pages = records
      .filter((r) => r.typeName === 'page')
      .map((r) => ({ id: r.id, index: str(r.index, 'a0') }))
      .sort(byIndex);
    this.page = pages[0]?.id ?? null;
    for (const record of records) {
      const shape = asShape(record);
      if (shape) {
        this.shapes.set(shape.id, shape);
        const siblings = this.children.get(shape.parentId) ?? [];
        siblings.push(shape);
        this.children.set(shape.parentId, siblings);
      } else if (record.typeName === 'binding' && record.type === 'arrow') {
        const props = (record.props ?? {}) as { terminal?: unknown };
        const terminal = props.terminal === 'start' || props.terminal === 'end' ? props.terminal : null;
        if (!terminal || typeof record.fromId !== 'string') continue;
        const ends = this.bindings.get(record.fromId) ?? new Map();
        ends.set(terminal, record);
        this.bindings.set(record.fromId, ends);
      }
    }
    for (const list of this.children.values()) list.sort(byIndex);
  }

  /** Draws every shape of the page in tldraw's order (by index, children above their parent). */
  *draw(): Generator<void, void, void> {
    if (!this.page) return;
    yield* this.drawChildren(this.page, IDENTITY, 1, 0);
  }

  private *drawChildren(parentId: string, parent: Mat, opacity: number, depth: number): Generator<void> {
    if (depth > 40) return; // parents never loop (the server checks), but stay bounded anyway
    for (const shape of this.children.get(parentId) ?? []) {
      if (this.drawn >= this.limits.maxShapes) {
        this.omitted += 1 + this.countDescendants(shape.id, 0);
        continue;
      }
      const m = mul(parent, this.localMatrix(shape));
      this.matrices.set(shape.id, m);
      const o = opacity * shape.opacity;
      this.drawn++;
      this.drawShape(shape, m, o);
      yield;
      if (!this.children.has(shape.id)) continue;
      if (shape.type === 'frame') {
        const id = `clip${++this.clipIds}`;
        const { w, h } = this.size(shape);
        this.defs.push(
          `<clipPath id="${id}"><rect transform="${matrixAttr(m)}" width="${n(w)}" height="${n(h)}"/></clipPath>`,
        );
        this.out.push(`<g clip-path="url(#${id})">`);
        yield* this.drawChildren(shape.id, m, o, depth + 1);
        this.out.push('</g>');
      } else yield* this.drawChildren(shape.id, m, o, depth + 1);
    }
  }

  private countDescendants(id: string, depth: number): number {
    if (depth > 40) return 0;
    let count = 0;
    for (const child of this.children.get(id) ?? []) count += 1 + this.countDescendants(child.id, depth + 1);
    return count;
  }

  private localMatrix(s: Shape): Mat {
    const cos = Math.cos(s.rotation);
    const sin = Math.sin(s.rotation);
    return [cos, sin, -sin, cos, s.x, s.y];
  }

  /** The page matrix of a shape (computed on demand for arrow targets drawn later). */
  private matrixOf(shape: Shape): Mat {
    const known = this.matrices.get(shape.id);
    if (known) return known;
    const chain: Shape[] = [];
    let s: Shape | undefined = shape;
    while (s && chain.length <= 40) {
      chain.unshift(s);
      s = this.shapes.get(s.parentId);
    }
    let m = IDENTITY;
    for (const link of chain) m = mul(m, this.localMatrix(link));
    return m;
  }

  finish(): Diagram | null {
    if (this.drawn === 0 || !Number.isFinite(this.minX)) return null;
    const pad = this.opts.padding ?? 32;
    const x = Math.floor(this.minX - pad);
    const y = Math.floor(this.minY - pad);
    const width = Math.ceil(this.maxX + pad) - x;
    const height = Math.ceil(this.maxY + pad) - y;
    const svg = [
      `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="${x} ${y} ${width} ${height}" font-family="${xml(this.family)}">`,
      this.defs.length ? `<defs>${this.defs.join('')}</defs>` : '',
      `<rect x="${x}" y="${y}" width="${width}" height="${height}" fill="${BACKGROUND}"/>`,
      ...this.out,
      '</svg>',
    ].join('\n');
    return { svg, width, height, shapes: this.drawn, omitted: this.omitted };
  }

  // ---- bounds, text ----

  private include(m: Mat, x: number, y: number, w: number, h: number): void {
    for (const p of [
      { x, y },
      { x: x + w, y },
      { x, y: y + h },
      { x: x + w, y: y + h },
    ]) {
      const q = apply(m, p);
      this.minX = Math.min(this.minX, q.x);
      this.minY = Math.min(this.minY, q.y);
      this.maxX = Math.max(this.maxX, q.x);
      this.maxY = Math.max(this.maxY, q.y);
    }
  }

  private includePoints(points: readonly Vec[]): void {
    for (const p of points) this.include(IDENTITY, p.x, p.y, 0, 0);
  }

  /** Text within the character budget. */
  private budget(text: string): string {
    const left = this.limits.maxChars - this.chars;
    if (left <= 0) return '';
    const kept = text.length > left ? `${text.slice(0, Math.max(0, left - 1))}…` : text;
    this.chars += kept.length;
    return kept;
  }

  private measure: MeasureText = (text, fontSize, maxWidth) => {
    const lines = wrapLines(text, fontSize, maxWidth, this.measureText);
    return {
      w: Math.max(0, ...lines.map((l) => this.measureText(l, fontSize))),
      h: lines.length * fontSize * LAYOUT.lineHeight,
    };
  };

  /**
   * A block of text lines: `x` is the left edge, centre or right edge per `anchor`, `top` the top
   * of the first line. Returns the SVG.
   */
  private textBlock(
    lines: readonly string[],
    o: {
      x: number;
      top: number;
      size: number;
      lineHeight: number;
      anchor: 'start' | 'middle' | 'end';
      color: string;
      weight?: 'normal' | 'bold';
    },
  ): string {
    const spans = lines
      .map((line, i) =>
        line.trim()
          ? `<tspan x="${n(o.x)}" y="${n(o.top + i * o.lineHeight + (o.lineHeight - o.size) / 2 + o.size * 0.8)}">${xml(line)}</tspan>`
          : '',
      )
      .join('');
    if (!spans) return '';
    return `<text font-size="${n(o.size)}"${o.weight === 'bold' ? ' font-weight="bold"' : ''} fill="${o.color}" text-anchor="${o.anchor}" xml:space="preserve">${spans}</text>`;
  }

  /** The local size of a shape (what arrows bind to and frames clip to). */
  private size(s: Shape): { w: number; h: number } {
    const p = s.props;
    const scale = num(p.scale, 1);
    switch (s.type) {
      case 'note':
        return { w: NOTE_SIZE * scale, h: (NOTE_SIZE + num(p.growY, 0)) * scale };
      case 'geo':
        return { w: num(p.w, 100), h: num(p.h, 100) + num(p.growY, 0) };
      case 'text': {
        const { lines, size, width } = this.textLayout(s, false);
        return { w: width, h: Math.max(1, lines.length) * size * THEME.lineHeight };
      }
      case 'draw':
      case 'highlight':
      case 'line': {
        const pts = this.strokePoints(s, false);
        if (pts.length === 0) return { w: 1, h: 1 };
        return {
          w: Math.max(1, Math.max(...pts.map((q) => q.x))),
          h: Math.max(1, Math.max(...pts.map((q) => q.y))),
        };
      }
      default:
        return { w: Math.max(1, num(p.w, 100)), h: Math.max(1, num(p.h, 100)) };
    }
  }

  // ---- shapes ----

  private drawShape(s: Shape, m: Mat, opacity: number): void {
    const start = this.out.length;
    switch (s.type) {
      case 'geo':
        this.geo(s, m);
        break;
      case 'note':
        this.note(s, m);
        break;
      case 'text':
        this.text(s, m);
        break;
      case 'draw':
      case 'highlight':
      case 'line':
        this.stroke(s, m);
        break;
      case 'frame':
        this.frame(s, m);
        break;
      case 'arrow':
        this.arrow(s, m);
        break;
      case COMPONENT_SHAPE_TYPE:
        this.component(s, m);
        break;
      case 'group':
        break;
      default:
        this.placeholder(s, m);
    }
    if (opacity < 1 && this.out.length > start) {
      this.out.splice(start, 0, `<g opacity="${n(opacity)}">`);
      this.out.push('</g>');
    }
  }

  private open(m: Mat, id: string): string {
    return `<g data-shape="${xml(id)}" transform="${matrixAttr(m)}">`;
  }

  private geo(s: Shape, m: Mat): void {
    const p = s.props;
    const { w, h } = this.size(s);
    const color = colorOf(p.color);
    const sw = strokeWidth(p.size) * num(p.scale, 1);
    const outline = geoOutline(str(p.geo, 'rectangle'), w, h, sw);
    this.include(m, 0, 0, w, h);
    const parts = [this.open(m, s.id)];
    const fill = fillColor(str(p.fill, 'none'), color);
    const flip = (p.flipX === true || p.flipY === true) && !outline.symmetric;
    const flipAttr = flip
      ? ` transform="matrix(${p.flipX === true ? -1 : 1} 0 0 ${p.flipY === true ? -1 : 1} ${p.flipX === true ? n(w) : 0} ${p.flipY === true ? n(h) : 0})"`
      : '';
    parts.push(
      `<path d="${outline.d}" fill="${fill}" stroke="${color.solid}" stroke-width="${n(sw)}" stroke-linejoin="round" stroke-linecap="round"${dashAttr(p.dash, sw)}${flipAttr}/>`,
    );
    if (outline.extra)
      parts.push(
        `<path d="${outline.extra}" fill="none" stroke="${color.solid}" stroke-width="${n(sw)}" stroke-linecap="round" stroke-linejoin="round"${flipAttr}/>`,
      );
    const text = this.budget(richTextToPlain(p.richText));
    if (text.trim()) {
      const scale = num(p.scale, 1);
      const size = labelFontSize(p.size) * scale;
      const pad = LABEL_PADDING * scale;
      const lines = wrapLines(text, size, Math.max(size, w - pad * 2), this.measureText);
      const lh = size * THEME.lineHeight;
      const blockH = lines.length * lh;
      const align = str(p.align, 'middle');
      const valign = str(p.verticalAlign, 'middle');
      const anchor = align.startsWith('start') ? 'start' : align.startsWith('end') ? 'end' : 'middle';
      const x = anchor === 'start' ? pad : anchor === 'end' ? w - pad : w / 2;
      const top = valign === 'start' ? pad : valign === 'end' ? h - pad - blockH : (h - blockH) / 2;
      parts.push(
        this.textBlock(lines, { x, top, size, lineHeight: lh, anchor, color: colorOf(p.labelColor).solid }),
      );
      this.include(m, 0, top, w, blockH);
    }
    parts.push('</g>');
    this.out.push(parts.join(''));
  }

  private note(s: Shape, m: Mat): void {
    const p = s.props;
    const { w, h } = this.size(s);
    const scale = num(p.scale, 1);
    const color = colorOf(p.color);
    this.include(m, 0, 0, w, h);
    const parts = [
      this.open(m, s.id),
      `<rect x="0" y="${n(2 * scale)}" width="${n(w)}" height="${n(h)}" rx="${n(6 * scale)}" fill="#000000" fill-opacity="0.12"/>`,
      `<rect width="${n(w)}" height="${n(h)}" rx="${n(6 * scale)}" fill="${color.noteFill}"/>`,
    ];
    const text = this.budget(richTextToPlain(p.richText));
    if (text.trim()) {
      const size = labelFontSize(p.size) * num(p.fontSizeAdjustment, 1) * scale;
      const pad = LABEL_PADDING * scale;
      const lines = wrapLines(text, size, Math.max(size, w - pad * 2), this.measureText);
      const lh = size * THEME.lineHeight;
      const blockH = lines.length * lh;
      const align = str(p.align, 'middle');
      const valign = str(p.verticalAlign, 'middle');
      const anchor = align.startsWith('start') ? 'start' : align.startsWith('end') ? 'end' : 'middle';
      const x = anchor === 'start' ? pad : anchor === 'end' ? w - pad : w / 2;
      const top = valign === 'start' ? pad : valign === 'end' ? h - pad - blockH : (h - blockH) / 2;
      const labelColor =
        p.labelColor === 'black' || p.labelColor === undefined ? color.noteText : colorOf(p.labelColor).solid;
      parts.push(this.textBlock(lines, { x, top, size, lineHeight: lh, anchor, color: labelColor }));
      this.include(m, 0, top, w, blockH);
    }
    parts.push('</g>');
    this.out.push(parts.join(''));
  }

  private textLayout(
    s: Shape,
    spend: boolean,
  ): { lines: string[]; size: number; width: number; text: string } {
    const p = s.props;
    const size = textFontSize(p.size) * num(p.scale, 1);
    const plain = richTextToPlain(p.richText);
    const text = spend ? this.budget(plain) : plain;
    const fixed = p.autoSize === false;
    const lines = wrapLines(text, size, fixed ? Math.max(size, num(p.w, 8)) : null, this.measureText);
    const widest = Math.max(0, ...lines.map((l) => this.measureText(l, size)));
    return { lines, size, width: fixed ? Math.max(1, num(p.w, 8)) : Math.max(1, widest), text };
  }

  private text(s: Shape, m: Mat): void {
    const p = s.props;
    const { lines, size, width, text } = this.textLayout(s, true);
    if (!text.trim()) return;
    const lh = size * THEME.lineHeight;
    const align = str(p.textAlign, 'start');
    const anchor = align === 'middle' ? 'middle' : align === 'end' ? 'end' : 'start';
    const x = anchor === 'start' ? 0 : anchor === 'end' ? width : width / 2;
    this.include(m, 0, 0, width, lines.length * lh);
    this.out.push(
      `${this.open(m, s.id)}${this.textBlock(lines, { x, top: 0, size, lineHeight: lh, anchor, color: colorOf(p.color).solid })}</g>`,
    );
  }

  /** The points of a freehand stroke, highlight or line, in shape space, thinned to the caps. */
  private strokePoints(s: Shape, spend: boolean): Vec[] {
    const p = s.props;
    let pts: Vec[] = [];
    if (s.type === 'line') {
      const raw = p.points && typeof p.points === 'object' ? Object.values(p.points as object) : [];
      pts = (raw as Array<{ index?: unknown; x?: unknown; y?: unknown; id?: unknown }>)
        .map((q) => ({ index: str(q.index, 'a0'), id: str(q.id), x: num(q.x, 0), y: num(q.y, 0) }))
        .sort(byIndex)
        .map(({ x, y }) => ({ x, y }));
    } else {
      const sx = num(p.scaleX, 1) * num(p.scale, 1);
      const sy = num(p.scaleY, 1) * num(p.scale, 1);
      for (const seg of Array.isArray(p.segments) ? p.segments : []) {
        const path = (seg as { path?: unknown }).path;
        const dim = (seg as { dim?: unknown }).dim === 2 ? 2 : 3;
        if (typeof path !== 'string' || !path) continue;
        try {
          for (const q of b64Vecs.decodePoints(path, dim)) pts.push({ x: q.x * sx, y: q.y * sy });
        } catch {
          // a path that does not decode draws nothing
        }
      }
    }
    const overBudget = this.points >= this.limits.maxPoints;
    const cap = overBudget ? 32 : this.limits.maxPointsPerShape;
    if (pts.length > cap) {
      const step = (pts.length - 1) / (cap - 1);
      pts = Array.from({ length: cap }, (_, i) => pts[Math.round(i * step)]!);
    }
    if (spend) this.points += pts.length;
    return pts;
  }

  private stroke(s: Shape, m: Mat): void {
    const p = s.props;
    const pts = this.strokePoints(s, true);
    if (pts.length === 0) return;
    const color = colorOf(p.color);
    const scale = num(p.scale, 1);
    let sw = strokeWidth(p.size) * scale;
    let stroke = color.solid;
    let extra = '';
    if (s.type === 'highlight') {
      sw = sw * 4 + 4;
      stroke = color.highlight;
      extra = ' stroke-opacity="0.7"';
    }
    let d: string;
    if (pts.length === 1) d = `M${n(pts[0]!.x)} ${n(pts[0]!.y)}l0.01 0`;
    else if (s.type === 'line' && p.spline === 'cubic') d = smoothPath(pts);
    else d = `M${pts.map((q) => `${n(q.x)} ${n(q.y)}`).join('L')}`;
    const closed = s.type === 'draw' && p.isClosed === true;
    const fill = closed ? fillColor(str(p.fill, 'none'), color) : 'none';
    if (closed) d += 'Z';
    for (const q of pts) this.include(m, q.x - sw, q.y - sw, sw * 2, sw * 2);
    this.out.push(
      `${this.open(m, s.id)}<path d="${d}" fill="${fill}" stroke="${stroke}" stroke-width="${n(sw)}" stroke-linecap="round" stroke-linejoin="round"${extra}${s.type === 'highlight' ? '' : dashAttr(p.dash, sw)}/></g>`,
    );
  }

  private frame(s: Shape, m: Mat): void {
    const p = s.props;
    const { w, h } = this.size(s);
    const color = colorOf(p.color);
    const name = this.budget(str(p.name).trim() || 'Frame');
    this.include(m, 0, -24, w, h + 24);
    this.out.push(
      `${this.open(m, s.id)}<rect width="${n(w)}" height="${n(h)}" fill="${color.frameFill}" stroke="${color.frameStroke}" stroke-width="1"/>` +
        `${this.textBlock([name], { x: 0, top: -22, size: 12, lineHeight: 18, anchor: 'start', color: '#1d1d1d' })}</g>`,
    );
  }

  private component(s: Shape, m: Mat): void {
    const raw = s.props;
    const kind = isComponentKind(raw.kind) ? raw.kind : 'box';
    const props: ComponentShapeProps = {
      kind,
      w: Math.max(1, num(raw.w, 152)),
      h: Math.max(1, num(raw.h, 96)),
      text: this.budget(str(raw.text)),
      replicas: Math.max(1, Math.round(num(raw.replicas, 1))),
      tech: this.budget(str(raw.tech)),
      capacity: this.budget(str(raw.capacity)),
      estimate: this.budget(str(raw.estimate)),
      estimateRef: '',
    };
    const layout = layoutComponent(props, this.measure);
    const { accent, tint } = COMPONENT_COLORS[kind];
    const { card } = layout;
    const left = card.x + LAYOUT.padX;
    const centre = left + layout.textWidth / 2;
    const cardSvg = (r: { x: number; y: number; w: number; h: number }) =>
      `<rect x="${n(r.x + 1)}" y="${n(r.y + 1)}" width="${n(Math.max(0, r.w - 2))}" height="${n(Math.max(0, r.h - 2))}" rx="${LAYOUT.radius}" fill="${tint}" stroke="${accent}" stroke-width="2"/>`;
    const parts = [this.open(m, s.id), ...layout.backCards.map(cardSvg), cardSvg(card)];
    const icon = COMPONENT_ICON_ELEMENTS[kind]
      .map((el) => {
        const attrs = Object.entries(el.attrs)
          .map(([k, v]) => `${k}="${xml(String(v).replace('currentColor', accent))}"`)
          .join(' ');
        return `<${el.tag} ${attrs}/>`;
      })
      .join('');
    parts.push(
      `<g transform="translate(${n(card.x + (card.w - LAYOUT.icon) / 2)} ${n(card.y + LAYOUT.padTop)}) scale(${n(LAYOUT.icon / 24)})" fill="none" stroke="${accent}" stroke-width="1.75" stroke-linecap="round" stroke-linejoin="round">${icon}</g>`,
    );
    const lineOf = (size: number) => size * LAYOUT.lineHeight;
    if (props.text.trim()) {
      const lines = wrapLines(props.text, layout.labelFont, layout.textWidth, this.measureText);
      parts.push(
        this.textBlock(lines, {
          x: centre,
          top: layout.labelTop,
          size: layout.labelFont,
          lineHeight: lineOf(layout.labelFont),
          anchor: 'middle',
          color: COMPONENT_LABEL_COLOR,
        }),
      );
    }
    if (layout.details) {
      const lines = wrapLines(layout.details, LAYOUT.detailFont, layout.textWidth, this.measureText);
      parts.push(
        this.textBlock(lines, {
          x: centre,
          top: layout.detailsTop,
          size: LAYOUT.detailFont,
          lineHeight: lineOf(LAYOUT.detailFont),
          anchor: 'middle',
          color: COMPONENT_DETAIL_COLOR,
        }),
      );
    }
    if (props.estimate) {
      const lines = wrapLines(
        `≈ ${props.estimate}`,
        LAYOUT.detailFont,
        layout.textWidth - 8,
        this.measureText,
      );
      parts.push(
        `<rect x="${n(left)}" y="${n(layout.estimateTop)}" width="${n(layout.textWidth)}" height="${n(layout.estimateHeight)}" rx="4" fill="#ffffff" stroke="${accent}" stroke-dasharray="3 2"/>`,
        this.textBlock(lines, {
          x: centre,
          top: layout.estimateTop + 2,
          size: LAYOUT.detailFont,
          lineHeight: lineOf(LAYOUT.detailFont),
          anchor: 'middle',
          color: COMPONENT_LABEL_COLOR,
        }),
      );
    }
    if (props.replicas > 1) {
      parts.push(
        `<g transform="translate(${n(card.x + card.w - 8)} ${n(card.y - 8)})"><rect x="-16" y="0" width="32" height="18" rx="9" fill="${accent}"/>` +
          `<text x="0" y="13" font-size="11" font-weight="bold" fill="#ffffff" text-anchor="middle">×${props.replicas}</text></g>`,
      );
    }
    parts.push('</g>');
    this.include(
      m,
      0,
      -8,
      Math.max(props.w, layout.neededWidth) + 8,
      Math.max(props.h, layout.neededHeight) + 8,
    );
    this.out.push(parts.join(''));
  }

  private placeholder(s: Shape, m: Mat): void {
    const p = s.props;
    const { w, h } = this.size(s);
    const what =
      s.type === 'image'
        ? `Image${str(p.altText) ? `: ${str(p.altText)}` : ''}`
        : s.type === 'video'
          ? 'Video'
          : s.type === 'bookmark' || s.type === 'embed'
            ? `Link: ${str(p.url)}`
            : s.type;
    const label = this.budget(what.slice(0, 200));
    const size = 14;
    const lines = wrapLines(label, size, Math.max(size, w - 16), this.measureText).slice(0, 3);
    this.include(m, 0, 0, w, h);
    this.out.push(
      `${this.open(m, s.id)}<rect width="${n(w)}" height="${n(h)}" fill="#f1f3f5" stroke="#adb5bd" stroke-dasharray="6 4"/>` +
        `${this.textBlock(lines, { x: w / 2, top: h / 2 - (lines.length * size * 1.3) / 2, size, lineHeight: size * 1.3, anchor: 'middle', color: '#495057' })}</g>`,
    );
  }

  // ---- arrows ----

  /** Where one end of an arrow is, in page space, and the outline of the shape it is bound to. */
  private terminal(
    arrow: Shape,
    m: Mat,
    which: 'start' | 'end',
  ): { point: Vec; outline: Vec[] | null; exact: boolean } {
    const binding = this.bindings.get(arrow.id)?.get(which);
    const target = binding && typeof binding.toId === 'string' ? this.shapes.get(binding.toId) : undefined;
    if (binding && target && target.type !== 'arrow') {
      const bp = (binding.props ?? {}) as {
        normalizedAnchor?: { x?: unknown; y?: unknown };
        isPrecise?: unknown;
        isExact?: unknown;
      };
      const precise = bp.isPrecise === true;
      const anchor = precise
        ? { x: num(bp.normalizedAnchor?.x, 0.5), y: num(bp.normalizedAnchor?.y, 0.5) }
        : { x: 0.5, y: 0.5 };
      const tm = this.matrixOf(target);
      const { w, h } = this.size(target);
      const point = apply(tm, { x: anchor.x * w, y: anchor.y * h });
      const local =
        target.type === 'geo'
          ? geoPolygon(str(target.props.geo, 'rectangle'), w, h)
          : [
              { x: 0, y: 0 },
              { x: w, y: 0 },
              { x: w, y: h },
              { x: 0, y: h },
            ];
      return { point, outline: local.map((q) => apply(tm, q)), exact: bp.isExact === true };
    }
    const own = (arrow.props[which] ?? {}) as { x?: unknown; y?: unknown };
    return { point: apply(m, { x: num(own.x, 0), y: num(own.y, 0) }), outline: null, exact: false };
  }

  private arrow(s: Shape, m: Mat): void {
    const p = s.props;
    const scale = num(p.scale, 1);
    const sw = strokeWidth(p.size) * scale;
    const color = colorOf(p.color);
    const a = this.terminal(s, m, 'start');
    const b = this.terminal(s, m, 'end');
    let path: Vec[];
    const bend = num(p.bend, 0);
    if (p.kind === 'elbow') {
      const t = Math.min(1, Math.max(0, num(p.elbowMidPoint, 0.5)));
      const dx = b.point.x - a.point.x;
      const dy = b.point.y - a.point.y;
      if (Math.abs(dx) >= Math.abs(dy)) {
        const mx = a.point.x + dx * t;
        path = [a.point, { x: mx, y: a.point.y }, { x: mx, y: b.point.y }, b.point];
      } else {
        const my = a.point.y + dy * t;
        path = [a.point, { x: a.point.x, y: my }, { x: b.point.x, y: my }, b.point];
      }
    } else if (Math.abs(bend) > 0.5 && dist(a.point, b.point) > 1) {
      const len = dist(a.point, b.point);
      const u = { x: (b.point.x - a.point.x) / len, y: (b.point.y - a.point.y) / len };
      const mid = lerp(a.point, b.point, 0.5);
      const middle = { x: mid.x - u.y * bend, y: mid.y + u.x * bend };
      path = arcPoints(a.point, middle, b.point, 48);
    } else path = [a.point, b.point];

    // Bound ends stop at the shape's edge, a little short of it, unless bound exactly.
    const offset = (BOUND_ARROW_OFFSET + sw / 2) * scale;
    if (a.outline && !a.exact) path = trimStart(path, a.outline, offset);
    if (b.outline && !b.exact) path = trimStart([...path].reverse(), b.outline, offset).reverse();
    if (path.length < 2) return;
    this.includePoints(path);

    const parts = [`<g data-shape="${xml(s.id)}">`];
    const d = `M${path.map((q) => `${n(q.x)} ${n(q.y)}`).join('L')}`;
    parts.push(
      `<path d="${d}" fill="none" stroke="${color.solid}" stroke-width="${n(sw)}" stroke-linecap="round" stroke-linejoin="round"${dashAttr(p.dash, sw)}/>`,
    );
    const total = polyLength(path);
    for (const [which, style] of [
      ['end', str(p.arrowheadEnd, 'arrow')],
      ['start', str(p.arrowheadStart, 'none')],
    ] as const) {
      if (style === 'none') continue;
      const pts = which === 'end' ? path : [...path].reverse();
      const point = pts[pts.length - 1]!;
      const length = Math.min(Math.max(total / 5, sw), sw * 3);
      const int = pointBack(pts, length);
      const head = arrowhead(style, point, int);
      if (!head) continue;
      parts.push(
        head.filled
          ? `<path d="${head.d}" fill="${color.solid}" stroke="${color.solid}" stroke-width="${n(sw)}" stroke-linejoin="round"/>`
          : `<path d="${head.d}" fill="none" stroke="${color.solid}" stroke-width="${n(sw)}" stroke-linecap="round" stroke-linejoin="round"/>`,
      );
    }
    const text = this.budget(richTextToPlain(p.richText));
    if (text.trim()) {
      const size = arrowLabelFontSize(p.size) * scale;
      const lines = wrapLines(text, size, Math.max(size * 4, 240 * scale), this.measureText);
      const lh = size * THEME.lineHeight;
      const w = Math.max(...lines.map((l) => this.measureText(l, size)));
      const h = lines.length * lh;
      const at = pointAlong(path, total * Math.min(1, Math.max(0, num(p.labelPosition, 0.5))));
      const pad = 4.25 * scale;
      parts.push(
        `<rect x="${n(at.x - w / 2 - pad)}" y="${n(at.y - h / 2 - pad)}" width="${n(w + pad * 2)}" height="${n(h + pad * 2)}" rx="${n(4 * scale)}" fill="${BACKGROUND}"/>`,
        this.textBlock(lines, {
          x: at.x,
          top: at.y - h / 2,
          size,
          lineHeight: lh,
          anchor: 'middle',
          color: colorOf(p.labelColor).solid,
        }),
      );
      this.include(IDENTITY, at.x - w / 2 - pad, at.y - h / 2 - pad, w + pad * 2, h + pad * 2);
    }
    parts.push('</g>');
    this.out.push(parts.join(''));
  }
}

function matrixAttr(m: Mat): string {
  return `matrix(${m.map(n).join(' ')})`;
}

function dashAttr(dash: unknown, sw: number): string {
  if (dash === 'dashed') return ` stroke-dasharray="${n(sw * 2)} ${n(sw * 2)}"`;
  if (dash === 'dotted') return ` stroke-dasharray="0 ${n(sw * 2)}"`;
  return '';
}

function fillColor(fill: string, color: ReturnType<typeof colorOf>): string {
  switch (fill) {
    case 'semi':
      return SEMI_FILL;
    case 'solid':
      return color.semi;
    case 'pattern':
      return color.semi;
    case 'fill':
      return color.fill;
    case 'lined-fill':
      return color.linedFill;
    default:
      return 'none';
  }
}

/** Outline polygon of a geo shape (for drawing polygons and for clipping arrows). */
function geoPolygon(geo: string, w: number, h: number): Vec[] {
  const poly = (pts: Array<[number, number]>) => pts.map(([x, y]) => ({ x: x * w, y: y * h }));
  const regular = (sides: number, start: number) =>
    Array.from({ length: sides }, (_, i) => {
      const a = start + (i * Math.PI * 2) / sides;
      return { x: w / 2 + (Math.cos(a) * w) / 2, y: h / 2 + (Math.sin(a) * h) / 2 };
    });
  switch (geo) {
    case 'ellipse':
    case 'oval':
    case 'cloud':
    case 'heart':
      return regular(48, 0);
    case 'triangle':
      return poly([
        [0.5, 0],
        [1, 1],
        [0, 1],
      ]);
    case 'diamond':
      return poly([
        [0.5, 0],
        [1, 0.5],
        [0.5, 1],
        [0, 0.5],
      ]);
    case 'pentagon':
      return regular(5, -Math.PI / 2);
    case 'hexagon':
      return regular(6, 0);
    case 'octagon':
      return regular(8, Math.PI / 8);
    case 'star': {
      const pts: Vec[] = [];
      for (let i = 0; i < 10; i++) {
        const a = -Math.PI / 2 + (i * Math.PI) / 5;
        const r = i % 2 === 0 ? 0.5 : 0.2;
        pts.push({ x: w / 2 + Math.cos(a) * r * w, y: h / 2 + Math.sin(a) * r * h });
      }
      return pts;
    }
    case 'rhombus': {
      const o = Math.min(w * 0.25, h * 0.5);
      return [
        { x: o, y: 0 },
        { x: w, y: 0 },
        { x: w - o, y: h },
        { x: 0, y: h },
      ];
    }
    case 'rhombus-2': {
      const o = Math.min(w * 0.25, h * 0.5);
      return [
        { x: 0, y: 0 },
        { x: w - o, y: 0 },
        { x: w, y: h },
        { x: o, y: h },
      ];
    }
    case 'trapezoid': {
      const o = Math.min(w * 0.25, h * 0.5);
      return [
        { x: o, y: 0 },
        { x: w - o, y: 0 },
        { x: w, y: h },
        { x: 0, y: h },
      ];
    }
    case 'arrow-right':
    case 'arrow-left':
    case 'arrow-up':
    case 'arrow-down': {
      const right = poly([
        [0, 0.25],
        [0.6, 0.25],
        [0.6, 0],
        [1, 0.5],
        [0.6, 1],
        [0.6, 0.75],
        [0, 0.75],
      ]);
      if (geo === 'arrow-right') return right;
      if (geo === 'arrow-left') return right.map((q) => ({ x: w - q.x, y: q.y }));
      const down = poly([
        [0.25, 0],
        [0.75, 0],
        [0.75, 0.6],
        [1, 0.6],
        [0.5, 1],
        [0, 0.6],
        [0.25, 0.6],
      ]);
      return geo === 'arrow-down' ? down : down.map((q) => ({ x: q.x, y: h - q.y }));
    }
    default:
      return poly([
        [0, 0],
        [1, 0],
        [1, 1],
        [0, 1],
      ]);
  }
}

/** The drawing of a geo shape: its outline path, and marks inside it (x-box, check-box). */
function geoOutline(
  geo: string,
  w: number,
  h: number,
  sw: number,
): { d: string; extra?: string; symmetric: boolean } {
  const closed = (pts: Vec[]) => `M${pts.map((q) => `${n(q.x)} ${n(q.y)}`).join('L')}Z`;
  const rx = Math.min(sw * 2, w / 4, h / 4);
  const rect = `M${n(rx)} 0H${n(w - rx)}Q${n(w)} 0 ${n(w)} ${n(rx)}V${n(h - rx)}Q${n(w)} ${n(h)} ${n(w - rx)} ${n(h)}H${n(rx)}Q0 ${n(h)} 0 ${n(h - rx)}V${n(rx)}Q0 0 ${n(rx)} 0Z`;
  switch (geo) {
    case 'rectangle':
      return { d: rect, symmetric: true };
    case 'x-box':
      return { d: rect, extra: `M0 0L${n(w)} ${n(h)}M${n(w)} 0L0 ${n(h)}`, symmetric: true };
    case 'check-box':
      return {
        d: rect,
        extra: `M${n(w * 0.25)} ${n(h * 0.52)}L${n(w * 0.45)} ${n(h * 0.7)}L${n(w * 0.75)} ${n(h * 0.3)}`,
        symmetric: true,
      };
    case 'ellipse':
      return {
        d: `M0 ${n(h / 2)}A${n(w / 2)} ${n(h / 2)} 0 1 0 ${n(w)} ${n(h / 2)}A${n(w / 2)} ${n(h / 2)} 0 1 0 0 ${n(h / 2)}Z`,
        symmetric: true,
      };
    case 'oval': {
      if (w >= h) {
        const r = h / 2;
        return {
          d: `M${n(r)} 0H${n(w - r)}A${n(r)} ${n(r)} 0 0 1 ${n(w - r)} ${n(h)}H${n(r)}A${n(r)} ${n(r)} 0 0 1 ${n(r)} 0Z`,
          symmetric: true,
        };
      }
      const r = w / 2;
      return {
        d: `M0 ${n(r)}A${n(r)} ${n(r)} 0 0 1 ${n(w)} ${n(r)}V${n(h - r)}A${n(r)} ${n(r)} 0 0 1 0 ${n(h - r)}Z`,
        symmetric: true,
      };
    }
    case 'cloud': {
      const r = Math.min(w, h) / 3;
      return {
        d: `M${n(r)} 0H${n(w - r)}A${n(r)} ${n(r)} 0 0 1 ${n(w)} ${n(r)}V${n(h - r)}A${n(r)} ${n(r)} 0 0 1 ${n(w - r)} ${n(h)}H${n(r)}A${n(r)} ${n(r)} 0 0 1 0 ${n(h - r)}V${n(r)}A${n(r)} ${n(r)} 0 0 1 ${n(r)} 0Z`,
        symmetric: true,
      };
    }
    case 'heart':
      return {
        d: `M${n(w / 2)} ${n(h * 0.3)}C${n(w * 0.5)} ${n(h * 0.05)} ${n(0)} ${n(-h * 0.05)} ${n(0)} ${n(h * 0.3)}C${n(0)} ${n(h * 0.6)} ${n(w * 0.4)} ${n(h * 0.8)} ${n(w / 2)} ${n(h)}C${n(w * 0.6)} ${n(h * 0.8)} ${n(w)} ${n(h * 0.6)} ${n(w)} ${n(h * 0.3)}C${n(w)} ${n(-h * 0.05)} ${n(w * 0.5)} ${n(h * 0.05)} ${n(w / 2)} ${n(h * 0.3)}Z`,
        symmetric: true,
      };
    default:
      return { d: closed(geoPolygon(geo, w, h)), symmetric: false };
  }
}

/** Points along the circular arc from `a` through `m` to `b` (a straight line when they align). */
function arcPoints(a: Vec, m: Vec, b: Vec, count: number): Vec[] {
  const d = 2 * (a.x * (m.y - b.y) + m.x * (b.y - a.y) + b.x * (a.y - m.y));
  if (Math.abs(d) < 1e-9) return [a, b];
  const sq = (q: Vec) => q.x * q.x + q.y * q.y;
  const c = {
    x: (sq(a) * (m.y - b.y) + sq(m) * (b.y - a.y) + sq(b) * (a.y - m.y)) / d,
    y: (sq(a) * (b.x - m.x) + sq(m) * (a.x - b.x) + sq(b) * (m.x - a.x)) / d,
  };
  const r = dist(c, a);
  const angle = (q: Vec) => Math.atan2(q.y - c.y, q.x - c.x);
  const a0 = angle(a);
  const norm = (x: number) => ((x % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI);
  // Sweep from a to b in the direction that passes through m.
  let sweep = norm(angle(b) - a0);
  if (norm(angle(m) - a0) > sweep) sweep -= 2 * Math.PI;
  return Array.from({ length: count + 1 }, (_, i) => {
    const t = a0 + (sweep * i) / count;
    return { x: c.x + Math.cos(t) * r, y: c.y + Math.sin(t) * r };
  });
}

function inside(p: Vec, poly: readonly Vec[]): boolean {
  let hit = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const a = poly[i]!;
    const b = poly[j]!;
    if (a.y > p.y !== b.y > p.y && p.x < ((b.x - a.x) * (p.y - a.y)) / (b.y - a.y) + a.x) hit = !hit;
  }
  return hit;
}

/** Where segment p→q leaves `poly` (the last crossing along it), or q. */
function exitPoint(p: Vec, q: Vec, poly: readonly Vec[]): Vec {
  let best = 0;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const a = poly[j]!;
    const b = poly[i]!;
    const den = (q.x - p.x) * (b.y - a.y) - (q.y - p.y) * (b.x - a.x);
    if (Math.abs(den) < 1e-12) continue;
    const t = ((a.x - p.x) * (b.y - a.y) - (a.y - p.y) * (b.x - a.x)) / den;
    const u = ((a.x - p.x) * (q.y - p.y) - (a.y - p.y) * (q.x - p.x)) / den;
    if (t >= 0 && t <= 1 && u >= 0 && u <= 1) best = Math.max(best, t);
  }
  return lerp(p, q, best);
}

/**
 * The path from where it leaves the outline, moved `offset` further along. A path that never
 * leaves the outline (overlapping shapes) is kept as it is.
 */
function trimStart(path: Vec[], outline: readonly Vec[], offset: number): Vec[] {
  if (!inside(path[0]!, outline)) return path;
  for (let i = 0; i + 1 < path.length; i++) {
    if (inside(path[i + 1]!, outline)) continue;
    const edge = exitPoint(path[i]!, path[i + 1]!, outline);
    const rest = [edge, ...path.slice(i + 1)];
    const length = polyLength(rest);
    if (length <= offset * 2 + 1) return rest;
    return cutFront(rest, offset);
  }
  return path;
}

function polyLength(path: readonly Vec[]): number {
  let total = 0;
  for (let i = 1; i < path.length; i++) total += dist(path[i - 1]!, path[i]!);
  return total;
}

/** The path without its first `length` units. */
function cutFront(path: readonly Vec[], length: number): Vec[] {
  let left = length;
  for (let i = 1; i < path.length; i++) {
    const seg = dist(path[i - 1]!, path[i]!);
    if (seg >= left) return [lerp(path[i - 1]!, path[i]!, seg ? left / seg : 0), ...path.slice(i)];
    left -= seg;
  }
  return [path[path.length - 1]!];
}

/** The point `length` units before the path's end. */
function pointBack(path: readonly Vec[], length: number): Vec {
  const reversed = [...path].reverse();
  return cutFront(reversed, length)[0]!;
}

/** The point `length` units from the path's start. */
function pointAlong(path: readonly Vec[], length: number): Vec {
  return cutFront(path, length)[0]!;
}

const rotAround = (p: Vec, c: Vec, a: number): Vec => {
  const cos = Math.cos(a);
  const sin = Math.sin(a);
  const dx = p.x - c.x;
  const dy = p.y - c.y;
  return { x: c.x + dx * cos - dy * sin, y: c.y + dx * sin + dy * cos };
};

/** An arrowhead at `point` whose back is at `int` (tldraw's shapes of each style). */
function arrowhead(style: string, point: Vec, int: Vec): { d: string; filled: boolean } | null {
  const P = (q: Vec) => `${n(q.x)} ${n(q.y)}`;
  const half = { x: (int.x - point.x) / 2, y: (int.y - point.y) / 2 };
  const perp = (q: Vec) => ({ x: -q.y, y: q.x });
  switch (style) {
    case 'arrow': {
      const l = rotAround(int, point, Math.PI / 6);
      const r = rotAround(int, point, -Math.PI / 6);
      return { d: `M${P(l)}L${P(point)}L${P(r)}`, filled: false };
    }
    case 'triangle': {
      const l = rotAround(int, point, Math.PI / 6);
      const r = rotAround(int, point, -Math.PI / 6);
      return { d: `M${P(l)}L${P(r)}L${P(point)}Z`, filled: true };
    }
    case 'inverted': {
      const l = { x: point.x + perp(half).x, y: point.y + perp(half).y };
      const r = { x: point.x - perp(half).x, y: point.y - perp(half).y };
      return { d: `M${P(l)}L${P(int)}L${P(r)}Z`, filled: true };
    }
    case 'dot': {
      const c = lerp(point, int, 0.45);
      const r = dist(c, point);
      return {
        d: `M${n(c.x - r)} ${n(c.y)}a${n(r)} ${n(r)} 0 1 0 ${n(r * 2)} 0a${n(r)} ${n(r)} 0 1 0 ${n(-r * 2)} 0`,
        filled: true,
      };
    }
    case 'diamond': {
      const pb = lerp(point, int, 0.75);
      const l = rotAround(pb, point, Math.PI / 4);
      const r = rotAround(pb, point, -Math.PI / 4);
      const mid = lerp(l, r, 0.5);
      const q = { x: mid.x + (mid.x - point.x), y: mid.y + (mid.y - point.y) };
      return { d: `M${P(q)}L${P(r)}L${P(point)}L${P(l)}Z`, filled: true };
    }
    case 'square': {
      const pb = lerp(point, int, 0.85);
      const d = { x: (pb.x - point.x) / 2, y: (pb.y - point.y) / 2 };
      const o = perp(d);
      return {
        d: `M${P({ x: point.x + o.x, y: point.y + o.y })}L${P({ x: pb.x + o.x, y: pb.y + o.y })}L${P({ x: pb.x - o.x, y: pb.y - o.y })}L${P({ x: point.x - o.x, y: point.y - o.y })}Z`,
        filled: true,
      };
    }
    case 'bar':
    case 'pipe': {
      const o = perp(half);
      return {
        d: `M${P({ x: point.x + o.x, y: point.y + o.y })}L${P({ x: point.x - o.x, y: point.y - o.y })}`,
        filled: false,
      };
    }
    default:
      return null;
  }
}

/** A smooth curve through the points (Catmull-Rom as cubic Béziers), for cubic line shapes. */
function smoothPath(pts: readonly Vec[]): string {
  let d = `M${n(pts[0]!.x)} ${n(pts[0]!.y)}`;
  for (let i = 0; i + 1 < pts.length; i++) {
    const p0 = pts[Math.max(0, i - 1)]!;
    const p1 = pts[i]!;
    const p2 = pts[i + 1]!;
    const p3 = pts[Math.min(pts.length - 1, i + 2)]!;
    const c1 = { x: p1.x + (p2.x - p0.x) / 6, y: p1.y + (p2.y - p0.y) / 6 };
    const c2 = { x: p2.x - (p3.x - p1.x) / 6, y: p2.y - (p3.y - p1.y) / 6 };
    d += `C${n(c1.x)} ${n(c1.y)} ${n(c2.x)} ${n(c2.y)} ${n(p2.x)} ${n(p2.y)}`;
  }
  return d;
}
