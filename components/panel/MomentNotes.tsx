'use client';
import { useEffect, useRef, useState } from 'react';
import type { BoardDoc } from '../../lib/board/schema';
import { addMomentNote, observeNotes, readMomentNotes, MAX_MOMENT_NOTE_CHARS } from '../../lib/board/notes';
import { useObserved } from '../board/useObserved';
import { usePanelEnv } from './PanelContext';
import { formatHourMinuteSecond } from '../../lib/clockTime';

/** The keystroke that marks the current moment (Alt+M, anywhere on the board page). */
export const MARK_MOMENT_KEY = { altKey: true, code: 'KeyM' } as const;

/**
 * "Mark this moment": the interviewer stamps a short note with the board's time (taken when the
 * keystroke is pressed, not when the note is finished). In review the notes are timeline
 * markers; they live in the notes document, which only interviewers ever receive.
 */
export function MomentNotes({ doc, currentStep }: { doc: BoardDoc; currentStep: number }) {
  const { now, review } = usePanelEnv();
  const notes = useObserved(doc, observeNotes, readMomentNotes);
  const [text, setText] = useState('');
  const [markedAt, setMarkedAt] = useState<number | null>(null);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (review) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey !== MARK_MOMENT_KEY.altKey || e.code !== MARK_MOMENT_KEY.code) return;
      e.preventDefault();
      setMarkedAt(now());
      input.current?.focus();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [now, review]);

  return (
    <div className="moment-notes" data-testid="panel.moment-notes">
      {!review && (
        <form
          className="add-row"
          onSubmit={(e) => {
            e.preventDefault();
            if (addMomentNote(doc, { text, at: markedAt ?? now(), step: currentStep })) {
              setText('');
              setMarkedAt(null);
            }
          }}
        >
          <input
            ref={input}
            aria-label="Note on this moment"
            placeholder="Alt+M: note on this moment"
            maxLength={MAX_MOMENT_NOTE_CHARS}
            value={text}
            onFocus={() => setMarkedAt((m) => m ?? now())}
            onChange={(e) => setText(e.target.value)}
            data-testid="panel.moment-input"
          />
          <button type="submit" className="button secondary" disabled={!text.trim()}>
            Mark
          </button>
        </form>
      )}
      {notes.length > 0 && (
        <ul className="moment-list">
          {notes.map((n) => (
            <li key={n.id} data-testid="panel.moment-note">
              <span className="muted">
                {formatHourMinuteSecond(n.at)} · step {n.step + 1}
              </span>{' '}
              {n.text}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
