'use client';
import { useState, type ReactNode } from 'react';

const WIDTH_KEY = 'boardroom.panelWidth';
const MIN_WIDTH = 280;
const MAX_WIDTH = 640;
const DEFAULT_WIDTH = 380;
/** Screens at most this wide start with the panel hidden: the canvas needs the room. */
const COLLAPSED_MAX_SCREEN = 1100;

/** Whether the panel starts open in this window. */
export function panelStartsOpen(): boolean {
  return window.innerWidth > COLLAPSED_MAX_SCREEN;
}

function storedWidth(): number {
  const n = Number(window.localStorage.getItem(WIDTH_KEY));
  return Number.isFinite(n) && n >= MIN_WIDTH && n <= MAX_WIDTH ? n : DEFAULT_WIDTH;
}

/**
 * A collapsible, resizable side panel beside the canvas (never over its tools). The page owns the
 * toggle (the live board and the review page keep it in their headers), so a hidden panel takes
 * no room at all.
 */
export function PanelShell({
  title,
  children,
  open,
  headerExtra,
}: {
  title: string;
  children: ReactNode;
  /** Shown or not; the page's header holds the toggle. */
  open: boolean;
  /** Buttons in the panel's header (the interviewer's jump to the notes). */
  headerExtra?: ReactNode;
}) {
  const [width, setWidth] = useState(storedWidth);
  const resize = (w: number) => {
    const clamped = Math.round(Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, w)));
    setWidth(clamped);
    window.localStorage.setItem(WIDTH_KEY, String(clamped));
  };

  if (!open) return null;
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
        {headerExtra}
      </div>
      {children}
    </aside>
  );
}

/** The header's "Hide panel" / "Show panel" button (the live board and the review page). */
export function PanelToggle({
  open,
  onOpenChange,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  return (
    <button
      type="button"
      className="button secondary"
      aria-expanded={open}
      aria-controls="framework-panel"
      onClick={() => onOpenChange(!open)}
      data-testid="header.panel-toggle"
    >
      {open ? 'Hide panel' : 'Show panel'}
    </button>
  );
}
