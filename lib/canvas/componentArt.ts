/**
 * How each kind of component looks, as plain data: its icon's SVG elements (a 24×24 box, strokes
 * in `currentColor`) and its colours. The browser draws them as React elements
 * (components/canvas/icons.tsx) and the server writes them into exported SVG
 * (lib/diagram/render.ts), so both draw the same icons (docs/architecture.md, "Export bundle").
 */
import type { ComponentKind } from './componentKinds';

/** One SVG element of an icon: its tag and attributes (SVG attribute names). */
export interface IconElement {
  tag: 'rect' | 'path' | 'circle' | 'ellipse';
  attrs: Readonly<Record<string, string | number>>;
}

/** The gear of the worker icon: eight teeth. */
function gearPath(cx: number, cy: number, outer: number, inner: number, teeth: number): string {
  const points: string[] = [];
  const step = (Math.PI * 2) / teeth;
  for (let i = 0; i < teeth; i++) {
    const a = i * step;
    // Each tooth: rise, flat top, fall, flat root (quarters of the step).
    const corners: Array<[number, number]> = [
      [a - step * 0.22, inner],
      [a - step * 0.12, outer],
      [a + step * 0.12, outer],
      [a + step * 0.22, inner],
    ];
    for (const [angle, r] of corners)
      points.push(`${(cx + r * Math.sin(angle)).toFixed(2)} ${(cy - r * Math.cos(angle)).toFixed(2)}`);
  }
  return `M${points.join(' L')} Z`;
}

const rect = (x: number, y: number, width: number, height: number, rx: number): IconElement => ({
  tag: 'rect',
  attrs: { x, y, width, height, rx },
});
const path = (d: string): IconElement => ({ tag: 'path', attrs: { d } });
const circle = (cx: number, cy: number, r: number, fill?: string): IconElement => ({
  tag: 'circle',
  attrs: fill ? { cx, cy, r, fill } : { cx, cy, r },
});
const ellipse = (cx: number, cy: number, rx: number, ry: number): IconElement => ({
  tag: 'ellipse',
  attrs: { cx, cy, rx, ry },
});

/** The icon of each kind, as SVG elements in a 24×24 box. */
export const COMPONENT_ICON_ELEMENTS: Readonly<Record<ComponentKind, readonly IconElement[]>> = {
  client: [
    rect(2, 4, 14, 10, 1.5),
    path('M9 14 V18 M5.5 18 H12.5'),
    rect(17, 8, 5, 11, 1.2),
    path('M19 16.6 H20'),
  ],
  dns: [circle(12, 12, 9), ellipse(12, 12, 4, 9), path('M3 12 H21 M4.6 7.5 H19.4 M4.6 16.5 H19.4')],
  cdn: [
    path('M6.5 11.5 H16.5 A2.6 2.6 0 0 0 16.8 6.3 A4.2 4.2 0 0 0 8.7 5.4 A3 3 0 0 0 6.5 11.5 Z'),
    path('M12 11.5 V18 M12 14.5 L5 18 M12 14.5 L19 18'),
    circle(5, 19.5, 1.6),
    circle(12, 19.5, 1.6),
    circle(19, 19.5, 1.6),
  ],
  'load-balancer': [
    circle(4.5, 12, 2.5),
    path('M7 12 H11 M11 12 L17.2 5.6 M11 12 H17 M11 12 L17.2 18.4'),
    circle(19.5, 5, 2),
    circle(19.5, 12, 2),
    circle(19.5, 19, 2),
  ],
  'api-gateway': [
    path('M4 21 V9.5 A8 8 0 0 1 20 9.5 V21'),
    path('M2 21 H22'),
    path('M7.5 14.5 H16 M13 11.5 L16 14.5 L13 17.5'),
  ],
  service: [
    rect(3, 3.5, 18, 7.5, 1.5),
    rect(3, 13, 18, 7.5, 1.5),
    path('M11 7.25 H17.5 M11 16.75 H17.5'),
    circle(6.8, 7.25, 1, 'currentColor'),
    circle(6.8, 16.75, 1, 'currentColor'),
  ],
  worker: [path(gearPath(12, 12, 10, 7.4, 8)), circle(12, 12, 3)],
  scheduler: [
    circle(12, 12.5, 8.5),
    path('M12 7.5 V12.5 L15.5 14.5'),
    path('M4 4.5 L6.5 2.5 M20 4.5 L17.5 2.5'),
  ],
  cache: [path('M13.5 2 L5 13.5 H11.2 L10.2 22 L19 10 H12.8 Z')],
  'sql-db': [
    ellipse(12, 5.5, 8, 3),
    path('M4 5.5 V18.5 A8 3 0 0 0 20 18.5 V5.5'),
    path('M4 12 A8 3 0 0 0 20 12'),
  ],
  'nosql-db': [
    ellipse(12, 5.5, 8, 3),
    path('M4 5.5 V18.5 A8 3 0 0 0 20 18.5 V5.5'),
    path('M10 10.5 Q8.5 10.5 8.5 12 V13 Q8.5 14 7.5 14 Q8.5 14 8.5 15 V16 Q8.5 17.5 10 17.5'),
    path('M14 10.5 Q15.5 10.5 15.5 12 V13 Q15.5 14 16.5 14 Q15.5 14 15.5 15 V16 Q15.5 17.5 14 17.5'),
  ],
  'object-store': [
    ellipse(12, 6, 8.5, 2.8),
    path('M3.5 6 L5.8 19.5 A6.5 2.4 0 0 0 18.2 19.5 L20.5 6'),
    path('M4.6 12 A8.2 2.6 0 0 0 19.4 12'),
  ],
  queue: [
    rect(1.5, 7.5, 4.5, 9, 1),
    rect(7.5, 7.5, 4.5, 9, 1),
    rect(13.5, 7.5, 4.5, 9, 1),
    path('M19.5 12 H22.5 M21 10.2 L22.8 12 L21 13.8'),
  ],
  search: [circle(10, 10, 7), path('M15.2 15.2 L21.5 21.5'), path('M6.5 8.5 H13.5 M6.5 11.5 H11.5')],
  'third-party': [
    path('M18 13.5 V19 A2 2 0 0 1 16 21 H5 A2 2 0 0 1 3 19 V8 A2 2 0 0 1 5 6 H10.5'),
    path('M14.5 3 H21 V9.5 M10.5 13.5 L21 3'),
  ],
  box: [path('M12 2.5 L21 7 V17 L12 21.5 L3 17 V7 Z'), path('M3 7 L12 11.5 L21 7 M12 11.5 V21.5')],
};

/** Colours of each kind: the accent (icon and border) and the tint (fill), grouped by role. */
export const COMPONENT_COLORS: Readonly<Record<ComponentKind, { accent: string; tint: string }>> = {
  client: { accent: '#1864ab', tint: '#e7f1fb' },
  dns: { accent: '#5f3dc4', tint: '#f1edfd' },
  cdn: { accent: '#5f3dc4', tint: '#f1edfd' },
  'load-balancer': { accent: '#5f3dc4', tint: '#f1edfd' },
  'api-gateway': { accent: '#5f3dc4', tint: '#f1edfd' },
  service: { accent: '#0b7285', tint: '#e3f5f8' },
  worker: { accent: '#0b7285', tint: '#e3f5f8' },
  scheduler: { accent: '#0b7285', tint: '#e3f5f8' },
  cache: { accent: '#c92a2a', tint: '#fdeeee' },
  'sql-db': { accent: '#d9480f', tint: '#fff1e6' },
  'nosql-db': { accent: '#d9480f', tint: '#fff1e6' },
  'object-store': { accent: '#8a5a2b', tint: '#f7efe6' },
  queue: { accent: '#a61e4d', tint: '#fcebf1' },
  search: { accent: '#2b8a3e', tint: '#eaf6ed' },
  'third-party': { accent: '#495057', tint: '#f1f3f5' },
  box: { accent: '#495057', tint: '#ffffff' },
};

/** Text colours on a component: the label and the details line. */
export const COMPONENT_LABEL_COLOR = '#1d1d1f';
export const COMPONENT_DETAIL_COLOR = '#495057';
