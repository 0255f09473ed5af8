'use client';
import { useEffect, useMemo, useState } from 'react';
import type { BoardMeta } from '../../lib/api';
import type { Role } from '../../lib/access';
import type { ReplayEngine } from '../../lib/board/replay';
import { readFrameworkEvents, readPlan } from '../../lib/board/framework';
import { computeTimeline, formatDuration } from '../../lib/board/timeline';
import { readScope } from '../../lib/board/scope';
import { readEstimates } from '../../lib/board/estimates';
import { readFocus } from '../../lib/board/focus';
import { resultRows } from '../../lib/estimateText';
import { RUBRIC, SCORE_LABELS, STEPS } from '../../lib/framework';
import { Assessment, type AssessmentInput } from '../../lib/assessment';
import { PublishAssessment } from './PublishAssessment';
import { formatDateTime } from '../../lib/clockTime';

type Loaded =
  { state: 'loading' } | { state: 'none' } | { state: 'error' } | { state: 'ok'; value: Assessment };

/** The published assessment (interviewer and review link only: a candidate never asks). */
function useAssessment(boardId: string): [Loaded, (a: Assessment) => void] {
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  useEffect(() => {
    let cancelled = false;
    fetch(`/api/boards/${encodeURIComponent(boardId)}/assessment?optional=1`, { cache: 'no-store' })
      .then(async (res) => {
        if (!res.ok) return { state: 'error' } as const;
        const body: unknown = await res.json();
        return body === null
          ? ({ state: 'none' } as const)
          : ({ state: 'ok', value: Assessment.parse(body) } as const);
      })
      .catch(() => ({ state: 'error' }) as const)
      .then((l) => !cancelled && setLoaded(l));
    return () => {
      cancelled = true;
    };
  }, [boardId]);
  return [loaded, (value) => setLoaded({ state: 'ok', value })];
}

/**
 * The one-screen summary the review page opens on: question, duration against plan, step
 * times, pinned assumptions, key estimates, focus components, and the assessment once published.
 */
export function ReviewSummary({
  board,
  role,
  engine,
  version,
  onClose,
}: {
  board: BoardMeta;
  role: Role;
  engine: ReplayEngine;
  version: number;
  onClose: () => void;
}) {
  const [assessment, setAssessment] = useAssessment(board.id);
  const facts = useMemo(() => {
    const doc = engine.latest;
    const end = board.endedAt ?? engine.range.end;
    const timeline = computeTimeline(readFrameworkEvents(doc), end);
    return {
      timeline,
      plan: readPlan(doc),
      pinned: readScope(doc).filter((s) => s.pinned),
      estimates: readEstimates(doc).filter((e) => e.results),
      focus: readFocus(doc),
    };
    // the engine's log grows while a live board is followed
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [engine, version, board.endedAt]);
  const { timeline, plan } = facts;

  return (
    <section className="review-summary" aria-labelledby="review-summary-title" data-testid="review.summary">
      <div className="review-summary-head">
        <h2 id="review-summary-title">Summary</h2>
        <button type="button" className="button" onClick={onClose} data-testid="review.open-replay">
          Open the replay
        </button>
      </div>
      <div className="review-summary-grid">
        <div>
          <h3>Interview</h3>
          <dl className="facts">
            {board.questionTitle && (
              <>
                <dt>Question</dt>
                <dd>{board.questionTitle}</dd>
              </>
            )}
            <dt>Candidate</dt>
            <dd>{board.candidateName ?? 'not recorded'}</dd>
            <dt>Duration</dt>
            <dd data-testid="review.duration">
              {formatDuration(timeline.totalMs)} of {plan.lengthMinutes} min planned
            </dd>
          </dl>
          <table className="step-times">
            <thead>
              <tr>
                <th scope="col">Step</th>
                <th scope="col">Time</th>
                <th scope="col">Budget</th>
              </tr>
            </thead>
            <tbody>
              {STEPS.map((s) => {
                const spent = timeline.perStepMs[s.index] ?? 0;
                const budget = plan.budgetsMinutes[s.index] ?? 0;
                return (
                  <tr key={s.index} className={spent > budget * 60_000 ? 'over' : undefined}>
                    <td>
                      {s.index + 1}. {s.title}
                    </td>
                    <td>{formatDuration(spent)}</td>
                    <td>{budget} min</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <div>
          <h3>Pinned assumptions</h3>
          {facts.pinned.length === 0 ? (
            <p className="muted">None pinned.</p>
          ) : (
            <ul>
              {facts.pinned.map((s) => (
                <li key={s.id} className="pre-line">
                  {s.text}
                </li>
              ))}
            </ul>
          )}
          <h3>Key estimates</h3>
          {facts.estimates.length === 0 ? (
            <p className="muted">No estimates were saved.</p>
          ) : (
            facts.estimates.slice(0, 3).map((e) => (
              <div key={e.id} className="estimate-brief">
                <strong>{e.label}</strong>:{' '}
                {resultRows(e.results!, e.inputs)
                  .slice(1, 4)
                  .map(([k, v]) => `${k} ${v}`)
                  .join(' · ')}
              </div>
            ))
          )}
          <h3>Focus components</h3>
          {facts.focus.length === 0 ? (
            <p className="muted">None marked.</p>
          ) : (
            <ul>
              {facts.focus.map((f) => (
                <li key={f.id}>{f.label}</li>
              ))}
            </ul>
          )}
        </div>
        <div data-testid="review.assessment">
          <h3>Assessment</h3>
          {assessment.state === 'loading' && <p className="muted">Loading…</p>}
          {assessment.state === 'error' && <p className="muted">The assessment could not be loaded.</p>}
          {assessment.state === 'none' && (
            <p className="muted">
              {role === 'interviewer' ? 'Not published yet.' : 'The interviewer has not published one.'}
            </p>
          )}
          {assessment.state === 'ok' && <AssessmentView value={assessment.value} />}
          {role === 'interviewer' && (
            <PublishAssessment
              boardId={board.id}
              current={assessment.state === 'ok' ? assessment.value : null}
              onPublished={setAssessment}
            />
          )}
        </div>
      </div>
    </section>
  );
}

function AssessmentView({ value }: { value: AssessmentInput & { publishedAt: number } }) {
  const scores = Object.entries(value.scores ?? {}).filter(([, s]) => s);
  return (
    <div data-testid="review.assessment-published">
      <p className="pre-line">{value.summary}</p>
      {scores.length > 0 && (
        <dl className="facts">
          {scores.map(([k, s]) => (
            <div key={k} className="fact-row">
              <dt>{RUBRIC.find((r) => r.key === k)?.label ?? 'Overall'}</dt>
              <dd>
                {s} ({SCORE_LABELS[s as 1 | 2 | 3 | 4]})
              </dd>
            </div>
          ))}
        </dl>
      )}
      {value.notes && value.notes.length > 0 && (
        <ul>
          {value.notes.map((n, i) => (
            <li key={i} className="pre-line">
              {n.text}
            </li>
          ))}
        </ul>
      )}
      <p className="muted">Published {formatDateTime(value.publishedAt)}</p>
    </div>
  );
}
