/**
 * Wall-clock times as people read them, in the browser's locale. The formatters are made once:
 * `Date#toLocaleTimeString` with options builds a new `Intl.DateTimeFormat` on every call, which
 * cost the review page ~5 ms per seek for 55 scope items (docs/architecture.md, "Review replay").
 */
const hourMinute = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const hourMinuteSecond = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});
const dateTime = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

/** "03:33 PM" (or the locale's form) for a unix-ms time. */
export function formatHourMinute(at: number): string {
  return hourMinute.format(at);
}

/** "03:33:05 PM" (or the locale's form). */
export function formatHourMinuteSecond(at: number): string {
  return hourMinuteSecond.format(at);
}

/** Date and time, as `Date#toLocaleString` gives them. */
export function formatDateTime(at: number): string {
  return dateTime.format(at);
}
