import { describe, expect, it } from 'vitest';
import { buildTrack, clusterMarkers, IDLE_SHOWN_MS } from './track';

const MIN = 60_000;

describe('review track', () => {
  it('is proportional to time, whatever the number of changes', () => {
    // Step 1: 10 minutes with 3 changes; step 2: 10 minutes with 1,000 changes.
    const times = [0, 5 * 30_000, 10 * 30_000];
    for (let i = 0; i <= 1_000; i++) times.push(10 * MIN + i * 600);
    const track = buildTrack(
      times.sort((a, b) => a - b),
      10 * MIN,
    );
    expect(track.position(10 * MIN)).toBeCloseTo(0.5, 5);
    expect(track.position(5 * MIN)).toBeCloseTo(0.25, 5);
    expect(track.timeAt(0.75)).toBeCloseTo(15 * MIN, -1);
  });

  it('shortens long idle gaps to a fixed, visible stretch', () => {
    const track = buildTrack([0, MIN, 61 * MIN, 62 * MIN]);
    expect(track.segments.map((s) => s.idle)).toEqual([false, true, false]);
    const idle = track.segments[1]!;
    const total = 2 * MIN + IDLE_SHOWN_MS;
    expect(idle.end - idle.start).toBeCloseTo(IDLE_SHOWN_MS / total, 5);
    expect(track.position(MIN)).toBeCloseTo(MIN / total, 5);
    expect(track.position(61 * MIN)).toBeCloseTo((MIN + IDLE_SHOWN_MS) / total, 5);
    for (const p of [0, 0.1, 0.45, 0.5, 0.9, 1]) expect(track.position(track.timeAt(p))).toBeCloseTo(p, 5);
  });

  it('clusters markers closer than the minimum gap, so none overlap', () => {
    const xs = [0, 5, 30, 31, 32, 100];
    const clusters = clusterMarkers(xs, (x) => x, 20);
    expect(clusters.map((c) => c.items)).toEqual([[0, 5], [30, 31, 32], [100]]);
    for (let i = 1; i < clusters.length; i++) {
      expect(clusters[i]!.x - clusters[i - 1]!.x).toBeGreaterThanOrEqual(20);
    }
  });
});
