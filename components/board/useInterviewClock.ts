'use client';
import { useEffect, useState } from 'react';
import { clockMoment, readFrameworkEvents, readPlan, type Plan } from '../../lib/board/framework';
import { observePanel, readBoardStatus, type BoardDoc } from '../../lib/board/schema';
import { computeTimeline, type Timeline } from '../../lib/board/timeline';
import { useObserved } from './useObserved';

/** How often a running clock is redrawn. */
const CLOCK_TICK_MS = 1_000;

/** What the header and the panel show of the interview's clock and steps. */
export interface InterviewClock {
  timeline: Timeline;
  plan: Plan;
  ended: boolean;
}

function endedAtOf(doc: BoardDoc): number | null {
  return readBoardStatus(doc).endedAt;
}

/**
 * The timeline and plan of a board, redrawn every second and on every change. Once the
 * interview ended it is read at the end's moment, so it stands still for good.
 */
export function useInterviewClock(doc: BoardDoc, now: () => number): InterviewClock {
  const events = useObserved(doc, observePanel, readFrameworkEvents);
  const plan = useObserved(doc, observePanel, readPlan);
  const endedAt = useObserved(doc, observePanel, endedAtOf);
  const [, setTick] = useState(0);
  useEffect(() => {
    if (endedAt !== null) return; // it stands still from now on
    const timer = window.setInterval(() => setTick((t) => t + 1), CLOCK_TICK_MS);
    return () => window.clearInterval(timer);
  }, [endedAt]);
  const moment = clockMoment(doc, now());
  return { timeline: computeTimeline(events, moment), plan, ended: endedAt !== null };
}
