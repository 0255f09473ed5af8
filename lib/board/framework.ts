/**
 * Typed access to the framework state of a board: current step, step history, clock and plan.
 * The framework events are written by the server only (on a connection's command, with server
 * time and the connection's role); the plan by the interviewer.
 */
import type * as Y from 'yjs';
import { z } from 'zod';
import {
  DEFAULT_LENGTH_MINUTES,
  MAX_LENGTH_MINUTES,
  MIN_LENGTH_MINUTES,
  STEP_COUNT,
  defaultBudgets,
  type StepIndex,
} from '../framework';
import { frameworkEvents, planMap, readBoardStatus } from './schema';
import { computeTimeline, type Actor, type FrameworkEvent, type Timeline } from './timeline';

const ActorSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(['interviewer', 'candidate', 'reviewer']).optional(),
});
const StepSchema = z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]);
const EventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('step'), step: StepSchema, at: z.number().finite(), by: ActorSchema }),
  z.object({ type: z.literal('clock'), running: z.boolean(), at: z.number().finite(), by: ActorSchema }),
  z.object({ type: z.literal('request'), step: StepSchema, at: z.number().finite(), by: ActorSchema }),
]);

/** Every valid framework event in log order (anything malformed another client wrote is skipped). */
export function readFrameworkEvents(doc: Y.Doc): FrameworkEvent[] {
  const out: FrameworkEvent[] = [];
  for (const raw of frameworkEvents(doc).toArray()) {
    const parsed = EventSchema.safeParse(raw);
    if (parsed.success) out.push(parsed.data);
  }
  return out;
}

/** The timeline (current step, clock, per-step time) at `now` (server time). */
export function readTimeline(doc: Y.Doc, now: number): Timeline {
  return computeTimeline(readFrameworkEvents(doc), now);
}

/** The step the interview is in once every event in the document counts (the log's `step`). */
export function currentStep(doc: Y.Doc): StepIndex {
  return readTimeline(doc, Number.MAX_SAFE_INTEGER).currentStep;
}

/**
 * The moment the clock is read at: `now`, or the end of the interview once it ended. The server
 * also stops the clock at that moment; this keeps boards ended before it did so still.
 */
export function clockMoment(doc: Y.Doc, now: number): number {
  const { endedAt } = readBoardStatus(doc);
  return endedAt === null ? now : Math.min(now, endedAt);
}

/**
 * The time to stamp a new event with: `at`, but never before the latest event already in the
 * log. A browser's estimate of server time can move back when it is re-measured; without this,
 * two quick presses of "next" could be ordered the other way round.
 */
function stampAfterLatest(doc: Y.Doc, at: number): number {
  let latest = at;
  for (const e of readFrameworkEvents(doc)) latest = Math.max(latest, e.at);
  return latest;
}

/** Moves the interview to `step` (absolute, so two people pressing "next" at once agree). */
export function setStep(doc: Y.Doc, step: number, by: Actor, now: number): void {
  if (!Number.isInteger(step) || step < 0 || step >= STEP_COUNT) throw new RangeError(`no step ${step}`);
  const at = stampAfterLatest(doc, now);
  const current = readTimeline(doc, at).currentStep;
  if (current === step) return;
  frameworkEvents(doc).push([{ type: 'step', step: step as StepIndex, at, by } satisfies FrameworkEvent]);
}

/** Records a candidate's request to move on to `step` (server only; no-op unless it is ahead). */
export function requestStep(doc: Y.Doc, step: number, by: Actor, now: number): void {
  if (!Number.isInteger(step) || step < 0 || step >= STEP_COUNT) throw new RangeError(`no step ${step}`);
  const at = stampAfterLatest(doc, now);
  const timeline = readTimeline(doc, at);
  if (step <= timeline.currentStep || timeline.request?.step === step) return;
  frameworkEvents(doc).push([{ type: 'request', step: step as StepIndex, at, by } satisfies FrameworkEvent]);
}

/** Starts or pauses the clock; no-op when it is already in that state. */
export function setClockRunning(doc: Y.Doc, running: boolean, by: Actor, now: number): void {
  const at = stampAfterLatest(doc, now);
  if (readTimeline(doc, at).running === running) return;
  frameworkEvents(doc).push([{ type: 'clock', running, at, by } satisfies FrameworkEvent]);
}

/** Interview length and per-step budgets, in minutes. */
export interface Plan {
  lengthMinutes: number;
  budgetsMinutes: [number, number, number, number];
}

function validMinutes(v: unknown, min: number, max: number): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max;
}

/** The plan, with defaults for anything unset or invalid. */
export function readPlan(doc: Y.Doc): Plan {
  const map = planMap(doc);
  const rawLength = map.get('lengthMinutes');
  const lengthMinutes = validMinutes(rawLength, MIN_LENGTH_MINUTES, MAX_LENGTH_MINUTES)
    ? rawLength
    : DEFAULT_LENGTH_MINUTES;
  const defaults = defaultBudgets(lengthMinutes);
  const budgetsMinutes = defaults.map((d, i) => {
    const v = map.get(`budget${i}`);
    return validMinutes(v, 1, MAX_LENGTH_MINUTES) ? v : d;
  }) as Plan['budgetsMinutes'];
  return { lengthMinutes, budgetsMinutes };
}

/** Sets the interview length and resets the budgets to its default split. */
export function setLength(doc: Y.Doc, lengthMinutes: number): void {
  if (
    !validMinutes(lengthMinutes, MIN_LENGTH_MINUTES, MAX_LENGTH_MINUTES) ||
    !Number.isInteger(lengthMinutes)
  ) {
    throw new RangeError(
      `length must be a whole number of minutes from ${MIN_LENGTH_MINUTES} to ${MAX_LENGTH_MINUTES}`,
    );
  }
  const map = planMap(doc);
  doc.transact(() => {
    map.set('lengthMinutes', lengthMinutes);
    defaultBudgets(lengthMinutes).forEach((m, i) => map.set(`budget${i}`, m));
  });
}

/** Sets one step's budget. */
export function setBudget(doc: Y.Doc, step: number, minutes: number): void {
  if (!Number.isInteger(step) || step < 0 || step >= STEP_COUNT) throw new RangeError(`no step ${step}`);
  if (!validMinutes(minutes, 1, MAX_LENGTH_MINUTES) || !Number.isInteger(minutes)) {
    throw new RangeError(`a budget must be a whole number of minutes from 1 to ${MAX_LENGTH_MINUTES}`);
  }
  planMap(doc).set(`budget${step}`, minutes);
}
