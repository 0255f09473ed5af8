/**
 * Who did what on the canvas: a colour per person (by the log's actor names, in order of first
 * appearance) and each person's time on the canvas (five-second spans with at least one of their
 * canvas changes), for the review's "colour by author" view and its legend.
 */
import type { ReplayEngine } from '../../lib/board/replay';
import { Part } from '../../lib/board/moments';

/** Distinct colours, readable on white, far apart for the first few people. */
export const AUTHOR_COLOURS = ['#1f6feb', '#d9480f', '#2b8a3e', '#9c36b5', '#c92a2a', '#0b7285'] as const;

/** Granularity of "time on canvas". */
const ACTIVE_SPAN_MS = 5_000;

/** One person in the legend. */
export interface Author {
  name: string;
  role: string;
  colour: string;
  /** Time on the canvas, ms. */
  canvasMs: number;
  /** Shapes they created that exist in the final board or at any moment replayed. */
  shapes: number;
}

/** The people who changed the canvas, in order of their first change. */
export function canvasAuthors(engine: ReplayEngine): Author[] {
  const byName = new Map<string, { role: string; spans: Set<number> }>();
  engine.entries.forEach((entry, i) => {
    if (!entry.actor || entry.actor.role === 'server') return;
    if (!((engine.parts[i] ?? 0) & Part.canvas)) return;
    let person = byName.get(entry.actor.name);
    if (!person) byName.set(entry.actor.name, (person = { role: entry.actor.role, spans: new Set() }));
    person.spans.add(Math.floor(entry.at / ACTIVE_SPAN_MS));
  });
  const shapes = new Map<string, number>();
  for (const name of engine.shapeAuthors.values()) shapes.set(name, (shapes.get(name) ?? 0) + 1);
  return [...byName].map(([name, p], i) => ({
    name,
    role: p.role,
    colour: AUTHOR_COLOURS[i % AUTHOR_COLOURS.length]!,
    canvasMs: p.spans.size * ACTIVE_SPAN_MS,
    shapes: shapes.get(name) ?? 0,
  }));
}

/**
 * CSS that outlines each shape in its author's colour (tldraw renders every shape as
 * `.tl-shape[data-shape-id]`). Ids are escaped: they are content another person wrote.
 */
export function authorCss(engine: ReplayEngine, authors: readonly Author[]): string {
  const colour = new Map(authors.map((a) => [a.name, a.colour]));
  const rules: string[] = [];
  for (const [id, name] of engine.shapeAuthors) {
    const c = colour.get(name);
    if (!c) continue;
    rules.push(
      `.review-authors .tl-shape[data-shape-id="${CSS.escape(id)}"]{outline:3px solid ${c};outline-offset:4px;border-radius:4px}`,
    );
  }
  return rules.join('\n');
}
