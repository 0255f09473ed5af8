/**
 * The interview clock and step timeline, derived from the framework event log. Pure: both
 * browsers compute the same numbers from the same events (stamped with server time).
 */
import { STEP_COUNT, type StepIndex } from '../framework';
import type { Role } from '../access';

/** Who did something, as shown to people (the role as the server knew the connection). */
export interface Actor {
  id: string;
  name: string;
  role?: Role;
}

/**
 * A change of step or of the clock, or a candidate's request to move on, with server time
 * (unix ms) and author. Written by the server only (lib/protocol.ts, `Command`).
 */
export type FrameworkEvent =
  | { type: 'step'; step: StepIndex; at: number; by: Actor }
  | { type: 'clock'; running: boolean; at: number; by: Actor }
  | { type: 'request'; step: StepIndex; at: number; by: Actor };

/** What the clock and step list show at a moment. */
export interface Timeline {
  currentStep: StepIndex;
  running: boolean;
  /** Clock time so far (only while running counts). */
  totalMs: number;
  /** Clock time spent in each step while it was current. */
  perStepMs: number[];
  /** When the clock was first started, or null. */
  startedAt: number | null;
  /** Step changes in order: the step history. */
  stepHistory: Array<Extract<FrameworkEvent, { type: 'step' }>>;
  /** A candidate's request to move on to a later step, not yet acted on. */
  request: Extract<FrameworkEvent, { type: 'request' }> | null;
}

/** Events in time order (ties keep log order), as every client sees them. */
export function orderEvents(events: readonly FrameworkEvent[]): FrameworkEvent[] {
  return events
    .map((e, i) => [e, i] as const)
    .sort(([a, i], [b, j]) => a.at - b.at || i - j)
    .map(([e]) => e);
}

/** Replays the events up to `now`. */
export function computeTimeline(events: readonly FrameworkEvent[], now: number): Timeline {
  const perStepMs = new Array<number>(STEP_COUNT).fill(0);
  let currentStep: StepIndex = 0;
  let running = false;
  let since = 0;
  let totalMs = 0;
  let startedAt: number | null = null;
  const stepHistory: Timeline['stepHistory'] = [];
  let request: Timeline['request'] = null;
  const accrue = (until: number) => {
    if (!running) return;
    const span = Math.max(0, until - since);
    totalMs += span;
    perStepMs[currentStep]! += span;
    since = until;
  };
  for (const e of orderEvents(events)) {
    if (e.at > now) break;
    accrue(e.at);
    if (e.type === 'step') {
      currentStep = e.step;
      stepHistory.push(e);
      request = null;
    } else if (e.type === 'request') {
      request = e.step > currentStep ? e : null;
    } else if (e.running !== running) {
      running = e.running;
      since = e.at;
      if (running && startedAt === null) startedAt = e.at;
    }
  }
  accrue(now);
  return { currentStep, running, totalMs, perStepMs, startedAt, stepHistory, request };
}

/** Milliseconds over budget (0 when within it). */
export function overrunMs(spentMs: number, budgetMinutes: number): number {
  return Math.max(0, spentMs - budgetMinutes * 60_000);
}

/** 125_000 → "2:05"; 3_725_000 → "1:02:05". */
export function formatDuration(ms: number): string {
  const total = Math.floor(Math.max(0, ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}
