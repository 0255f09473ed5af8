'use client';
/**
 * The interviewer's guide to the board's question: scope hints, reference estimates, deep-dive
 * candidates, the rubric, and the starter template to place or not. Rendered only for
 * interviewers, and fetched from the interviewer-only API: none of it is in the board document
 * or in anything the candidate's browser loads.
 */
import { useEffect, useId, useState } from 'react';
import type { Editor } from 'tldraw';
import { Question, RUBRIC_STEPS } from '../../lib/questions/schema';
import type { StepIndex } from '../../lib/framework';
import { callApi } from '../apiClient';
import { placeTemplate } from '../canvas/placeTemplate';

function useQuestion(id: string): { question: Question | null; error: string | null } {
  const [state, setState] = useState<{ question: Question | null; error: string | null }>({
    question: null,
    error: null,
  });
  useEffect(() => {
    let cancelled = false;
    callApi(`/api/questions/${encodeURIComponent(id)}`, { method: 'GET' }, Question).then(
      (question) => !cancelled && setState({ question, error: null }),
      (err: unknown) =>
        !cancelled && setState({ question: null, error: err instanceof Error ? err.message : String(err) }),
    );
    return () => {
      cancelled = true;
    };
  }, [id]);
  return state;
}

/** The question guide (interviewers only). `editor` null: nothing can be placed (review). */
export function QuestionSection({
  questionId,
  currentStep,
  editor,
  readOnly,
}: {
  questionId: string;
  currentStep: StepIndex;
  editor: Editor | null;
  readOnly: boolean;
}) {
  const { question, error } = useQuestion(questionId);
  const headingId = useId();
  return (
    <section
      className="panel-section question-guide"
      aria-labelledby={headingId}
      data-testid="panel.question"
    >
      <h2 id={headingId}>Question guide (private)</h2>
      {error && <p className="error">The question could not be loaded: {error}</p>}
      {!question && !error && <p className="muted">Loading the question…</p>}
      {question && (
        <QuestionBody q={question} currentStep={currentStep} editor={editor} readOnly={readOnly} />
      )}
    </section>
  );
}

function QuestionBody({
  q,
  currentStep,
  editor,
  readOnly,
}: {
  q: Question;
  currentStep: StepIndex;
  editor: Editor | null;
  readOnly: boolean;
}) {
  const [placed, setPlaced] = useState(false);
  const rubricNow = RUBRIC_STEPS[currentStep]!;
  return (
    <>
      <p className="muted">
        {q.title}. Only interviewers see this; the candidate&apos;s browser never receives it.
      </p>
      <div className="question-rubric-now" data-testid="panel.question-rubric-now">
        <div className="notes-step">Signals for step {currentStep + 1}</div>
        <ul>
          {q.rubric[rubricNow.key].map((s) => (
            <li key={s}>{s}</li>
          ))}
        </ul>
      </div>
      <details open={currentStep === 0}>
        <summary>Scope hints ({q.scopeHints.length})</summary>
        <ul data-testid="panel.question-hints">
          {q.scopeHints.map((h) => (
            <li key={h}>{h}</li>
          ))}
        </ul>
      </details>
      <details open={currentStep === 1}>
        <summary>Reference estimates ({q.referenceEstimates.length})</summary>
        <dl className="question-estimates">
          {q.referenceEstimates.map((e) => (
            <div key={e.label}>
              <dt>{e.label}</dt>
              <dd>
                <strong>{e.value}</strong>
                {e.working && <span className="muted"> {e.working}</span>}
              </dd>
            </div>
          ))}
        </dl>
      </details>
      <details open={currentStep === 2}>
        <summary>Deep-dive candidates ({q.deepDives.length})</summary>
        <ul>
          {q.deepDives.map((d) => (
            <li key={d}>{d}</li>
          ))}
        </ul>
      </details>
      <details>
        <summary>Rubric, every step</summary>
        {RUBRIC_STEPS.map((s, i) => (
          <div key={s.key}>
            <div className="notes-step">
              {i + 1}. {s.title}
            </div>
            <ul>
              {q.rubric[s.key].map((signal) => (
                <li key={signal}>{signal}</li>
              ))}
            </ul>
          </div>
        ))}
      </details>
      {q.template && editor && (
        <div className="field-inline question-template">
          <span>
            Starter: <strong>{q.template.name}</strong> ({q.template.components.length} components)
          </span>
          <button
            type="button"
            className="button secondary"
            data-testid="panel.place-template"
            disabled={readOnly}
            onClick={() => {
              placeTemplate(editor, q.template!);
              setPlaced(true);
            }}
          >
            {placed ? 'Place again' : 'Place on canvas'}
          </button>
        </div>
      )}
    </>
  );
}
