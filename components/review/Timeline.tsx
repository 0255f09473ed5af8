'use client';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { ReplayEngine } from '../../lib/board/replay';
import { STEPS } from '../../lib/framework';
import { formatDuration } from '../../lib/board/timeline';
import { MOMENT_KINDS, type Moment, type MomentKind } from '../../lib/board/moments';
import { buildTrack, clusterMarkers, IDLE_SHOWN_MS } from '../../lib/board/track';

const SPEEDS = [1, 4, 16] as const;
/** Closest two marker clusters may sit, in pixels. */
const MARKER_GAP_PX = 28;

/** How each kind of moment looks and is named in the filters. */
export const MOMENT_STYLE: Record<MomentKind, { icon: string; colour: string; name: string }> = {
  step: { icon: '▶', colour: '#1f3fb8', name: 'Step changes' },
  scope: { icon: '✎', colour: '#237032', name: 'Scope added' },
  answer: { icon: '?', colour: '#0b7285', name: 'Answers' },
  pin: { icon: '★', colour: '#9a4f00', name: 'Pinned' },
  estimate: { icon: '#', colour: '#9c36b5', name: 'Estimates' },
  focus: { icon: '◎', colour: '#c92a2a', name: 'Focus' },
  note: { icon: '✉', colour: '#5c3b00', name: 'Notes' },
  gap: { icon: '!', colour: '#5c636a', name: 'Gaps' },
};

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

function useWidth<T extends HTMLElement>(): [React.RefObject<T | null>, number] {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setWidth(el.clientWidth));
    observer.observe(el);
    setWidth(el.clientWidth);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}

/** Time spent per step (clock time) against its budget, for the step bands. */
export interface StepBudget {
  spentMs: number;
  budgetMinutes: number;
}

/**
 * The review timeline: a track proportional to time (long idle gaps hatched and shortened),
 * step bands, typed markers (filterable, clustered when dense; click to jump), play and jumps.
 */
export function Timeline({
  engine,
  version,
  index,
  onSeek,
  onJump,
  budgets,
  extraMoments = [],
}: {
  engine: ReplayEngine;
  /** Changes when the engine's log grows (live follow). */
  version: number;
  index: number;
  /** Moves while scrubbing or playing. */
  onSeek: (index: number) => void;
  /** Moves to a moment (and fits the canvas). */
  onJump: (index: number) => void;
  budgets: StepBudget[];
  /** Moments from outside the board's log (the interviewer's notes). */
  extraMoments?: Moment[];
}) {
  const track = useMemo(
    () => buildTrack(engine.entries.map((e) => e.at)),
    // the engine's log grows in place while following a live board
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [engine, version],
  );
  const { start, end } = track;
  const span = Math.max(1, end - start);
  const at = index === 0 ? start : engine.entries[index - 1]!.at;
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState<(typeof SPEEDS)[number]>(4);
  const [hidden, setHidden] = useState<ReadonlySet<MomentKind>>(new Set());
  const [trackRef, width] = useWidth<HTMLDivElement>();
  const cursor = useRef(at);
  // The handle is set here, not held as a controlled value: it snaps to the moment shown, and a
  // controlled range input then sometimes ignored the next move to a value React had seen before
  // (its value tracker), leaving the replay a moment early. Every input event seeks.
  const handleRef = useRef<HTMLInputElement>(null);
  const handle = Math.round(track.position(at) * 1000);
  useLayoutEffect(() => {
    const input = handleRef.current;
    if (input && input.value !== String(handle)) input.value = String(handle);
  });

  useEffect(() => {
    if (!playing) return;
    let frame = 0;
    let last = performance.now();
    cursor.current = index >= engine.entries.length ? start : at;
    const tick = (now: number) => {
      // Idle gaps are skipped: playback moves through the track's time, not the wall's.
      const p = track.position(cursor.current) + ((now - last) * speed) / Math.max(1, trackMs(track));
      cursor.current = track.timeAt(p);
      last = now;
      onSeek(engine.indexAt(cursor.current));
      if (p >= 1) setPlaying(false);
      else frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(frame);
    // restart only when play/speed change, not on every index it sets itself
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [playing, speed, engine]);

  const moments = useMemo(
    () => [...engine.moments, ...extraMoments].filter((m) => !hidden.has(m.kind)),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [engine, version, extraMoments, hidden],
  );
  const clusters = useMemo(
    () => clusterMarkers(moments, (m) => track.position(m.at) * width, MARKER_GAP_PX),
    [moments, track, width],
  );
  const kindsPresent = useMemo(
    () => MOMENT_KINDS.filter((k) => [...engine.moments, ...extraMoments].some((m) => m.kind === k)),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [engine, version, extraMoments],
  );

  const bands = engine.markers.length
    ? [{ step: 0, from: start }, ...engine.markers.map((m) => ({ step: m.step as number, from: m.at }))]
    : [{ step: 0, from: start }];

  return (
    <div className="timeline" role="group" aria-label="Replay" data-testid="replay">
      <div className="timeline-row">
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
        <div className="timeline-track" ref={trackRef} data-testid="replay.track">
          <div className="timeline-bands" aria-hidden="true">
            {track.segments
              .filter((s) => s.idle)
              .map((s) => (
                <span
                  key={`idle-${s.from}`}
                  className="timeline-idle"
                  style={{ left: `${s.start * 100}%`, width: `${(s.end - s.start) * 100}%` }}
                  title={`Idle for ${formatDuration(s.to - s.from)} (shortened)`}
                  data-testid="replay.idle"
                />
              ))}
            {bands.map((b, i) => {
              const to = bands[i + 1]?.from ?? end;
              const left = track.position(b.from);
              const budget = budgets[b.step];
              const over = budget && budget.spentMs > budget.budgetMinutes * 60_000;
              return (
                <span
                  key={`${b.step}-${b.from}`}
                  className={`timeline-band step-${b.step}${over ? ' over' : ''}`}
                  style={{ left: `${left * 100}%`, width: `${(track.position(to) - left) * 100}%` }}
                  data-testid={`replay.band-${b.step}`}
                >
                  <span className="timeline-band-label">
                    {b.step + 1}
                    {budget && (
                      <>
                        {' '}
                        · {formatDuration(budget.spentMs)}/{budget.budgetMinutes}m
                      </>
                    )}
                  </span>
                </span>
              );
            })}
          </div>
          <input
            type="range"
            aria-label="Replay position"
            aria-valuetext={`${formatDuration(at - start)} into the session`}
            min={0}
            max={1000}
            ref={handleRef}
            defaultValue={handle}
            onInput={(e) => {
              setPlaying(false);
              onSeek(engine.indexAt(track.timeAt(Number(e.currentTarget.value) / 1000)));
            }}
            data-testid="replay.position"
          />
          <div className="timeline-markers">
            {clusters.map((c) => {
              const first = c.items[0]!;
              const style = MOMENT_STYLE[first.kind];
              const single = c.items.length === 1;
              const label = single
                ? `${first.label}${first.by ? ` (${first.by})` : ''}, ${formatDuration(first.at - start)}`
                : `${c.items.length} moments from ${formatDuration(first.at - start)}: ${c.items
                    .map((m) => m.label)
                    .join('; ')}`;
              return (
                <button
                  key={`${first.kind}-${first.index}-${first.at}`}
                  type="button"
                  className={`timeline-marker kind-${first.kind}${single ? '' : ' cluster'}`}
                  style={{ left: `${c.x}px`, background: single ? style.colour : '#343a40' }}
                  title={label}
                  aria-label={label}
                  onClick={() => onJump(first.index)}
                  data-testid={single ? `replay.moment-${first.kind}` : 'replay.cluster'}
                  data-index={first.index}
                >
                  {single ? style.icon : c.items.length}
                </button>
              );
            })}
          </div>
        </div>
        <span className="replay-time" data-testid="replay.time" data-index={index}>
          {formatDuration(at - start)} / {formatDuration(span)}
        </span>
      </div>
      <div className="timeline-row jumps">
        <span className="muted">Jump to:</span>
        <button type="button" className="icon-button" onClick={() => onJump(0)}>
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
              onClick={() => target !== null && onJump(target)}
              data-testid={`replay.end-of-step-${s.index}`}
            >
              End of step {s.index + 1}
            </button>
          );
        })}
        <button
          type="button"
          className="icon-button"
          onClick={() => onJump(engine.entries.length)}
          data-testid="replay.end"
        >
          End
        </button>
        {kindsPresent.length > 0 && (
          <span className="timeline-filters" role="group" aria-label="Show moments">
            {kindsPresent.map((k) => (
              <label key={k} className="timeline-filter">
                <input
                  type="checkbox"
                  checked={!hidden.has(k)}
                  onChange={(e) => {
                    const next = new Set(hidden);
                    if (e.target.checked) next.delete(k);
                    else next.add(k);
                    setHidden(next);
                  }}
                  data-testid={`replay.filter-${k}`}
                />
                <span aria-hidden="true" style={{ color: MOMENT_STYLE[k].colour }}>
                  {MOMENT_STYLE[k].icon}
                </span>{' '}
                {MOMENT_STYLE[k].name}
              </label>
            ))}
          </span>
        )}
      </div>
    </div>
  );
}

/** The track's length in (shortened) time, for playback speed. */
function trackMs(track: ReturnType<typeof buildTrack>): number {
  return track.segments.reduce((n, s) => n + (s.idle ? IDLE_SHOWN_MS : s.to - s.from), 0);
}
