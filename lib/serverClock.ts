/**
 * The server's clock as seen from a browser: a few round trips to `/api/time`, keeping the
 * sample with the shortest round trip (its midpoint is the best estimate). Everything the
 * panel writes into the shared document is stamped with `now()` from here.
 */
import { ServerTime } from './api';

/** Number of samples per synchronisation. */
const SAMPLES = 5;

/** Measures `server time - local time` in ms. */
export async function measureClockOffset(
  fetchTime: () => Promise<number> = fetchServerTime,
): Promise<number> {
  let best: { rtt: number; offset: number } | null = null;
  for (let i = 0; i < SAMPLES; i++) {
    const sent = Date.now();
    const server = await fetchTime();
    const received = Date.now();
    const rtt = received - sent;
    const offset = server - (sent + received) / 2;
    if (!best || rtt < best.rtt) best = { rtt, offset };
  }
  return best!.offset;
}

async function fetchServerTime(): Promise<number> {
  const res = await fetch('/api/time', { cache: 'no-store' });
  if (!res.ok) throw new Error(`GET /api/time: ${res.status}`);
  return ServerTime.parse(await res.json()).now;
}

/** A clock that reads server time; until measured it reads local time. */
export class ServerClock {
  private offsetMs = 0;

  /** Server time now, unix ms. */
  now = (): number => Date.now() + this.offsetMs;

  /** Measures the offset; keeps the previous one if the server cannot be reached. */
  async sync(fetchTime?: () => Promise<number>): Promise<void> {
    try {
      this.offsetMs = await measureClockOffset(fetchTime);
    } catch {
      // offline: keep the last known offset
    }
  }
}
