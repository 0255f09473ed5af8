import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './useReplay';

describe('retryDelayMs', () => {
  it('waits what the server asked for, within 1 to 30 seconds, and 5 s when it did not say', () => {
    expect([2, 0.2, 5, 120, Number.NaN, 0, -3].map((s) => retryDelayMs(s))).toEqual([
      2_000, 1_000, 5_000, 30_000, 5_000, 5_000, 5_000,
    ]);
  });
});
