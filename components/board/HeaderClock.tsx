'use client';
import { STEPS, STEP_COUNT } from '../../lib/framework';
import { formatDuration, overrunMs } from '../../lib/board/timeline';
import type { BoardDoc } from '../../lib/board/schema';
import { useInterviewClock } from './useInterviewClock';

/**
 * The clock and the current step in the board header: always in sight, panel open or hidden.
 * Elapsed against the interview's length, this step against its budget, and the overrun.
 */
export function HeaderClock({ doc, now }: { doc: BoardDoc; now: () => number }) {
  const { timeline, plan, ended } = useInterviewClock(doc, now);
  const step = timeline.currentStep;
  const stepMs = timeline.perStepMs[step] ?? 0;
  const budget = plan.budgetsMinutes[step]!;
  const stepOver = overrunMs(stepMs, budget);
  const totalOver = overrunMs(timeline.totalMs, plan.lengthMinutes);
  const state = ended
    ? 'ended'
    : timeline.running
      ? 'running'
      : timeline.startedAt === null
        ? 'not started'
        : 'paused';
  return (
    <div className="header-clock" data-testid="header.clock" data-state={state}>
      <span
        className="header-step"
        data-testid="header.step"
        title={`${STEPS[step]!.title}: ${STEPS[step]!.summary}`}
      >
        <span className="header-step__num">
          Step {step + 1}/{STEP_COUNT}
        </span>{' '}
        <span className="header-step__title">{STEPS[step]!.title}</span>
      </span>
      <span
        className={`header-clock__total${totalOver > 0 ? ' over' : ''}`}
        data-testid="header.clock-total"
        data-ms={timeline.totalMs}
        title={`Interview time (${state})`}
      >
        {!timeline.running && !ended && timeline.startedAt !== null && <span aria-hidden="true">❚❚ </span>}
        {formatDuration(timeline.totalMs)}
        <span className="muted"> / {plan.lengthMinutes} min</span>
      </span>
      <span
        className={`header-clock__step${stepOver > 0 ? ' over' : ''}`}
        data-testid="header.clock-step"
        title="Time in this step / its budget"
      >
        step {formatDuration(stepMs)} / {budget}:00
        {stepOver > 0 && <strong data-testid="header.overrun"> +{formatDuration(stepOver)} over</strong>}
      </span>
      <span className="visually-hidden">
        {ended ? 'Clock stopped: the interview ended.' : `Clock ${state}.`}
      </span>
    </div>
  );
}
