/**
 * Measuring a server while a test attacks it: `/healthz` latency sampled at a fixed rate (a
 * request is started every interval whether or not the last one answered, so a stalled event
 * loop shows up in every sample it delays), the peak RSS of a server process, and waiting for a
 * raw socket's close without hanging the test when the server never closes it.
 */
import type { WebsocketProvider } from 'y-websocket';
import { rssBytes } from '../faults/procStats';
import { geoShape, putRecords } from '../../lib/board/fixtures';
import { readTldrawRecords, type RecordJson } from '../../lib/board/schema';
import { connectProvider, synced, waitFor } from './harness';

/** The value at percentile `p` (0-100) of `values` (nearest rank); NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** A running `/healthz` sampler. */
export interface LatencySampler {
  /** Stops starting requests, waits (at most `graceMs`) for those in flight, returns every latency in ms. */
  stop(graceMs?: number): Promise<number[]>;
}

/**
 * Starts a `/healthz` request every `intervalMs`. A request that has not answered when `stop`
 * gives up counts with the time it had waited so far, and one that failed counts as `Infinity`.
 */
export function sampleHealthz(baseUrl: string, intervalMs = 20): LatencySampler {
  const latencies: number[] = [];
  const inFlight = new Map<number, Promise<void>>();
  const starts = new Map<number, number>();
  let n = 0;
  const timer = setInterval(() => {
    const id = n++;
    const start = performance.now();
    starts.set(id, start);
    const done = fetch(`${baseUrl}/healthz`)
      .then(async (res) => {
        await res.arrayBuffer();
        latencies.push(res.ok ? performance.now() - start : Infinity);
      })
      .catch(() => {
        latencies.push(Infinity);
      })
      .finally(() => {
        inFlight.delete(id);
        starts.delete(id);
      });
    inFlight.set(id, done);
  }, intervalMs);
  return {
    async stop(graceMs = 10_000) {
      clearInterval(timer);
      const deadline = new Promise((r) => setTimeout(r, graceMs));
      await Promise.race([Promise.all(inFlight.values()), deadline]);
      const now = performance.now();
      for (const start of starts.values()) latencies.push(now - start);
      return latencies;
    },
  };
}

/** Tracks the peak RSS of a process. */
export interface RssTracker {
  readonly baseline: number;
  readonly peak: number;
  /** Peak minus baseline, in bytes. */
  readonly growth: number;
  stop(): void;
}

/** Samples a process's RSS every `intervalMs` from now on. */
export function trackRss(pid: number, intervalMs = 25): RssTracker {
  const baseline = rssBytes(pid) ?? 0;
  let peak = baseline;
  const timer = setInterval(() => {
    peak = Math.max(peak, rssBytes(pid) ?? 0);
  }, intervalMs);
  return {
    baseline,
    get peak() {
      return peak;
    },
    get growth() {
      return peak - baseline;
    },
    stop() {
      peak = Math.max(peak, rssBytes(pid) ?? 0);
      clearInterval(timer);
    },
  };
}

/** Bytes as whole megabytes, for messages. */
export function mb(bytes: number): number {
  return Math.round(bytes / 1e6);
}

/** How a socket ended, or that it had not after the wait. */
export type CloseOutcome = { code: number; reason: string } | `still open after ${number} ms`;

/** The close code and reason, or "still open after N ms" when the server did not close it in time. */
export async function closedWithin(
  socket: { closed: Promise<{ code: number; reason: string }> },
  ms: number,
): Promise<CloseOutcome> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CloseOutcome>((resolve) => {
    timer = setTimeout(() => resolve(`still open after ${ms} ms`), ms);
  });
  try {
    return await Promise.race([socket.closed, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Waits for the server's first frame (its sync step 1): the socket is authorized and joined. */
export async function joined(socket: { messages: unknown[] }, timeoutMs = 5_000): Promise<void> {
  await waitFor(() => socket.messages.length > 0, timeoutMs, "the server's sync step 1");
}

/**
 * The board goes on after an attack: the interviewer draws shape `id`, and a client that joins now
 * with `token` gets it. Resolves to the records that client then holds (for what must not be there).
 */
export async function interviewerStillDraws(
  baseUrl: string,
  boardId: string,
  interviewer: WebsocketProvider,
  token: string,
  id = 'shape:after',
): Promise<RecordJson[]> {
  putRecords(interviewer.doc, [geoShape({ id })]);
  const late = connectProvider(baseUrl, boardId, { token });
  await synced(late);
  await waitFor(() => readTldrawRecords(late.doc).some((r) => r.id === id), 5_000, "the interviewer's shape");
  const records = readTldrawRecords(late.doc);
  late.destroy();
  return records;
}
