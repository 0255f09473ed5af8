/**
 * The review timeline's geometry, pure: a track proportional to time where long idle gaps are
 * shortened (and drawn hatched, so the skip is visible), and markers grouped into clusters so
 * that no two overlap at the track's width.
 */

/** A silence longer than this between two log entries is an idle gap. */
export const IDLE_GAP_MS = 60_000;
/** How much track time an idle gap takes, however long it was. */
export const IDLE_SHOWN_MS = 15_000;

/** A stretch of the track. */
export interface TrackSegment {
  from: number;
  to: number;
  idle: boolean;
  /** Where it starts and ends on the track, 0-1. */
  start: number;
  end: number;
}

/** Maps server time to a position on the track (0-1) and back. */
export interface Track {
  start: number;
  end: number;
  segments: TrackSegment[];
  /** Position (0-1) of time `t`. */
  position(t: number): number;
  /** Time at position `p` (0-1). */
  timeAt(p: number): number;
}

/** Builds the track for a log's (non-decreasing) entry times. */
export function buildTrack(times: readonly number[], idleGapMs = IDLE_GAP_MS): Track {
  const start = times[0] ?? 0;
  const end = times.at(-1) ?? start;
  const raw: Array<{ from: number; to: number; idle: boolean; weight: number }> = [];
  let from = start;
  for (let i = 1; i < times.length; i++) {
    const gap = times[i]! - times[i - 1]!;
    if (gap <= idleGapMs) continue;
    if (times[i - 1]! > from)
      raw.push({ from, to: times[i - 1]!, idle: false, weight: times[i - 1]! - from });
    raw.push({ from: times[i - 1]!, to: times[i]!, idle: true, weight: IDLE_SHOWN_MS });
    from = times[i]!;
  }
  if (end > from || raw.length === 0)
    raw.push({ from, to: end, idle: false, weight: Math.max(end - from, 0) });
  const total = raw.reduce((n, s) => n + s.weight, 0) || 1;
  let acc = 0;
  const segments: TrackSegment[] = raw.map((s) => {
    const segment = {
      from: s.from,
      to: s.to,
      idle: s.idle,
      start: acc / total,
      end: (acc + s.weight) / total,
    };
    acc += s.weight;
    return segment;
  });
  const position = (t: number): number => {
    if (t <= start) return 0;
    if (t >= end) return 1;
    for (const s of segments) {
      if (t > s.to) continue;
      const span = s.to - s.from;
      return span <= 0 ? s.start : s.start + ((t - s.from) / span) * (s.end - s.start);
    }
    return 1;
  };
  const timeAt = (p: number): number => {
    if (p <= 0) return start;
    if (p >= 1) return end;
    for (const s of segments) {
      if (p > s.end) continue;
      const width = s.end - s.start;
      return width <= 0 ? s.from : s.from + ((p - s.start) / width) * (s.to - s.from);
    }
    return end;
  };
  return { start, end, segments, position, timeAt };
}

/** Markers that sit together on the track. */
export interface Cluster<T> {
  /** Where the cluster sits, in pixels from the track's start. */
  x: number;
  items: T[];
}

/**
 * Groups markers (sorted by `x`, pixels) so that clusters are at least `minGapPx` apart: a
 * marker closer than that to the previous cluster joins it.
 */
export function clusterMarkers<T>(
  items: readonly T[],
  x: (item: T) => number,
  minGapPx: number,
): Cluster<T>[] {
  const out: Cluster<T>[] = [];
  for (const item of [...items].sort((a, b) => x(a) - x(b))) {
    const last = out.at(-1);
    const px = x(item);
    if (last && px - last.x < minGapPx) last.items.push(item);
    else out.push({ x: px, items: [item] });
  }
  return out;
}
