'use client';
/**
 * The component palette beside the canvas. Click (or Enter) places a component after the
 * selected shape, connected to it; dragging one onto the canvas drops it there. Keyboard: `C` on
 * the canvas jumps here, arrows move, a letter jumps to the next component starting with it,
 * Enter places, Escape goes back to the canvas.
 */
import { useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import type { Editor } from 'tldraw';
import {
  COMPONENT_KINDS,
  COMPONENT_KIND_HINTS,
  COMPONENT_KIND_LABELS,
  type ComponentKind,
} from '../../lib/canvas/componentShape';
import { ComponentIcon, COMPONENT_COLORS } from './icons';
import { placeComponent } from './place';

const PALETTE_ID = 'component-palette';
/** Pointer travel (px) after which a press on a palette item is a drag, not a click. */
const DRAG_THRESHOLD_PX = 5;

/** Moves keyboard focus into the palette (the `C` shortcut). */
export function focusPalette(): void {
  document.querySelector<HTMLButtonElement>(`#${PALETTE_ID} button[tabindex="0"]`)?.focus();
}

interface Drag {
  kind: ComponentKind;
  startX: number;
  startY: number;
  x: number;
  y: number;
  moved: boolean;
}

/** The palette. */
export function Palette({ editor }: { editor: Editor }) {
  const [current, setCurrent] = useState(0);
  const [drag, setDrag] = useState<Drag | null>(null);
  const suppressClick = useRef(false);
  const buttons = useRef<Array<HTMLButtonElement | null>>([]);

  const moveTo = (i: number) => {
    const n = COMPONENT_KINDS.length;
    const next = (i + n) % n;
    setCurrent(next);
    buttons.current[next]?.focus();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const cols = 2;
    const keys: Record<string, number> = {
      ArrowDown: current + cols,
      ArrowUp: current - cols,
      ArrowRight: current + 1,
      ArrowLeft: current - 1,
      Home: 0,
      End: COMPONENT_KINDS.length - 1,
    };
    if (e.key in keys) {
      e.preventDefault();
      moveTo(keys[e.key]!);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      editor.getContainer().focus();
    } else if (/^[a-z]$/i.test(e.key) && !e.ctrlKey && !e.metaKey && !e.altKey) {
      // Type-ahead: the next component whose name starts with the letter.
      const letter = e.key.toLowerCase();
      for (let step = 1; step <= COMPONENT_KINDS.length; step++) {
        const i = (current + step) % COMPONENT_KINDS.length;
        if (COMPONENT_KIND_LABELS[COMPONENT_KINDS[i]!].toLowerCase().startsWith(letter)) {
          e.preventDefault();
          moveTo(i);
          break;
        }
      }
    }
  };

  const onPointerDown = (kind: ComponentKind) => (e: PointerEvent<HTMLButtonElement>) => {
    if (e.button !== 0) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    setDrag({ kind, startX: e.clientX, startY: e.clientY, x: e.clientX, y: e.clientY, moved: false });
  };
  const onPointerMove = (e: PointerEvent<HTMLButtonElement>) => {
    if (!drag) return;
    const moved =
      drag.moved || Math.hypot(e.clientX - drag.startX, e.clientY - drag.startY) > DRAG_THRESHOLD_PX;
    setDrag({ ...drag, x: e.clientX, y: e.clientY, moved });
  };
  const onPointerUp = (e: PointerEvent<HTMLButtonElement>) => {
    if (!drag) return;
    setDrag(null);
    if (!drag.moved) return; // a click: handled by onClick, like Enter
    suppressClick.current = true;
    const point = { x: e.clientX, y: e.clientY };
    if (editor.getViewportScreenBounds().containsPoint(point)) {
      placeComponent(editor, drag.kind, editor.screenToPage(point));
      editor.getContainer().focus();
    }
  };

  return (
    <div
      id={PALETTE_ID}
      className="br-palette"
      role="toolbar"
      aria-label="Components"
      aria-orientation="vertical"
      data-testid="palette"
      onKeyDown={onKeyDown}
    >
      <div className="br-palette__title" aria-hidden="true">
        Components <kbd>C</kbd>
      </div>
      <div className="br-palette__grid">
        {COMPONENT_KINDS.map((kind, i) => (
          <button
            key={kind}
            ref={(el) => {
              buttons.current[i] = el;
            }}
            type="button"
            className="br-palette__item"
            data-testid={`palette.item-${kind}`}
            tabIndex={i === current ? 0 : -1}
            aria-label={`Add ${COMPONENT_KIND_LABELS[kind]}`}
            title={`${COMPONENT_KIND_LABELS[kind]}: ${COMPONENT_KIND_HINTS[kind]}. Click to add after the selection (connected); drag to drop anywhere.`}
            style={{ color: COMPONENT_COLORS[kind].accent }}
            onFocus={() => setCurrent(i)}
            onPointerDown={onPointerDown(kind)}
            onPointerMove={onPointerMove}
            onPointerUp={onPointerUp}
            onPointerCancel={() => setDrag(null)}
            onClick={(e) => {
              if (suppressClick.current) {
                suppressClick.current = false;
                return;
              }
              placeComponent(editor, kind);
              // A mouse click hands the keyboard back to the canvas; Enter stays here to chain on.
              if (e.detail > 0) editor.getContainer().focus();
            }}
          >
            <ComponentIcon kind={kind} size={22} />
            {/* A non-breaking hyphen: "Third-party" stays on one line in the narrow tile. */}
            <span className="br-palette__label">{COMPONENT_KIND_LABELS[kind].replace('-', '\u2011')}</span>
          </button>
        ))}
      </div>
      {drag?.moved && (
        <div
          className="br-palette__ghost"
          aria-hidden="true"
          style={{ left: drag.x, top: drag.y, color: COMPONENT_COLORS[drag.kind].accent }}
        >
          <ComponentIcon kind={drag.kind} size={26} />
          <span>{COMPONENT_KIND_LABELS[drag.kind]}</span>
        </div>
      )}
    </div>
  );
}
