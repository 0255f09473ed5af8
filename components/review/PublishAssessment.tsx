'use client';
import { useState } from 'react';
import { RUBRIC, SCORE_LABELS } from '../../lib/framework';
import { Assessment, MAX_ASSESSMENT_SUMMARY_CHARS } from '../../lib/assessment';

const SCORE_KEYS = [
  ...RUBRIC.map((r) => ({ key: r.key as string, label: r.label })),
  { key: 'overall', label: 'Overall' },
];

/** The interviewer's form: publish (or replace) the assessment the review link shows. */
export function PublishAssessment({
  boardId,
  current,
  onPublished,
}: {
  boardId: string;
  current: Assessment | null;
  onPublished: (a: Assessment) => void;
}) {
  const [summary, setSummary] = useState(current?.summary ?? '');
  const [scores, setScores] = useState<Record<string, number | null | undefined>>(() => ({
    ...(current?.scores ?? {}),
  }));
  const [status, setStatus] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const publish = async () => {
    setBusy(true);
    setStatus(null);
    try {
      const res = await fetch(`/api/boards/${encodeURIComponent(boardId)}/assessment`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ summary, scores }),
      });
      if (res.status !== 201) throw new Error(`${res.status} ${await res.text()}`);
      onPublished(Assessment.parse(await res.json()));
      setStatus('Published: the review link shows it now.');
    } catch (err) {
      setStatus(`Could not publish: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <details className="publish-assessment" open={!current}>
      <summary>{current ? 'Edit and publish again' : 'Publish an assessment to the review link'}</summary>
      <label className="field">
        <span>Summary (shown to everyone with the review link)</span>
        <textarea
          rows={4}
          maxLength={MAX_ASSESSMENT_SUMMARY_CHARS}
          value={summary}
          onChange={(e) => setSummary(e.target.value)}
          data-testid="review.assessment-summary"
        />
      </label>
      <div className="score-grid">
        {SCORE_KEYS.map((k) => (
          <label key={k.key} className="field">
            <span>{k.label}</span>
            <select
              value={scores[k.key] ?? ''}
              onChange={(e) =>
                setScores({ ...scores, [k.key]: e.target.value ? Number(e.target.value) : null })
              }
            >
              <option value="">—</option>
              {([1, 2, 3, 4] as const).map((s) => (
                <option key={s} value={s}>
                  {s} ({SCORE_LABELS[s]})
                </option>
              ))}
            </select>
          </label>
        ))}
      </div>
      <button
        type="button"
        className="button"
        disabled={busy || !summary.trim()}
        onClick={() => void publish()}
        data-testid="review.publish"
      >
        {busy ? 'Publishing…' : 'Publish'}
      </button>
      {status && (
        <p role="status" className="muted">
          {status}
        </p>
      )}
    </details>
  );
}
