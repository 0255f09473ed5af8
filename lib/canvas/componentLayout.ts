/**
 * Where things go inside a component shape, shared by the canvas rendering and the SVG export.
 * Pure: text is measured through the function passed in, so the rules are unit-tested.
 *
 * Labels wrap between words and never inside one: when the longest word does not fit the
 * card at the normal size, the font shrinks (down to a floor), and past the floor the shape
 * widens. Text never breaks mid-word because the CSS says so and because a word always fits.
 */
import type { ComponentShapeProps } from './componentShape';

/** Layout constants, in page units. */
export const LAYOUT = {
  /** Offset of each card of a replica stack. */
  stackOffset: 7,
  /** Cards drawn behind the front one, at most (a stack of 3 reads as "many"). */
  maxBackCards: 2,
  padX: 10,
  padTop: 8,
  padBottom: 8,
  icon: 28,
  gap: 4,
  labelFont: 15,
  minLabelFont: 10,
  lineHeight: 1.25,
  detailFont: 11.5,
  minWidth: 88,
  minHeight: 64,
  radius: 10,
} as const;

/** The font of every text on a component (tldraw's own sans, served by us). */
export const COMPONENT_FONT_FAMILY = "'tldraw_sans', sans-serif";

/** Measures `text` at `fontSize`, wrapped at `maxWidth` (null: one line per explicit line). */
export type MeasureText = (
  text: string,
  fontSize: number,
  maxWidth: number | null,
) => { w: number; h: number };

/** A box inside the shape, in shape coordinates. */
export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** The computed layout of one shape. */
export interface ComponentLayout {
  /** Back cards of the replica stack, farthest first. */
  backCards: Rect[];
  /** The front card, where icon and text sit. */
  card: Rect;
  /** Label font size after shrinking to fit the longest word. */
  labelFont: number;
  /** Top of the label, its height, and the text width it wraps at. */
  labelTop: number;
  labelHeight: number;
  textWidth: number;
  /** "Redis · 50k QPS", or empty. */
  details: string;
  detailsTop: number;
  detailsHeight: number;
  /** The attached estimate figure, or empty. */
  estimateTop: number;
  estimateHeight: number;
  /** Height the shape needs for all of it. */
  neededHeight: number;
  /** Width the shape needs so its longest word fits at the smallest font. */
  neededWidth: number;
}

/** How many cards are drawn behind the front one for `replicas`. */
export function backCardCount(replicas: number): number {
  return Math.max(0, Math.min(LAYOUT.maxBackCards, replicas - 1));
}

/** The details line: technology and capacity, whichever are set. */
export function detailsText(props: Pick<ComponentShapeProps, 'tech' | 'capacity'>): string {
  return [props.tech.trim(), props.capacity.trim()].filter(Boolean).join(' · ');
}

/** The longest run of non-space characters (what must fit on one line). */
export function longestWord(text: string): string {
  return text.split(/\s+/).reduce((a, b) => (b.length > a.length ? b : a), '');
}

/** The label size at which `wordWidth` (measured at the normal size) fits `available`. */
export function fittingFontSize(wordWidth: number, available: number): number {
  if (wordWidth <= available) return LAYOUT.labelFont;
  const size = Math.floor(((LAYOUT.labelFont * available) / wordWidth) * 2) / 2; // half-pixel steps
  return Math.max(LAYOUT.minLabelFont, size);
}

/** Lays a component out at its current size. */
export function layoutComponent(
  props: Pick<ComponentShapeProps, 'w' | 'h' | 'text' | 'replicas' | 'tech' | 'capacity' | 'estimate'>,
  measure: MeasureText,
): ComponentLayout {
  const layers = backCardCount(props.replicas);
  const off = LAYOUT.stackOffset * layers;
  const card = { x: 0, y: off, w: Math.max(1, props.w - off), h: Math.max(1, props.h - off) };
  const backCards: Rect[] = [];
  for (let k = layers; k >= 1; k--) {
    backCards.push({ x: k * LAYOUT.stackOffset, y: off - k * LAYOUT.stackOffset, w: card.w, h: card.h });
  }
  const textWidth = Math.max(1, card.w - LAYOUT.padX * 2);

  const word = longestWord(props.text);
  const wordWidth = word ? measure(word, LAYOUT.labelFont, null).w : 0;
  const labelFont = fittingFontSize(wordWidth, textWidth);
  const wordAtFloor = (wordWidth * LAYOUT.minLabelFont) / LAYOUT.labelFont;
  const neededWidth = Math.ceil(Math.max(0, wordAtFloor - textWidth)) + props.w;

  const lineHeight = Math.round(labelFont * LAYOUT.lineHeight);
  const labelHeight = props.text.trim()
    ? Math.max(lineHeight, Math.ceil(measure(props.text, labelFont, textWidth).h))
    : lineHeight;
  const labelTop = card.y + LAYOUT.padTop + LAYOUT.icon + LAYOUT.gap;

  const details = detailsText(props);
  const detailsTop = labelTop + labelHeight + LAYOUT.gap;
  const detailsHeight = details ? Math.ceil(measure(details, LAYOUT.detailFont, textWidth).h) : 0;
  const estimateTop = detailsTop + (details ? detailsHeight + LAYOUT.gap : 0);
  const estimateHeight = props.estimate
    ? Math.ceil(measure(`≈ ${props.estimate}`, LAYOUT.detailFont, textWidth - 8).h) + 4
    : 0;
  const contentBottom = props.estimate
    ? estimateTop + estimateHeight
    : details
      ? detailsTop + detailsHeight
      : labelTop + labelHeight;
  return {
    backCards,
    card,
    labelFont,
    labelTop,
    labelHeight,
    textWidth,
    details,
    detailsTop,
    detailsHeight,
    estimateTop,
    estimateHeight,
    neededHeight: Math.ceil(contentBottom + LAYOUT.padBottom),
    neededWidth: Math.max(LAYOUT.minWidth, neededWidth),
  };
}
