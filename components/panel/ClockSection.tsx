'use client';
import { useId, useState } from 'react';
import { MAX_LENGTH_MINUTES, MIN_LENGTH_MINUTES, STEPS } from '../../lib/framework';
import { setBudget, setLength, type Plan } from '../../lib/board/framework';
import { formatDuration, overrunMs, type Timeline } from '../../lib/board/timeline';
import { usePanelEnv } from './PanelContext';

/** Elapsed time overall and in the current step, start/pause, and the interview plan. */
export function ClockSection({ timeline, plan }: { timeline: Timeline; plan: Plan }) {
  const { doc, role, command, readOnly, review } = usePanelEnv();
  const runs = role === 'interviewer' && !readOnly;
  const headingId = useId();
  const stepMs = timeline.perStepMs[timeline.currentStep] ?? 0;
  const budget = plan.budgetsMinutes[timeline.currentStep]!;
  const over = overrunMs(stepMs, budget);
  const totalOver = overrunMs(timeline.totalMs, plan.lengthMinutes);
  const label = timeline.running
    ? 'Pause clock'
    : timeline.startedAt === null
      ? 'Start clock'
      : 'Resume clock';

  const toggle = runs && (
    <button
      type="button"
      className={`button ${timeline.running ? 'secondary' : 'primary'}`}
      onClick={() => command({ type: 'clock', running: !timeline.running })}
      data-testid="panel.clock-toggle"
    >
      {label}
    </button>
  );
  const planView = runs ? (
    <PlanEditor plan={plan} onLength={(m) => setLength(doc, m)} onBudget={(i, m) => setBudget(doc, i, m)} />
  ) : (
    <p className="muted plan">
      Plan: {plan.lengthMinutes} min ({plan.budgetsMinutes.join(' / ')})
    </p>
  );

  // Live, the figures are in the board header (always in sight); the panel keeps the controls.
  if (!review) {
    return (
      <section className="panel-section clock compact" aria-labelledby={headingId}>
        <h2 id={headingId} className="visually-hidden">
          Clock
        </h2>
        <div className="clock-compact">
          {toggle}
          {planView}
        </div>
      </section>
    );
  }

  return (
    <section className="panel-section clock" aria-labelledby={headingId}>
      <h2 id={headingId}>Clock</h2>
      <div className="clock-row">
        <div>
          <div className="clock-big" data-testid="panel.clock-total" data-ms={timeline.totalMs}>
            {formatDuration(timeline.totalMs)}
          </div>
          <div className="muted">
            of {plan.lengthMinutes} min{totalOver > 0 ? `, ${formatDuration(totalOver)} over` : ''}
          </div>
        </div>
        <div>
          <div className={`clock-step${over > 0 ? ' over' : ''}`} data-testid="panel.clock-step">
            {formatDuration(stepMs)} / {budget}:00
          </div>
          <div className="muted">this step</div>
        </div>
        {toggle}
      </div>
      {over > 0 && (
        <p className="warning" role="status" data-testid="panel.overrun">
          Step {timeline.currentStep + 1} is {formatDuration(over)} over its {budget}-minute budget.
        </p>
      )}
      {planView}
    </section>
  );
}

function PlanEditor({
  plan,
  onLength,
  onBudget,
}: {
  plan: Plan;
  onLength: (minutes: number) => void;
  onBudget: (step: number, minutes: number) => void;
}) {
  const preset =
    plan.lengthMinutes === 45 || plan.lengthMinutes === 60 ? String(plan.lengthMinutes) : 'custom';
  const [customMode, setCustomMode] = useState(false);
  const isCustom = customMode || preset === 'custom';
  const [custom, setCustom] = useState(String(plan.lengthMinutes));
  const [error, setError] = useState<string | null>(null);
  const errorId = useId();
  const applyCustom = () => {
    const n = Number(custom);
    if (!Number.isInteger(n) || n < MIN_LENGTH_MINUTES || n > MAX_LENGTH_MINUTES) {
      setError(`Enter whole minutes from ${MIN_LENGTH_MINUTES} to ${MAX_LENGTH_MINUTES}.`);
      return;
    }
    setError(null);
    setCustomMode(false);
    onLength(n);
  };
  return (
    <details className="plan">
      <summary>
        Plan: {plan.lengthMinutes} min ({plan.budgetsMinutes.join(' / ')})
      </summary>
      <label className="field-inline">
        Interview length
        <select
          value={isCustom ? 'custom' : preset}
          onChange={(e) => {
            const custom = e.target.value === 'custom';
            setCustomMode(custom);
            if (custom) setCustom(String(plan.lengthMinutes));
            else onLength(Number(e.target.value));
          }}
        >
          <option value="45">45 minutes</option>
          <option value="60">60 minutes</option>
          <option value="custom">Custom</option>
        </select>
      </label>
      {isCustom ? (
        <div className="field-inline">
          <label>
            Custom length (minutes)
            <input
              type="number"
              min={MIN_LENGTH_MINUTES}
              max={MAX_LENGTH_MINUTES}
              value={custom}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? errorId : undefined}
              onChange={(e) => setCustom(e.target.value)}
              onKeyDown={(e) => e.key === 'Enter' && applyCustom()}
            />
          </label>
          <button type="button" className="button secondary" onClick={applyCustom}>
            Set length
          </button>
          {error && (
            <p id={errorId} role="alert" className="error">
              {error}
            </p>
          )}
        </div>
      ) : null}
      <fieldset className="budgets">
        <legend>Budget per step (minutes)</legend>
        {STEPS.map((s) => (
          <label key={s.index}>
            {s.index + 1}. {s.title}
            <input
              type="number"
              min={1}
              max={MAX_LENGTH_MINUTES}
              defaultValue={plan.budgetsMinutes[s.index]}
              key={plan.budgetsMinutes[s.index]}
              onBlur={(e) => {
                const n = Number(e.target.value);
                if (Number.isInteger(n) && n >= 1 && n <= MAX_LENGTH_MINUTES) onBudget(s.index, n);
                else e.target.value = String(plan.budgetsMinutes[s.index]);
              }}
            />
          </label>
        ))}
      </fieldset>
    </details>
  );
}
