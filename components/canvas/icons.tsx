/**
 * The component kit's icons, drawn here in SVG (nothing is fetched). Each draws into a 24×24 box
 * with strokes in `currentColor`, so the same elements serve the palette, the shape on the canvas
 * and the shape's SVG export.
 */
import type { ReactElement } from 'react';
import type { ComponentKind } from '../../lib/canvas/componentShape';

/** The gear of the worker icon: eight teeth, computed once. */
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
const GEAR = gearPath(12, 12, 10, 7.4, 8);

/** The icon of each kind, as SVG elements in a 24×24 box. */
export const COMPONENT_ICONS: Readonly<Record<ComponentKind, () => ReactElement>> = {
  client: () => (
    <>
      <rect x="2" y="4" width="14" height="10" rx="1.5" />
      <path d="M9 14 V18 M5.5 18 H12.5" />
      <rect x="17" y="8" width="5" height="11" rx="1.2" />
      <path d="M19 16.6 H20" />
    </>
  ),
  dns: () => (
    <>
      <circle cx="12" cy="12" r="9" />
      <ellipse cx="12" cy="12" rx="4" ry="9" />
      <path d="M3 12 H21 M4.6 7.5 H19.4 M4.6 16.5 H19.4" />
    </>
  ),
  cdn: () => (
    <>
      <path d="M6.5 11.5 H16.5 A2.6 2.6 0 0 0 16.8 6.3 A4.2 4.2 0 0 0 8.7 5.4 A3 3 0 0 0 6.5 11.5 Z" />
      <path d="M12 11.5 V18 M12 14.5 L5 18 M12 14.5 L19 18" />
      <circle cx="5" cy="19.5" r="1.6" />
      <circle cx="12" cy="19.5" r="1.6" />
      <circle cx="19" cy="19.5" r="1.6" />
    </>
  ),
  'load-balancer': () => (
    <>
      <circle cx="4.5" cy="12" r="2.5" />
      <path d="M7 12 H11 M11 12 L17.2 5.6 M11 12 H17 M11 12 L17.2 18.4" />
      <circle cx="19.5" cy="5" r="2" />
      <circle cx="19.5" cy="12" r="2" />
      <circle cx="19.5" cy="19" r="2" />
    </>
  ),
  'api-gateway': () => (
    <>
      <path d="M4 21 V9.5 A8 8 0 0 1 20 9.5 V21" />
      <path d="M2 21 H22" />
      <path d="M7.5 14.5 H16 M13 11.5 L16 14.5 L13 17.5" />
    </>
  ),
  service: () => (
    <>
      <rect x="3" y="3.5" width="18" height="7.5" rx="1.5" />
      <rect x="3" y="13" width="18" height="7.5" rx="1.5" />
      <path d="M11 7.25 H17.5 M11 16.75 H17.5" />
      <circle cx="6.8" cy="7.25" r="1" fill="currentColor" />
      <circle cx="6.8" cy="16.75" r="1" fill="currentColor" />
    </>
  ),
  worker: () => (
    <>
      <path d={GEAR} />
      <circle cx="12" cy="12" r="3" />
    </>
  ),
  scheduler: () => (
    <>
      <circle cx="12" cy="12.5" r="8.5" />
      <path d="M12 7.5 V12.5 L15.5 14.5" />
      <path d="M4 4.5 L6.5 2.5 M20 4.5 L17.5 2.5" />
    </>
  ),
  cache: () => <path d="M13.5 2 L5 13.5 H11.2 L10.2 22 L19 10 H12.8 Z" />,
  'sql-db': () => (
    <>
      <ellipse cx="12" cy="5.5" rx="8" ry="3" />
      <path d="M4 5.5 V18.5 A8 3 0 0 0 20 18.5 V5.5" />
      <path d="M4 12 A8 3 0 0 0 20 12" />
    </>
  ),
  'nosql-db': () => (
    <>
      <ellipse cx="12" cy="5.5" rx="8" ry="3" />
      <path d="M4 5.5 V18.5 A8 3 0 0 0 20 18.5 V5.5" />
      <path d="M10 10.5 Q8.5 10.5 8.5 12 V13 Q8.5 14 7.5 14 Q8.5 14 8.5 15 V16 Q8.5 17.5 10 17.5" />
      <path d="M14 10.5 Q15.5 10.5 15.5 12 V13 Q15.5 14 16.5 14 Q15.5 14 15.5 15 V16 Q15.5 17.5 14 17.5" />
    </>
  ),
  'object-store': () => (
    <>
      <ellipse cx="12" cy="6" rx="8.5" ry="2.8" />
      <path d="M3.5 6 L5.8 19.5 A6.5 2.4 0 0 0 18.2 19.5 L20.5 6" />
      <path d="M4.6 12 A8.2 2.6 0 0 0 19.4 12" />
    </>
  ),
  queue: () => (
    <>
      <rect x="1.5" y="7.5" width="4.5" height="9" rx="1" />
      <rect x="7.5" y="7.5" width="4.5" height="9" rx="1" />
      <rect x="13.5" y="7.5" width="4.5" height="9" rx="1" />
      <path d="M19.5 12 H22.5 M21 10.2 L22.8 12 L21 13.8" />
    </>
  ),
  search: () => (
    <>
      <circle cx="10" cy="10" r="7" />
      <path d="M15.2 15.2 L21.5 21.5" />
      <path d="M6.5 8.5 H13.5 M6.5 11.5 H11.5" />
    </>
  ),
  'third-party': () => (
    <>
      <path d="M18 13.5 V19 A2 2 0 0 1 16 21 H5 A2 2 0 0 1 3 19 V8 A2 2 0 0 1 5 6 H10.5" />
      <path d="M14.5 3 H21 V9.5 M10.5 13.5 L21 3" />
    </>
  ),
  box: () => (
    <>
      <path d="M12 2.5 L21 7 V17 L12 21.5 L3 17 V7 Z" />
      <path d="M3 7 L12 11.5 L21 7 M12 11.5 V21.5" />
    </>
  ),
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

/** An icon as a standalone inline SVG (palette, properties editor). */
export function ComponentIcon({ kind, size = 24 }: { kind: ComponentKind; size?: number }) {
  const Icon = COMPONENT_ICONS[kind];
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.75}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <Icon />
    </svg>
  );
}
