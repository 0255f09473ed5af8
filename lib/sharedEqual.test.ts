import { describe, expect, it } from 'vitest';
import { shareEqual } from './sharedEqual';

describe('shareEqual', () => {
  it('returns the previous value when nothing differs', () => {
    const previous = {
      items: [
        { id: 'a', n: 1 },
        { id: 'b', n: 2, tags: ['x'] },
      ],
      count: 2,
    };
    const next = structuredClone(previous);
    expect(shareEqual(previous, next)).toBe(previous);
  });

  it('keeps the unchanged parts and takes the changed ones', () => {
    const previous = [
      { id: 'a', n: 1 },
      { id: 'b', n: 2 },
      { id: 'c', n: 3 },
    ];
    const next = [
      { id: 'a', n: 1 },
      { id: 'b', n: 5 },
      { id: 'c', n: 3 },
    ];
    const shared = shareEqual(previous, next);
    expect(shared).toEqual(next);
    expect(shared).not.toBe(previous);
    expect(shared[0]).toBe(previous[0]);
    expect(shared[1]).toBe(next[1]);
    expect(shared[2]).toBe(previous[2]);
  });

  it('sees added, removed and reordered items, and keys that appear or go', () => {
    const a = { id: 'a' };
    const b = { id: 'b' };
    expect(shareEqual([a, b], [{ id: 'a' }])).toEqual([a]);
    expect(shareEqual([a], [{ id: 'a' }, { id: 'b' }])).toEqual([a, b]);
    const swapped = shareEqual([a, b], [{ id: 'b' }, { id: 'a' }]);
    expect(swapped).toEqual([b, a]);
    expect(shareEqual({ x: 1, y: undefined }, { x: 1 })).toEqual({ x: 1 });
    expect(shareEqual({ x: 1 }, { x: 1, y: undefined })).toEqual({ x: 1, y: undefined });
    expect(shareEqual({ x: 1 }, { x: 1, y: undefined })).not.toBe(undefined);
    const withUndefined = { x: 1, y: undefined };
    expect(Object.keys(shareEqual({ x: 1 }, withUndefined))).toEqual(['x', 'y']);
  });

  it('compares other objects by identity', () => {
    const previous = { when: new Date(0), seen: new Map([[1, 2]]) };
    const next = { when: new Date(0), seen: new Map([[1, 2]]) };
    const shared = shareEqual(previous, next);
    expect(shared).not.toBe(previous);
    expect(shared.when).toBe(next.when);
    expect(shared.seen).toBe(next.seen);
    expect(shareEqual(NaN, NaN)).toBeNaN();
    expect(shareEqual('a', 'b')).toBe('b');
  });
});
