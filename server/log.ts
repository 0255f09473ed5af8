/**
 * Structured logs: one JSON object per line on stdout. Never pass tokens or document content.
 */
type Level = 'info' | 'warn' | 'error';

/** Fields attached to a log line. */
export type LogFields = Record<string, string | number | boolean | null | undefined>;

let quiet = false;

/** Silences logs (tests that expect noise). */
export function setQuietLogs(value: boolean): void {
  quiet = value;
}

function write(level: Level, msg: string, fields?: LogFields): void {
  if (quiet) return;
  const line = JSON.stringify({ t: new Date().toISOString(), level, msg, ...fields });
  if (level === 'error') process.stderr.write(line + '\n');
  else process.stdout.write(line + '\n');
}

/** The server's logger. */
export const log = {
  info: (msg: string, fields?: LogFields) => write('info', msg, fields),
  warn: (msg: string, fields?: LogFields) => write('warn', msg, fields),
  error: (msg: string, fields?: LogFields) => write('error', msg, fields),
};
