/**
 * tldraw 5.4's light theme and size styles, as the server's diagram renderer needs them (tldraw
 * keeps them in its editor package, which does not load on the server). Values copied from
 * tldraw's default theme and shape constants; a tldraw upgrade that changes them changes only how
 * close the server's rendering is to the browser's.
 */

/** One colour style: stroke, fills, frame, note and highlighter colours. */
export interface StyleColor {
  solid: string;
  semi: string;
  pattern: string;
  fill: string;
  linedFill: string;
  frameStroke: string;
  frameFill: string;
  noteFill: string;
  noteText: string;
  highlight: string;
}

const c = (
  solid: string,
  semi: string,
  pattern: string,
  fill: string,
  linedFill: string,
  frameStroke: string,
  frameFill: string,
  noteFill: string,
  noteText: string,
  highlight: string,
): StyleColor => ({
  solid,
  semi,
  pattern,
  fill,
  linedFill,
  frameStroke,
  frameFill,
  noteFill,
  noteText,
  highlight,
});

/** tldraw's colour styles (light mode). */
export const COLORS: Readonly<Record<string, StyleColor>> = {
  black: c(
    '#1d1d1d',
    '#e8e8e8',
    '#494949',
    '#1d1d1d',
    '#363636',
    '#717171',
    '#ffffff',
    '#FCE19C',
    '#000000',
    '#fddd00',
  ),
  blue: c(
    '#4465e9',
    '#dce1f8',
    '#6681ee',
    '#4465e9',
    '#6580ec',
    '#6681ec',
    '#f9fafe',
    '#8AA3FF',
    '#000000',
    '#10acff',
  ),
  green: c(
    '#099268',
    '#d3e9e3',
    '#39a785',
    '#099268',
    '#0bad7c',
    '#37a684',
    '#f8fcfa',
    '#6FC896',
    '#000000',
    '#00ffc8',
  ),
  grey: c(
    '#9fa8b2',
    '#eceef0',
    '#bcc3c9',
    '#9fa8b2',
    '#bbc1c9',
    '#aaaaab',
    '#fcfcfd',
    '#C0CAD3',
    '#000000',
    '#cbe7f1',
  ),
  'light-blue': c(
    '#4ba1f1',
    '#ddedfa',
    '#6fbbf8',
    '#4ba1f1',
    '#7abaf5',
    '#6cb2f3',
    '#fafcff',
    '#9BC4FD',
    '#000000',
    '#00f4ff',
  ),
  'light-green': c(
    '#4cb05e',
    '#dbf0e0',
    '#65cb78',
    '#4cb05e',
    '#7ec88c',
    '#6dbe7c',
    '#fafdfa',
    '#98D08A',
    '#000000',
    '#65f641',
  ),
  'light-red': c(
    '#f87777',
    '#f4dadb',
    '#fe9e9e',
    '#f87777',
    '#f99a9a',
    '#f89090',
    '#fffbfb',
    '#F7A5A1',
    '#000000',
    '#ff7fa3',
  ),
  'light-violet': c(
    '#e085f4',
    '#f5eafa',
    '#e9acf8',
    '#e085f4',
    '#e9abf7',
    '#e59bf5',
    '#fefbff',
    '#DFB0F9',
    '#000000',
    '#ff88ff',
  ),
  orange: c(
    '#e16919',
    '#f8e2d4',
    '#f78438',
    '#e16919',
    '#ea8643',
    '#e68544',
    '#fef9f6',
    '#FAA475',
    '#000000',
    '#ffa500',
  ),
  red: c(
    '#e03131',
    '#f4dadb',
    '#e55959',
    '#e03131',
    '#e75f5f',
    '#e55757',
    '#fef9f9',
    '#FC8282',
    '#000000',
    '#ff636e',
  ),
  violet: c(
    '#ae3ec9',
    '#ecdcf2',
    '#bd63d3',
    '#ae3ec9',
    '#be68d4',
    '#bc62d3',
    '#fdf9fd',
    '#DB91FD',
    '#000000',
    '#c77cff',
  ),
  yellow: c(
    '#f1ac4b',
    '#f9f0e6',
    '#fecb92',
    '#f1ac4b',
    '#f5c27a',
    '#f3bb6c',
    '#fffdfa',
    '#FED49A',
    '#000000',
    '#fddd00',
  ),
  white: c(
    '#FFFFFF',
    '#f5f5f5',
    '#f9f9f9',
    '#FFFFFF',
    '#ffffff',
    '#7d7d7d',
    '#ffffff',
    '#FFFFFF',
    '#000000',
    '#ffffff',
  ),
};

/** The colour of a style value (black for anything unknown). */
export function colorOf(name: unknown): StyleColor {
  return (typeof name === 'string' && COLORS[name]) || COLORS.black!;
}

/** The canvas background (tldraw exports with it) and the "semi" fill (tldraw's `solid` UI colour). */
export const BACKGROUND = '#f9fafb';
export const SEMI_FILL = '#fcfffe';

/** tldraw's base stroke width, font size and line height (its default theme). */
export const THEME = { strokeWidth: 2, fontSize: 16, lineHeight: 1.35 } as const;

type Size = 's' | 'm' | 'l' | 'xl';
const pick = (table: Record<Size, number>, size: unknown) =>
  table[(size as Size) in table ? (size as Size) : 'm'];

/** Stroke width of a size style, in page units (before the shape's scale). */
export const strokeWidth = (size: unknown) =>
  THEME.strokeWidth * pick({ s: 1, m: 1.75, l: 2.5, xl: 5 }, size);
/** Font size of a text shape. */
export const textFontSize = (size: unknown) =>
  THEME.fontSize * pick({ s: 1.125, m: 1.5, l: 2.25, xl: 2.75 }, size);
/** Font size of a geo shape's or note's label. */
export const labelFontSize = (size: unknown) =>
  THEME.fontSize * pick({ s: 1.125, m: 1.375, l: 1.625, xl: 2 }, size);
/** Font size of an arrow's label. */
export const arrowLabelFontSize = (size: unknown) =>
  THEME.fontSize * pick({ s: 1.125, m: 1.25, l: 1.5, xl: 1.75 }, size);

/** Padding inside geo shapes and notes around their label. */
export const LABEL_PADDING = 16;
/** A note's side, before its scale. */
export const NOTE_SIZE = 200;
/** How far a bound arrow stops short of its shape. */
export const BOUND_ARROW_OFFSET = 10;
