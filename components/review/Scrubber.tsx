'use client';
import { useEffect, useRef, useState } from 'react';
import type { ReplayEngine } from '../../lib/board/replay';
import { STEPS } from '../../lib/framework';
import { formatDuration } from '../../lib/board/timeline';

const SPEEDS = [1, 4, 16] as const;

/**
 * The log position where step `step` ended: just before the first step change after the
 * step was first entered, or the end of the log; null if the interview never reached it.
 */
export function endOfStep(engine: ReplayEngine, step: number): number | null {
  const began = step === 0 ? 0 : engine.markers.find((m) => m.step === step)?.index;
  if (began === undefined) return null;
  const next = engine.markers.find((m) => m.index > began && m.step !== step);
  return next ? next.index - 1 : engine.entries.length;
}

function clock(ms: number): string {
  return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** Drag or play through the board's history; markers show where each step began. */
export function Scrubber({
  engine,
  index,
  onIndex,
}: {
  engine: ReplayEngine;
  index: number;
  onIndex: (i: number) => void;
}) {
  const { start, end } = engine.range;
  const span = Math.max(1, end - start);
  const at = index === 0 ? start : engine.entries[index - 1]!.at;
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState<(typeof SPEEDS)[number]>(4);
  const cursor = useRef(at);

  useEffect(() => {
    if (!playing) return;
    let frame = 0;
    let last = performance.now();
    cursor.current = index >= engine.entries.length ? start : at;
    const tick = (now: number) => {
      cursor.current += (now - last) * speed;
      last = now;
      const next = engine.indexAt(cursor.current);
      onIndex(next);
      if (cursor.current >= end) setPlaying(false);
      else frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(frame);
    // restart only when play/speed change, not on every index it sets itself
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [playing, speed, engine]);

  return (
    <div className="scrubber" role="group" aria-label="Replay" data-testid="replay">
      <div className="scrubber-row">
        <button
          type="button"
          className="button secondary"
          onClick={() => setPlaying(!playing)}
          disabled={engine.entries.length === 0}
        >
          {playing ? 'Pause' : 'Play'}
        </button>
        <select
          aria-label="Replay speed"
          value={speed}
          onChange={(e) => setSpeed(Number(e.target.value) as (typeof SPEEDS)[number])}
        >
          {SPEEDS.map((s) => (
            <option key={s} value={s}>
              {s}×
            </option>
          ))}
        </select>
        <div className="track">
          <input
            type="range"
            aria-label="Replay position"
            aria-valuetext={`${formatDuration(at - start)} into the session`}
            min={0}
            max={engine.entries.length}
            value={index}
            onChange={(e) => {
              setPlaying(false);
              onIndex(Number(e.target.value));
            }}
            data-testid="replay.position"
          />
          {engine.markers.map((m) => (
            <span
              key={`${m.index}-${m.step}`}
              className="marker"
              style={{ left: `${(m.index / Math.max(1, engine.entries.length)) * 100}%` }}
              title={`Step ${m.step + 1} began at ${clock(m.at)} (${m.by})`}
              data-testid={`replay.marker-${m.step}`}
            >
              {m.step + 1}
            </span>
          ))}
        </div>
        <span className="replay-time" data-testid="replay.time" data-index={index}>
          {formatDuration(at - start)} / {formatDuration(span)}
        </span>
      </div>
      <div className="scrubber-row jumps">
        <span className="muted">Jump to:</span>
        <button type="button" className="icon-button" onClick={() => onIndex(0)}>
          Start
        </button>
        {STEPS.map((s) => {
          const target = endOfStep(engine, s.index);
          return (
            <button
              key={s.index}
              type="button"
              className="icon-button"
              disabled={target === null}
              onClick={() => target !== null && onIndex(target)}
              data-testid={`replay.end-of-step-${s.index}`}
            >
              End of step {s.index + 1}
            </button>
          );
        })}
        <button
          type="button"
          className="icon-button"
          onClick={() => onIndex(engine.entries.length)}
          data-testid="replay.end"
        >
          End
        </button>
      </div>
    </div>
  );
}
