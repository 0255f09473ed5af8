/**
 * The component kit's icons as React elements. What each icon is made of lives in
 * lib/canvas/componentArt.ts (the server's SVG export draws the same data); each draws into a
 * 24×24 box with strokes in `currentColor`, so the same elements serve the palette, the shape on
 * the canvas and the shape's SVG export.
 */
import { createElement, type ReactElement } from 'react';
import { COMPONENT_KINDS, type ComponentKind } from '../../lib/canvas/componentShape';
import { COMPONENT_COLORS, COMPONENT_ICON_ELEMENTS } from '../../lib/canvas/componentArt';

export { COMPONENT_COLORS };

/** The icon of each kind, as SVG elements in a 24×24 box. */
export const COMPONENT_ICONS: Readonly<Record<ComponentKind, () => ReactElement>> = Object.fromEntries(
  COMPONENT_KINDS.map((kind) => [
    kind,
    () => <>{COMPONENT_ICON_ELEMENTS[kind].map((el, i) => createElement(el.tag, { key: i, ...el.attrs }))}</>,
  ]),
) as Record<ComponentKind, () => ReactElement>;

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
