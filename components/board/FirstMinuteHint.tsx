'use client';
import { useState } from 'react';
import type { StepIndex } from '../../lib/framework';
import type { BoardDoc } from '../../lib/board/schema';
import { useInterviewClock } from './useInterviewClock';

const DISMISSED_KEY = 'boardroom.hintDismissed';
/** The hint shows while the interview clock is under this. */
const HINT_FOR_MS = 60_000;

/** What to do now, for someone who has never seen the product. */
const WHAT_NOW: Record<StepIndex, string> = {
  0: 'Ask questions and write assumptions in the panel ("Add scope item", Alt+Shift+S).',
  1: 'Sketch the main boxes: press C for the components, then connect them.',
  2: 'Pick one to three components to design in detail.',
  3: 'Go through the wrap-up checklist in the panel.',
};

/**
 * One dismissible line for a candidate in the first minute: what to do now, and that the laser
 * pointer (K, or the toolbar) points at things without drawing. Dismissed once per browser.
 */
export function FirstMinuteHint({ doc, now }: { doc: BoardDoc; now: () => number }) {
  const { timeline, ended } = useInterviewClock(doc, now);
  const [dismissed, setDismissed] = useState(() => window.localStorage.getItem(DISMISSED_KEY) === '1');
  if (dismissed || ended || timeline.totalMs >= HINT_FOR_MS) return null;
  return (
    <div className="first-hint" role="note" data-testid="board.first-hint">
      <span>
        <strong>Step {timeline.currentStep + 1}:</strong> {WHAT_NOW[timeline.currentStep]} Point at things
        with the laser pointer (K).
      </span>
      <button
        type="button"
        className="icon-button"
        aria-label="Dismiss the hint"
        onClick={() => {
          window.localStorage.setItem(DISMISSED_KEY, '1');
          setDismissed(true);
        }}
      >
        ✕
      </button>
    </div>
  );
}
