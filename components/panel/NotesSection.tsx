'use client';
import { useEffect, useId, useState } from 'react';
import { openBoardConnection } from '../../lib/board/connection';
import type { BoardDoc } from '../../lib/board/schema';
import { observeNotes, readNotes, setNote, setScore, type Score } from '../../lib/board/notes';
import { notesDocId } from '../../lib/protocol';
import { RUBRIC, SCORE_LABELS, STEPS } from '../../lib/framework';
import { useObserved } from '../board/useObserved';
import { InlineText } from './InlineText';
import { MomentNotes } from './MomentNotes';

/** Opens the board's private notes document (the server admits interviewers only); null: none. */
export function useNotesDoc(boardId: string | null): BoardDoc | null {
  const [doc, setDoc] = useState<BoardDoc | null>(null);
  useEffect(() => {
    if (boardId === null) return;
    const conn = openBoardConnection(notesDocId(boardId), { keepLocalCopy: true });
    let cancelled = false;
    void conn.firstSync.then(() => !cancelled && setDoc(conn.doc));
    return () => {
      cancelled = true;
      conn.destroy();
      setDoc(null);
    };
  }, [boardId]);
  return doc;
}

/** The interviewer's private notes and scores. Rendered only for interviewers. */
export function NotesSection({ boardId, currentStep }: { boardId: string; currentStep: number }) {
  const doc = useNotesDoc(boardId);
  const headingId = useId();
  return (
    <section className="panel-section notes" aria-labelledby={headingId} data-testid="panel.notes">
      <h2 id={headingId}>Interviewer notes (private)</h2>
      {doc ? <NotesBody doc={doc} currentStep={currentStep} /> : <p className="muted">Loading notes…</p>}
    </section>
  );
}

function ScoreSelect({
  label,
  value,
  onChange,
}: {
  label: string;
  value: Score;
  onChange: (s: Score) => void;
}) {
  return (
    <label className="score">
      <span>{label}</span>
      <select
        value={value ?? ''}
        onChange={(e) => onChange(e.target.value ? (Number(e.target.value) as Score) : null)}
      >
        <option value="">—</option>
        {([1, 2, 3, 4] as const).map((s) => (
          <option key={s} value={s}>
            {s} · {SCORE_LABELS[s]}
          </option>
        ))}
      </select>
    </label>
  );
}

function NotesBody({ doc, currentStep }: { doc: BoardDoc; currentStep: number }) {
  const notes = useObserved(doc, observeNotes, readNotes);
  return (
    <>
      <p className="muted">
        Only interviewers can see this section; the candidate&apos;s browser never receives it.
      </p>
      <MomentNotes doc={doc} currentStep={currentStep} />
      <ul className="notes-list">
        {STEPS.map((s) => (
          <li key={s.index} className={s.index === currentStep ? 'current' : undefined}>
            <div className="notes-step">
              {s.index + 1}. {s.title}
            </div>
            <InlineText
              multiline
              value={notes.steps[s.index] ?? ''}
              label={`Notes on step ${s.index + 1}`}
              placeholder="Add notes"
              onSave={(t) => setNote(doc, s.index, t)}
            />
          </li>
        ))}
        <li>
          <div className="notes-step">Overall</div>
          <InlineText
            multiline
            value={notes.overall}
            label="Overall notes"
            placeholder="Add notes"
            onSave={(t) => setNote(doc, 'overall', t)}
          />
        </li>
      </ul>
      <div className="rubric">
        {RUBRIC.map((r) => (
          <ScoreSelect
            key={r.key}
            label={r.label}
            value={notes.scores[r.key]}
            onChange={(v) => setScore(doc, r.key, v)}
          />
        ))}
        <ScoreSelect
          label="Overall score"
          value={notes.overallScore}
          onChange={(v) => setScore(doc, 'overall', v)}
        />
      </div>
    </>
  );
}
