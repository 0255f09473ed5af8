/**
 * Back-of-the-envelope capacity estimates (step 2): pure formulas, input validation and
 * human-readable units. Decimal units throughout (1 MB = 10^6 bytes), as the framework uses.
 */

/** Seconds in a day. */
export const SECONDS_PER_DAY = 86_400;

/** What the person types in. Empty fields are `null`. */
export interface EstimateInputs {
  /** Daily active users; used when `mau` is empty. */
  dau: number | null;
  /** Monthly active users (optional alternative to DAU). */
  mau: number | null;
  /** Share of monthly users active on a given day, in percent. */
  dailyActivePercent: number | null;
  /** Writes (posts, uploads, messages…) per active user per day. */
  writesPerUserPerDay: number | null;
  /** Reads per write (a 10:1 read-heavy system is 10). */
  readsPerWrite: number | null;
  /** Size of one stored object, in bytes. */
  objectBytes: number | null;
  /** Share of writes that store such an object, in percent (e.g. 10% of posts carry media). */
  storedPercent: number | null;
  /** How long data is kept, in years. */
  retentionYears: number | null;
  /** Copies kept of every byte. */
  replication: number | null;
  /** Peak traffic over average. */
  peakFactor: number | null;
}

/** The results. All rates per second, sizes in bytes. */
export interface EstimateResults {
  dau: number;
  writeQpsAverage: number;
  writeQpsPeak: number;
  readQpsAverage: number;
  readQpsPeak: number;
  storagePerDayBytes: number;
  storageTotalBytes: number;
  /** Bytes per second written (average). */
  ingressBytesPerSecond: number;
  /** Bytes per second read (average), assuming each read returns one object. */
  egressBytesPerSecond: number;
}

/** Defaults for a new calculation. */
export const DEFAULT_INPUTS: EstimateInputs = {
  dau: null,
  mau: null,
  dailyActivePercent: 50,
  writesPerUserPerDay: null,
  readsPerWrite: 10,
  objectBytes: null,
  storedPercent: 100,
  retentionYears: 5,
  replication: 1,
  peakFactor: 2,
};

/** Field-level validation messages. */
export type EstimateErrors = Partial<Record<keyof EstimateInputs, string>>;

/** Validation outcome. */
export type EstimateOutcome = { ok: true; results: EstimateResults } | { ok: false; errors: EstimateErrors };

function checkNumber(
  errors: EstimateErrors,
  key: keyof EstimateInputs,
  value: number | null,
  rule: { required?: boolean; min?: number; max?: number; positive?: boolean; label: string },
): void {
  if (value === null) {
    if (rule.required) errors[key] = `${rule.label} is required.`;
    return;
  }
  if (!Number.isFinite(value)) errors[key] = `${rule.label} must be a number.`;
  else if (rule.positive && value <= 0) errors[key] = `${rule.label} must be greater than 0.`;
  else if (rule.min !== undefined && value < rule.min)
    errors[key] = `${rule.label} cannot be less than ${rule.min}.`;
  else if (rule.max !== undefined && value > rule.max)
    errors[key] = `${rule.label} cannot be more than ${rule.max}.`;
}

/** Validates the inputs and computes the estimate. */
export function estimate(inputs: EstimateInputs): EstimateOutcome {
  const errors: EstimateErrors = {};
  const usesMau = inputs.mau !== null;
  if (usesMau) {
    checkNumber(errors, 'mau', inputs.mau, { positive: true, label: 'Monthly active users' });
    checkNumber(errors, 'dailyActivePercent', inputs.dailyActivePercent, {
      required: true,
      positive: true,
      max: 100,
      label: 'Daily active share',
    });
  } else {
    checkNumber(errors, 'dau', inputs.dau, { required: true, positive: true, label: 'Daily active users' });
  }
  if (!usesMau && inputs.dau === null)
    errors.dau = 'Enter daily active users, or monthly users and the daily share.';
  checkNumber(errors, 'writesPerUserPerDay', inputs.writesPerUserPerDay, {
    required: true,
    min: 0,
    label: 'Writes per user per day',
  });
  checkNumber(errors, 'readsPerWrite', inputs.readsPerWrite, {
    required: true,
    min: 0,
    label: 'Reads per write',
  });
  checkNumber(errors, 'objectBytes', inputs.objectBytes, { required: true, min: 0, label: 'Object size' });
  checkNumber(errors, 'storedPercent', inputs.storedPercent, {
    required: true,
    min: 0,
    max: 100,
    label: 'Share stored',
  });
  checkNumber(errors, 'retentionYears', inputs.retentionYears, {
    required: true,
    min: 0,
    label: 'Retention',
  });
  checkNumber(errors, 'replication', inputs.replication, { required: true, min: 1, label: 'Replication' });
  checkNumber(errors, 'peakFactor', inputs.peakFactor, { required: true, min: 1, label: 'Peak factor' });
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  const dau = usesMau ? inputs.mau! * (inputs.dailyActivePercent! / 100) : inputs.dau!;
  const writesPerDay = dau * inputs.writesPerUserPerDay!;
  const writeQpsAverage = writesPerDay / SECONDS_PER_DAY;
  const readQpsAverage = writeQpsAverage * inputs.readsPerWrite!;
  const storagePerDayBytes = writesPerDay * (inputs.storedPercent! / 100) * inputs.objectBytes!;
  const ingressBytesPerSecond = storagePerDayBytes / SECONDS_PER_DAY;
  return {
    ok: true,
    results: {
      dau,
      writeQpsAverage,
      writeQpsPeak: writeQpsAverage * inputs.peakFactor!,
      readQpsAverage,
      readQpsPeak: readQpsAverage * inputs.peakFactor!,
      storagePerDayBytes,
      storageTotalBytes: storagePerDayBytes * 365 * inputs.retentionYears! * inputs.replication!,
      ingressBytesPerSecond,
      egressBytesPerSecond: ingressBytesPerSecond * inputs.readsPerWrite!,
    },
  };
}

function compact(value: number, units: readonly string[], base: number): string {
  if (!Number.isFinite(value)) return '—';
  let i = 0;
  let v = Math.abs(value);
  while (v >= base && i < units.length - 1) {
    v /= base;
    i++;
  }
  const digits = v >= 100 || i === 0 ? 0 : v >= 10 ? 1 : 2;
  const text = v.toFixed(digits).replace(/\.0+$|(\.\d*?)0+$/, '$1');
  return `${value < 0 ? '-' : ''}${text}${units[i]}`;
}

/** 3472.2 → "3.47K"; 1.5e8 → "150M"; 2e9 → "2B". */
export function formatCount(value: number): string {
  return compact(value, ['', 'K', 'M', 'B', 'T'], 1000);
}

/** 3e13 → "30 TB" (decimal units). */
export function formatBytes(value: number): string {
  return compact(value, [' B', ' KB', ' MB', ' GB', ' TB', ' PB', ' EB'], 1000);
}

/** 347222 → "347 KB/s". */
export function formatBytesPerSecond(value: number): string {
  return `${formatBytes(value)}/s`;
}

/** Parses a size typed by a person: "1 MB", "500kb", "2.5 GB", "1024" (bytes). Null when unreadable. */
export function parseBytes(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(b|kb|mb|gb|tb|pb)?\s*$/i.exec(text);
  if (!m) return null;
  const unit = (m[2] ?? 'b').toLowerCase();
  const power = ['b', 'kb', 'mb', 'gb', 'tb', 'pb'].indexOf(unit);
  return Number(m[1]) * 1000 ** power;
}

/** Parses a count typed by a person: "300M", "1.5k", "2,000", "1e6". Null when unreadable. */
export function parseCount(text: string): number | null {
  const cleaned = text.replace(/[,_\s]/g, '');
  const m = /^(\d+(?:\.\d+)?(?:e\d+)?|\.\d+)([kmbt])?$/i.exec(cleaned);
  if (!m) return null;
  const power = m[2] ? ['k', 'm', 'b', 't'].indexOf(m[2].toLowerCase()) + 1 : 0;
  return Number(m[1]) * 1000 ** power;
}
