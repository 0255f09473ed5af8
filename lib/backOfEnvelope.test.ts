import { describe, expect, it } from 'vitest';
import {
  DEFAULT_INPUTS,
  estimate,
  formatBytes,
  formatCount,
  parseBytes,
  parseCount,
  type EstimateInputs,
} from './backOfEnvelope';

const worked: EstimateInputs = {
  ...DEFAULT_INPUTS,
  mau: 300e6,
  dailyActivePercent: 50,
  writesPerUserPerDay: 2,
  readsPerWrite: 10,
  objectBytes: 1e6,
  storedPercent: 10,
  retentionYears: 5,
  replication: 1,
  peakFactor: 2,
};

describe('estimate', () => {
  it('matches the worked example: 300M MAU, 50% daily, 2 writes a day, 10% with 1 MB media', () => {
    const outcome = estimate(worked);
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
    const r = outcome.results;
    expect(r.dau).toBe(150e6);
    expect(r.writeQpsAverage).toBeCloseTo(3472.2, 1);
    expect(r.writeQpsPeak).toBeCloseTo(6944.4, 1);
    expect(r.readQpsAverage).toBeCloseTo(34722.2, 1);
    expect(r.storagePerDayBytes).toBe(30e12); // 30 TB a day
    expect(r.storageTotalBytes).toBeCloseTo(54.75e15, -12); // about 55 PB over 5 years
    expect(formatCount(r.writeQpsAverage)).toBe('3.47K');
    expect(formatBytes(r.storagePerDayBytes)).toBe('30 TB');
    expect(formatBytes(r.storageTotalBytes)).toBe('54.8 PB');
  });

  it('uses DAU directly when no MAU is given, and scales storage by replication', () => {
    const outcome = estimate({
      ...worked,
      mau: null,
      dau: 1e6,
      storedPercent: 100,
      replication: 3,
      retentionYears: 1,
    });
    if (!outcome.ok) throw new Error('expected ok');
    expect(outcome.results.storagePerDayBytes).toBe(2e12);
    expect(outcome.results.storageTotalBytes).toBe(2e12 * 365 * 3);
    expect(outcome.results.ingressBytesPerSecond).toBeCloseTo(2e12 / 86_400);
  });

  it('refuses missing, negative, NaN and out-of-range inputs with clear messages', () => {
    const outcome = estimate({
      ...worked,
      mau: null,
      dau: null,
      writesPerUserPerDay: Number.NaN,
      objectBytes: -1,
      storedPercent: 120,
      peakFactor: 0.5,
      replication: 0,
    });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.errors).toEqual({
      dau: 'Enter daily active users, or monthly users and the daily share.',
      writesPerUserPerDay: 'Writes per user per day must be a number.',
      objectBytes: 'Object size cannot be less than 0.',
      storedPercent: 'Share stored cannot be more than 100.',
      replication: 'Replication cannot be less than 1.',
      peakFactor: 'Peak factor cannot be less than 1.',
    });
    const mau = estimate({ ...worked, dailyActivePercent: 0 });
    expect(mau.ok ? null : mau.errors.dailyActivePercent).toBe('Daily active share must be greater than 0.');
  });
});

describe('units', () => {
  it('formats counts and sizes with K/M/B and KB..PB', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(1_500)).toBe('1.5K');
    expect(formatCount(150e6)).toBe('150M');
    expect(formatCount(2e9)).toBe('2B');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1_250_000)).toBe('1.25 MB');
    expect(formatBytes(3e12)).toBe('3 TB');
  });

  it('parses what people type', () => {
    expect(parseCount('300M')).toBe(300e6);
    expect(parseCount('1.5k')).toBe(1500);
    expect(parseCount('2,000')).toBe(2000);
    expect(parseCount('abc')).toBeNull();
    expect(parseCount('-5')).toBeNull();
    expect(parseBytes('1 MB')).toBe(1e6);
    expect(parseBytes('500kb')).toBe(500e3);
    expect(parseBytes('42')).toBe(42);
    expect(parseBytes('1 XB')).toBeNull();
  });
});
