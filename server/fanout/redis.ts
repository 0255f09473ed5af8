/**
 * Fan-out over Redis pub/sub (node-redis): a channel per open document and one for board events.
 * Two connections, as pub/sub requires: one publishes (with no offline queue, so nothing stale is
 * sent after an outage: receivers read what they missed from PostgreSQL instead), one subscribes
 * (its subscriptions are renewed by node-redis after a reconnect; `onResubscribed` runs then).
 * Reachability changes are logged once each, not per message.
 */
import {
  decodeFanoutMessage,
  encodeFanoutMessage,
  newInstanceId,
  type Fanout,
  type FanoutMessage,
} from './fanout';
import { log } from '../log';
import type { RedisScriptRunner } from './redisLimiter';
import { redisDriver } from '../optionalPackages';

/** Longest wait between reconnect attempts. */
const MAX_RECONNECT_DELAY_MS = 500;

const BOARDS_CHANNEL = 'boardroom:boards';

function docChannel(docId: string): string {
  return `boardroom:doc:${docId}`;
}

/** Fan-out over Redis, and its command connection (shared rate limits use it too). */
export type RedisFanout = Fanout & { readonly client: RedisScriptRunner };

/** Connects to Redis at `url` (in the background: the server starts even while Redis is down). */
export function createRedisFanout(url: string): RedisFanout {
  const instanceId = newInstanceId();
  const reconnectStrategy = (retries: number) => Math.min(50 * (retries + 1), MAX_RECONNECT_DELAY_MS);
  const pub = redisDriver().createClient({ url, disableOfflineQueue: true, socket: { reconnectStrategy } });
  const sub = pub.duplicate({ disableOfflineQueue: false });
  let handler: (msg: FanoutMessage) => void = () => {};
  const resubscribed: Array<() => void> = [];
  const counts = new Map<string, number>();
  let closed = false;
  let up: boolean | null = null;

  const onBuffer = (buf: Buffer) => {
    const decoded = decodeFanoutMessage(buf);
    if (!decoded) return log.warn('fan-out message malformed', { bytes: buf.length });
    if (decoded.from !== instanceId) handler(decoded.msg);
  };

  const noteReachable = (now: boolean, err?: unknown) => {
    if (up === now || closed) return;
    up = now;
    if (now) log.info('redis reachable');
    else log.error('redis unreachable', { err: err instanceof Error ? err.message : String(err ?? '') });
  };
  for (const client of [pub, sub]) client.on('error', (err: unknown) => noteReachable(false, err));
  // Reachable once both connections are ready; the first of the two to be ready says nothing
  // (it used to log "unreachable" at every start).
  const onReady = () => {
    if (pub.isReady && sub.isReady) noteReachable(true);
  };
  // A board event this instance could not publish: once it can again, it asks every instance to
  // check its open boards against storage, which holds what the event would have said.
  let owesRecheck = false;
  const publishRecheck = () => {
    if (!owesRecheck || closed || !pub.isReady) return;
    owesRecheck = false;
    pub
      .publish(BOARDS_CHANNEL, encodeFanoutMessage(instanceId, { kind: 'board', event: { type: 'recheck' } }))
      .catch((err: unknown) => {
        owesRecheck = true;
        noteReachable(false, err);
      });
  };
  pub.on('ready', () => {
    onReady();
    publishRecheck();
  });
  // The first subscription to board events is made once connected; node-redis renews it (and the
  // documents' channels) on every reconnect before 'ready'. Whatever was published before it was
  // in place is read from storage then, as after an outage.
  let subscribed = false;
  const renewed = () => {
    for (const fn of resubscribed) fn();
  };
  sub.on('ready', () => {
    onReady();
    if (subscribed) renewed();
  });

  const subscribeChannel = (channel: string) =>
    sub.subscribe(channel, onBuffer, true).catch((err: unknown) => noteReachable(false, err));
  void pub.connect().catch((err: unknown) => noteReachable(false, err));
  void sub
    .connect()
    .then(() => sub.subscribe(BOARDS_CHANNEL, onBuffer, true))
    .then(() => {
      subscribed = true;
      renewed();
    })
    .catch((err: unknown) => noteReachable(false, err));

  return {
    instanceId,
    client: pub,
    publish(msg) {
      if (closed) return;
      // Lost: receivers find an update again by sequence, and a board event by a recheck.
      const lost = (err?: unknown) => {
        if (msg.kind === 'board') owesRecheck = true;
        if (err !== undefined) noteReachable(false, err);
      };
      if (!pub.isReady) return lost();
      const channel = msg.kind === 'board' ? BOARDS_CHANNEL : docChannel(msg.docId);
      pub.publish(channel, encodeFanoutMessage(instanceId, msg)).catch(lost);
    },
    subscribe(docId) {
      const n = counts.get(docId) ?? 0;
      counts.set(docId, n + 1);
      if (n === 0 && !closed) void subscribeChannel(docChannel(docId));
    },
    unsubscribe(docId) {
      const n = counts.get(docId) ?? 0;
      if (n <= 1) {
        counts.delete(docId);
        if (!closed) sub.unsubscribe(docChannel(docId)).catch(() => {});
      } else counts.set(docId, n - 1);
    },
    onMessage(fn) {
      handler = fn;
    },
    onResubscribed(fn) {
      resubscribed.push(fn);
    },
    get reachable() {
      return pub.isReady && sub.isReady;
    },
    close() {
      closed = true;
      // Nothing is waiting to be sent that matters (storage has it all): no need to wait for Redis.
      for (const client of [pub, sub]) {
        try {
          client.destroy(); // also stops reconnecting
        } catch {
          // already closed
        }
      }
      return Promise.resolve();
    },
  };
}
