import { describe, expect, it } from 'vitest';
import { Sequencer } from './sequencer';

const b = (n: number) => new Uint8Array([n]);
const nums = (list: Uint8Array[]) => list.map((u) => u[0]);

describe('Sequencer', () => {
  it('applies in order and holds what comes early until the gap closes', () => {
    const s = new Sequencer(3);
    expect(nums(s.received(5, 50, b(5)))).toEqual([]);
    expect(s.hasGap).toBe(true);
    expect(nums(s.received(4, 40, b(4)))).toEqual([4, 5]);
    expect(s.through).toEqual({ seq: 5, at: 50 });
    expect(s.hasGap).toBe(false);
  });

  it('skips duplicates and what this instance stored itself', () => {
    const s = new Sequencer(0);
    expect(nums(s.received(1, 1, b(1)))).toEqual([1]);
    expect(nums(s.received(1, 1, b(1)))).toEqual([]);
    expect(nums(s.received(3, 3, b(3)))).toEqual([]);
    expect(nums(s.stored(2, 2))).toEqual([3]); // 2 is already in the document
    expect(s.through.seq).toBe(3);
  });

  it('fills a gap from storage, without applying again what this instance stored', () => {
    const s = new Sequencer(10);
    s.stored(12, 12);
    s.received(14, 14, b(14));
    const filled = s.filled([
      { seq: 11, at: 11, bytes: b(11) },
      { seq: 12, at: 12, bytes: b(12) },
      { seq: 13, at: 13, bytes: b(13) },
    ]);
    expect(nums(filled)).toEqual([11, 13, 14]);
    expect(s.through).toEqual({ seq: 14, at: 14 });
    expect(s.hasGap).toBe(false);
  });

  it('accepts a compacted log whose numbers skip', () => {
    const s = new Sequencer(5);
    s.received(9, 9, b(9));
    // 6..8 were merged into one entry at 8
    expect(nums(s.filled([{ seq: 8, at: 8, bytes: b(8) }]))).toEqual([8, 9]);
    expect(s.through.seq).toBe(9);
  });
});
