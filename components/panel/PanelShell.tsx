'use client';
import { useState, type ReactNode } from 'react';

const WIDTH_KEY = 'boardroom.panelWidth';
const MIN_WIDTH = 280;
const MAX_WIDTH = 640;
const DEFAULT_WIDTH = 380;
/** Screens this wide open the panel by default. */
const OPEN_BY_DEFAULT_MIN_SCREEN = 1280;

function storedWidth(): number {
  const n = Number(window.localStorage.getItem(WIDTH_KEY));
  return Number.isFinite(n) && n >= MIN_WIDTH && n <= MAX_WIDTH ? n : DEFAULT_WIDTH;
}

/** A collapsible, resizable side panel beside the canvas (never over its tools). */
export function PanelShell({ title, children }: { title: string; children: ReactNode }) {
  const [open, setOpen] = useState(() => window.innerWidth >= OPEN_BY_DEFAULT_MIN_SCREEN);
  const [width, setWidth] = useState(storedWidth);
  const resize = (w: number) => {
    const clamped = Math.round(Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, w)));
    setWidth(clamped);
    window.localStorage.setItem(WIDTH_KEY, String(clamped));
  };

  if (!open) {
    return (
      <div className="panel-collapsed">
        <button
          type="button"
          className="button secondary"
          aria-expanded={false}
          aria-controls="framework-panel"
          onClick={() => setOpen(true)}
        >
          Show panel
        </button>
      </div>
    );
  }
  return (
    <aside id="framework-panel" className="panel" style={{ width }} aria-label={title} data-testid="panel">
      <div
        className="panel-resizer"
        role="separator"
        aria-orientation="vertical"
        aria-label="Resize panel"
        aria-valuemin={MIN_WIDTH}
        aria-valuemax={MAX_WIDTH}
        aria-valuenow={width}
        tabIndex={0}
        onKeyDown={(e) => {
          if (e.key === 'ArrowLeft') resize(width + 20);
          if (e.key === 'ArrowRight') resize(width - 20);
        }}
        onPointerDown={(e) => {
          const startX = e.clientX;
          const startWidth = width;
          const target = e.currentTarget;
          target.setPointerCapture(e.pointerId);
          const move = (ev: PointerEvent) => resize(startWidth + (startX - ev.clientX));
          const up = () => {
            target.removeEventListener('pointermove', move);
            target.removeEventListener('pointerup', up);
          };
          target.addEventListener('pointermove', move);
          target.addEventListener('pointerup', up);
        }}
      />
      <div className="panel-header">
        <span className="panel-title">{title}</span>
        <button
          type="button"
          className="button secondary"
          aria-expanded={true}
          aria-controls="framework-panel"
          onClick={() => setOpen(false)}
        >
          Hide
        </button>
      </div>
      {children}
    </aside>
  );
}
