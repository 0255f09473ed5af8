/**
 * The rooms' log port while the database is unreachable (several instances on PostgreSQL;
 * docs/architecture.md, "Scale-out"): an append that fails is held, in order per document, and
 * tried again until it is stored. Nothing held is relayed (rooms relay once `append` resolves), so
 * persist-before-relay holds through the outage; clients keep their edits (they have them, and
 * y-websocket resends on reconnect) and see them relayed once stored. One log line when appends
 * start failing and one when they are stored again, not one per update. An outage longer than
 * `maxHoldMs` fails the held appends (their rooms reset and reload from storage).
 */
import type { DocLog } from './docLog';
import type { LogActor } from '../../lib/history';
import { log } from '../log';

/** How often held appends are tried again. */
export const RETRY_INTERVAL_MS = 250;
/** How long appends are held before they are given up (the room then resets). */
export const MAX_HOLD_MS = 5 * 60_000;

interface Held {
  bytes: Uint8Array;
  actor: LogActor | null;
  since: number;
  resolve: (v: { seq: number; at: number }) => void;
  reject: (err: unknown) => void;
}

/** `inner` with failed appends held and retried in order. */
export function holdWhileUnreachable(
  inner: DocLog,
  opts: { retryIntervalMs?: number; maxHoldMs?: number } = {},
): DocLog {
  const retryMs = opts.retryIntervalMs ?? RETRY_INTERVAL_MS;
  const maxHoldMs = opts.maxHoldMs ?? MAX_HOLD_MS;
  const held = new Map<string, Held[]>();
  let failing = false;
  let timer: NodeJS.Timeout | null = null;
  let retrying = false;

  function schedule(): void {
    if (timer || retrying || held.size === 0) return;
    timer = setTimeout(() => {
      timer = null;
      void retry();
    }, retryMs);
    timer.unref();
  }

  async function retry(): Promise<void> {
    retrying = true;
    for (const [docId, queue] of [...held]) {
      while (queue.length > 0) {
        const next = queue[0]!;
        try {
          const stored = await inner.append(docId, next.bytes, next.actor);
          queue.shift();
          next.resolve(stored);
        } catch (err) {
          if (Date.now() - next.since < maxHoldMs) break;
          log.error('giving up held updates', { doc: docId, updates: queue.length });
          for (const h of queue.splice(0)) h.reject(err);
        }
      }
      if (queue.length === 0) held.delete(docId);
    }
    if (held.size === 0 && failing) {
      failing = false;
      log.info('storage reachable again: held updates stored');
    }
    retrying = false;
    schedule();
  }

  function hold(docId: string, bytes: Uint8Array, actor: LogActor | null, err: unknown) {
    if (!failing) {
      failing = true;
      log.error('storage unreachable: holding updates until it returns', { err: String(err) });
    }
    return new Promise<{ seq: number; at: number }>((resolve, reject) => {
      let queue = held.get(docId);
      if (!queue) held.set(docId, (queue = []));
      queue.push({ bytes, actor, since: Date.now(), resolve, reject });
      schedule();
    });
  }

  return {
    load: (docId) => inner.load(docId),
    snapshot: (docId, snapshot) => inner.snapshot(docId, snapshot),
    append(docId, bytes, actor) {
      // Behind held updates of the same document: the log keeps their order.
      if (held.has(docId)) return hold(docId, bytes, actor, 'earlier updates are held');
      return inner.append(docId, bytes, actor).catch((err: unknown) => hold(docId, bytes, actor, err));
    },
  };
}
