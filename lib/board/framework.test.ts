import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createBoardDoc } from './schema';
import {
  readFrameworkEvents,
  readPlan,
  readTimeline,
  setBudget,
  setClockRunning,
  setLength,
  setStep,
} from './framework';
import { computeTimeline, formatDuration, overrunMs, type FrameworkEvent } from './timeline';
import { defaultBudgets } from '../framework';

const ada = { id: 'a', name: 'Ada' };
const bob = { id: 'b', name: 'Bob' };
const MIN = 60_000;

function sync(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

describe('steps and history', () => {
  it('records each change with step, time and author, and derives the current step', () => {
    const doc = createBoardDoc();
    expect(readTimeline(doc, 0).currentStep).toBe(0);
    setStep(doc, 1, ada, 1_000);
    setStep(doc, 1, bob, 1_500); // already there: nothing recorded
    setStep(doc, 2, bob, 2_000);
    setStep(doc, 1, ada, 3_000);
    const t = readTimeline(doc, 4_000);
    expect(t.currentStep).toBe(1);
    expect(t.stepHistory.map((e) => [e.step, e.at, e.by.name])).toEqual([
      [1, 1_000, 'Ada'],
      [2, 2_000, 'Bob'],
      [1, 3_000, 'Ada'],
    ]);
    expect(() => setStep(doc, 4, ada, 5_000)).toThrow(RangeError);
  });

  it('two people pressing "next" at once land on the same step', () => {
    const a = createBoardDoc();
    const b = createBoardDoc();
    setStep(a, 1, ada, 1_000);
    setStep(b, 1, bob, 1_001);
    sync(a, b);
    expect(readTimeline(a, 2_000).currentStep).toBe(1);
    expect(readTimeline(b, 2_000)).toEqual(readTimeline(a, 2_000));
  });

  it('ignores malformed events another client wrote', () => {
    const doc = createBoardDoc();
    setStep(doc, 2, ada, 1_000);
    doc.getArray('framework').push([{ type: 'step', step: 9, at: 2_000, by: ada }, 'junk', null]);
    expect(readFrameworkEvents(doc)).toHaveLength(1);
    expect(readTimeline(doc, 3_000).currentStep).toBe(2);
  });
});

describe('clock', () => {
  it('counts only running time, overall and per step, from shared timestamps', () => {
    const doc = createBoardDoc();
    setClockRunning(doc, true, ada, 0);
    setStep(doc, 1, ada, 4 * MIN);
    setClockRunning(doc, false, bob, 10 * MIN);
    setClockRunning(doc, true, bob, 30 * MIN); // 20 paused minutes do not count
    setStep(doc, 2, ada, 32 * MIN);
    const t = readTimeline(doc, 40 * MIN);
    expect(t.running).toBe(true);
    expect(t.startedAt).toBe(0);
    expect(t.totalMs).toBe(20 * MIN);
    expect(t.perStepMs).toEqual([4 * MIN, 8 * MIN, 8 * MIN, 0]);
  });

  it('keeps quick presses in order when the clock estimate moves back between them', () => {
    const doc = createBoardDoc();
    setStep(doc, 1, ada, 10_000);
    setStep(doc, 2, ada, 9_990); // the browser re-measured its offset in between
    setStep(doc, 3, ada, 9_995);
    expect(readTimeline(doc, 20_000).currentStep).toBe(3);
    expect(readTimeline(doc, 20_000).stepHistory.map((e) => e.step)).toEqual([1, 2, 3]);
  });

  it('orders events by server time whatever order they were appended in', () => {
    const events: FrameworkEvent[] = [
      { type: 'step', step: 1, at: 5 * MIN, by: bob },
      { type: 'clock', running: true, at: 0, by: ada },
    ];
    expect(computeTimeline(events, 10 * MIN).perStepMs).toEqual([5 * MIN, 5 * MIN, 0, 0]);
    expect(computeTimeline(events, 3 * MIN).currentStep).toBe(0);
  });

  it('reports overruns and formats durations', () => {
    expect(overrunMs(6 * MIN, 5)).toBe(MIN);
    expect(overrunMs(4 * MIN, 5)).toBe(0);
    expect(formatDuration(125_000)).toBe('2:05');
    expect(formatDuration(3_725_000)).toBe('1:02:05');
    expect(formatDuration(-5)).toBe('0:00');
  });
});

describe('plan', () => {
  it('defaults to 45 minutes split 5/15/20/5, presets 60, scales custom lengths', () => {
    const doc = createBoardDoc();
    expect(readPlan(doc)).toEqual({ lengthMinutes: 45, budgetsMinutes: [5, 15, 20, 5] });
    setLength(doc, 60);
    expect(readPlan(doc).budgetsMinutes).toEqual([8, 17, 27, 8]);
    setLength(doc, 90);
    const custom = readPlan(doc).budgetsMinutes;
    expect(custom.reduce((a, b) => a + b, 0)).toBe(90);
    expect(custom).toEqual(defaultBudgets(90));
    setBudget(doc, 3, 12);
    expect(readPlan(doc).budgetsMinutes[3]).toBe(12);
    expect(() => setBudget(doc, 0, 0)).toThrow(RangeError);
    expect(() => setLength(doc, 5)).toThrow(RangeError);
    expect(() => setLength(doc, Number.NaN)).toThrow(RangeError);
  });
});
