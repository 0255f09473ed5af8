'use client';
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { useObserved } from '../board/useObserved';
import type { Editor } from 'tldraw';
import type { Role } from '../../lib/access';
import type { Command } from '../../lib/protocol';
import type { BoardDoc } from '../../lib/board/schema';
import { observePanel } from '../../lib/board/schema';
import type { Actor } from '../../lib/board/timeline';

/** What every panel section needs. */
export interface PanelEnv {
  doc: BoardDoc;
  /** Who is acting (recorded on what they write). */
  actor: Actor;
  /** The viewer's role: the interviewer runs the interview (steps, clock, plan). */
  role: Role;
  /** Asks the server to write what only it may (steps, the clock); false when not connected. */
  command: (command: Command) => boolean;
  /** Server time, unix ms. */
  now: () => number;
  /** The canvas editor, once mounted (for focus and placing notes). */
  editor: Editor | null;
  /** True when this person may not change the board (review, or the interview ended). */
  readOnly: boolean;
  /** The review page: a record of the interview, so input forms are left out, not just disabled. */
  review: boolean;
}

const PanelContext = createContext<PanelEnv | null>(null);

/** Provides the panel environment. */
export const PanelProvider = PanelContext.Provider;

/** The panel environment (inside the panel only). */
export function usePanelEnv(): PanelEnv {
  const env = useContext(PanelContext);
  if (!env) throw new Error('usePanelEnv outside the framework panel');
  return env;
}

/**
 * The canvas editor alone, in its own context: it changes once (when the canvas mounts), while the
 * environment changes with every replay seek (a new document, a new moment). Rows that need only
 * the editor read it here, so memoised rows stay untouched by a seek.
 */
const PanelEditorContext = createContext<Editor | null>(null);

/** Provides the canvas editor to the panel's rows. */
export const PanelEditorProvider = PanelEditorContext.Provider;

/** The canvas editor, once mounted (null before, and outside the panel). */
export function usePanelEditor(): Editor | null {
  return useContext(PanelEditorContext);
}

/** Reads panel data with `read` and re-reads it whenever the panel's part of the document changes. */
export function usePanelValue<T>(read: (doc: BoardDoc) => T): T {
  return useObserved(usePanelEnv().doc, observePanel, read);
}

/**
 * Server time, refreshed every `intervalMs`. On the review page time is the replayed moment:
 * read at once, so the panel shows the same moment as the canvas in the same frame.
 */
export function useNow(intervalMs = 1_000): number {
  const { now, review } = usePanelEnv();
  const [value, setValue] = useState(now);
  useEffect(() => {
    if (review) return;
    const timer = window.setInterval(() => setValue(now()), intervalMs);
    return () => window.clearInterval(timer);
  }, [now, intervalMs, review]);
  return review ? now() : value;
}

/**
 * Controls that change the board: disabled for read-only viewers, who still see everything and
 * can still open sections and zoom (those controls sit outside).
 */
export function Editable({ children }: { children: ReactNode }) {
  const { readOnly } = usePanelEnv();
  return (
    <fieldset className="panel-fieldset" disabled={readOnly}>
      {children}
    </fieldset>
  );
}
