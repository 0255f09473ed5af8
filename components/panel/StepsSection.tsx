'use client';
import { useEffect, useId, useState } from 'react';
import { STEPS, STEP_COUNT, type StepDefinition } from '../../lib/framework';
import { readTimeline } from '../../lib/board/framework';
import { formatDuration, overrunMs, type Timeline } from '../../lib/board/timeline';
import { usePanelEnv } from './PanelContext';
import { formatHourMinute } from '../../lib/clockTime';

/** Keyboard shortcuts for moving between steps (they do not clash with tldraw or the browser). */
export const NEXT_STEP_KEYS = 'Alt+Shift+ArrowRight';
export const PREVIOUS_STEP_KEYS = 'Alt+Shift+ArrowLeft';

/** The four steps, the current one highlighted with its guidance, and the buttons to move. */
export function StepsSection({ timeline, budgets }: { timeline: Timeline; budgets: readonly number[] }) {
  const { doc, now, role, command, review, readOnly } = usePanelEnv();
  const headingId = useId();
  const current = timeline.currentStep;
  const runs = role === 'interviewer' && !readOnly;
  const asks = role === 'candidate' && !readOnly;
  // Relative to the document's step at the moment of the click, not to the last render. The
  // interviewer moves; the candidate asks to move on (the server enforces both).
  const move = (delta: -1 | 1) => {
    const step = readTimeline(doc, now()).currentStep + delta;
    if (step < 0 || step >= STEP_COUNT) return;
    if (runs) command({ type: 'step', step });
    else if (asks && delta === 1) command({ type: 'request-step', step });
  };

  useEffect(() => {
    if (review) return;
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || !e.shiftKey || e.ctrlKey || e.metaKey) return;
      if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
      e.preventDefault();
      e.stopPropagation();
      move(e.key === 'ArrowRight' ? 1 : -1);
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  });

  return (
    <section className="panel-section" aria-labelledby={headingId}>
      <h2 id={headingId}>Steps</h2>
      <ol className="steps" data-testid="panel.steps">
        {STEPS.map((step) => {
          const isCurrent = step.index === current;
          const spent = timeline.perStepMs[step.index] ?? 0;
          const over = overrunMs(spent, budgets[step.index] ?? 0) > 0;
          return (
            <li
              key={step.index}
              aria-current={isCurrent ? 'step' : undefined}
              className={`step${isCurrent ? ' current' : ''}${step.index < current ? ' done' : ''}`}
              data-testid={`panel.step-${step.index}`}
            >
              <div className="step-head">
                <span className="step-title">
                  {step.index + 1}. {step.title}
                </span>
                <span className={`step-time${over ? ' over' : ''}`} title="Time spent / budget">
                  {formatDuration(spent)} / {budgets[step.index]}m
                </span>
              </div>
              {isCurrent && <StepGuidance step={step} review={review} />}
            </li>
          );
        })}
      </ol>
      {runs && timeline.request && (
        <p className="step-request" role="status" data-testid="panel.step-request">
          {timeline.request.by.name} asks to move on to step {timeline.request.step + 1}.{' '}
          <button
            type="button"
            className="button primary"
            onClick={() => command({ type: 'step', step: timeline.request!.step })}
          >
            Move on
          </button>
        </p>
      )}
      {runs && (
        <div className="step-nav">
          <button
            type="button"
            className="button secondary"
            onClick={() => move(-1)}
            disabled={current === 0}
            aria-keyshortcuts={PREVIOUS_STEP_KEYS}
            title="Alt+Shift+←"
            data-testid="panel.step-previous"
          >
            Previous step
          </button>
          <button
            type="button"
            className="button primary"
            onClick={() => move(1)}
            disabled={current === STEP_COUNT - 1}
            aria-keyshortcuts={NEXT_STEP_KEYS}
            title="Alt+Shift+→"
            data-testid="panel.step-next"
          >
            Next step
          </button>
        </div>
      )}
      {asks && current < STEP_COUNT - 1 && (
        <div className="step-nav">
          {timeline.request ? (
            <p className="muted" data-testid="panel.step-requested">
              You asked to move on to step {timeline.request.step + 1}; the interviewer decides.
            </p>
          ) : (
            <button
              type="button"
              className="button secondary"
              onClick={() => move(1)}
              aria-keyshortcuts={NEXT_STEP_KEYS}
              title="Alt+Shift+→"
              data-testid="panel.step-ask"
            >
              Ask to move on
            </button>
          )}
        </div>
      )}
      {timeline.stepHistory.length > 0 && (
        <details className="history">
          <summary>Step history ({timeline.stepHistory.length})</summary>
          <ol data-testid="panel.step-history">
            {timeline.stepHistory.map((e, i) => (
              <li key={i}>
                {formatHourMinute(e.at)}: {e.by.name} moved to step {e.step + 1}
              </li>
            ))}
          </ol>
        </details>
      )}
    </section>
  );
}

const READ_KEY = 'boardroom.guidanceRead';

function readSteps(): number[] {
  try {
    const v: unknown = JSON.parse(window.localStorage.getItem(READ_KEY) ?? '[]');
    return Array.isArray(v) ? v.filter((n): n is number => typeof n === 'number') : [];
  } catch {
    return [];
  }
}

/**
 * A step's guidance: in full until this browser's person has read it ("Got it"), then one line
 * that opens on demand. Remembered per browser, so a returning person gets the room back.
 */
function StepGuidance({ step, review }: { step: StepDefinition; review: boolean }) {
  const [read, setRead] = useState(() => review || readSteps().includes(step.index));
  const [open, setOpen] = useState(false);
  const bodyId = useId();
  const expanded = !read || open;
  const markRead = () => {
    window.localStorage.setItem(READ_KEY, JSON.stringify([...new Set([...readSteps(), step.index])]));
    setRead(true);
    setOpen(false);
  };
  return (
    <div className="step-body" data-testid="panel.guidance">
      <div className="step-summary-row">
        <p className="step-summary">{step.summary}</p>
        {read && (
          <button
            type="button"
            className="link-button"
            aria-expanded={open}
            aria-controls={bodyId}
            onClick={() => setOpen(!open)}
            data-testid="panel.guidance-toggle"
          >
            {open ? 'Less' : 'Guidance'}
          </button>
        )}
      </div>
      <div id={bodyId} hidden={!expanded} className={read ? undefined : 'guidance-unread'}>
        <ul className="guidance">
          {step.guidance.map((g) => (
            <li key={g}>{g}</li>
          ))}
        </ul>
        <p className="prompts-title">Questions to consider</p>
        <ul className="prompts">
          {step.prompts.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
        {!read && (
          <button
            type="button"
            className="button secondary"
            onClick={markRead}
            data-testid="panel.guidance-read"
          >
            Got it, show one line
          </button>
        )}
      </div>
    </div>
  );
}
