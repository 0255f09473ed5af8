/**
 * Keeps the rooms open on this instance in step with the other instances (docs/architecture.md,
 * "Scale-out"). It wraps the rooms' log port: once an append is committed it is published with
 * its sequence number; rooms apply what other instances stored strictly in sequence order, and
 * read what they lack back from the store when a number is skipped (a lost message, a Redis
 * restart, a late subscription), after Redis comes back, and on a timer. Presence crosses
 * instances through fan-out only. Room logic stays in room.ts; this module only feeds it.
 */
import { applyAwarenessUpdate } from 'y-protocols/awareness';
import type { BoardStore, StoredDoc } from '../storage/BoardStore';
import type { DocLog } from '../storage/docLog';
import type { Room } from '../room';
import type { BoardEvent, Fanout, FanoutMessage } from './fanout';
import { Sequencer, type ToApply } from './sequencer';
import { log } from '../log';

/** How long a skipped number may stay missing before it is read from storage (messages from two instances can cross). */
export const GAP_WAIT_MS = 100;
/** How often open rooms look for updates they never heard of (a lost last message). */
export const POLL_INTERVAL_MS = 2_000;

/** Origin of presence applied from another instance (never published again). */
const FROM_ELSEWHERE = Symbol('fan-out');

/** Where a loaded document stands in its log. */
function lastPosition(stored: StoredDoc): { seq: number; at: number } {
  const last = stored.updates.at(-1) ?? stored.snapshot;
  return last ? { seq: last.seq, at: last.at } : { seq: 0, at: 0 };
}

/** One open room's link to the other instances. */
class Link {
  readonly seq: Sequencer;
  private filling = false;
  private fillAgain = false;
  private gapTimer: NodeJS.Timeout | null = null;
  private presence = new Set<number>();
  detached = false;

  constructor(
    readonly room: Room,
    at: { seq: number; at: number },
    private readonly relay: FanoutRelay,
  ) {
    this.seq = new Sequencer(at.seq, at.at);
    room.awareness.on('update', this.onPresence);
  }

  apply(updates: ToApply): void {
    for (const u of updates) if (!this.room.applyStoredElsewhere(u)) return;
  }

  received(seq: number, at: number, bytes: Uint8Array): void {
    this.apply(this.seq.received(seq, at, bytes));
    if (this.seq.hasGap && !this.gapTimer) {
      this.gapTimer = setTimeout(() => {
        this.gapTimer = null;
        if (this.seq.hasGap) void this.fill();
      }, GAP_WAIT_MS);
      this.gapTimer.unref();
    }
  }

  /** Reads and applies everything stored after what the room has. One read at a time. */
  async fill(): Promise<void> {
    if (this.filling) {
      this.fillAgain = true;
      return;
    }
    this.filling = true;
    try {
      do {
        this.fillAgain = false;
        const entries = await this.relay.store.readLogRange(this.room.docId, this.seq.through.seq);
        if (this.detached) return;
        this.apply(this.seq.filled(entries));
        this.relay.noteStorage(true);
      } while (this.fillAgain);
    } catch (err) {
      this.relay.noteStorage(false, err);
    } finally {
      this.filling = false;
    }
  }

  private onPresence = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    // Presence from another instance is theirs to publish; a server-side timeout happens everywhere.
    if (origin === FROM_ELSEWHERE || origin === 'timeout') return;
    const wasEmpty = this.presence.size === 0;
    for (const id of [...added, ...updated, ...removed]) this.presence.add(id);
    if (!wasEmpty || this.presence.size === 0) return;
    setImmediate(() => {
      const ids = [...this.presence];
      this.presence = new Set();
      if (this.detached) return;
      const bytes = this.room.encodePresence(ids);
      this.relay.fanout.publish({ kind: 'awareness', docId: this.room.docId, bytes });
    });
  };

  receivedPresence(bytes: Uint8Array): void {
    try {
      applyAwarenessUpdate(this.room.awareness, bytes, FROM_ELSEWHERE);
    } catch (err) {
      log.warn('fan-out presence did not apply', { doc: this.room.docId, err: String(err) });
    }
  }

  detach(): void {
    this.detached = true;
    if (this.gapTimer) clearTimeout(this.gapTimer);
    this.room.awareness.off('update', this.onPresence);
  }
}

/** The rooms of this instance, kept in step with the other instances through `fanout`. */
export class FanoutRelay {
  private readonly links = new Map<string, Link>();
  private readonly loaded = new Map<string, { seq: number; at: number }>();
  private readonly poll: NodeJS.Timeout;
  private boardEvents: (event: BoardEvent) => void = () => {};
  private storageUp = true;

  constructor(
    readonly fanout: Fanout,
    readonly store: Pick<BoardStore, 'readLogRange'>,
    pollIntervalMs = POLL_INTERVAL_MS,
  ) {
    fanout.onMessage((msg) => this.receive(msg));
    // Subscriptions are renewed: whatever was published meanwhile is read from storage.
    fanout.onResubscribed(() => this.fillAll());
    this.poll = setInterval(() => this.fillAll(), pollIntervalMs);
    this.poll.unref();
  }

  /** The rooms' log port, publishing each update once it is committed. */
  wrapLog(inner: DocLog): DocLog {
    return {
      load: async (docId) => {
        const stored = await inner.load(docId);
        this.loaded.set(docId, lastPosition(stored));
        return stored;
      },
      append: async (docId, bytes, actor) => {
        const stored = await inner.append(docId, bytes, actor);
        this.fanout.publish({ kind: 'update', docId, seq: stored.seq, at: stored.at, bytes });
        const link = this.links.get(docId);
        if (link) link.apply(link.seq.stored(stored.seq, stored.at));
        return stored;
      },
      snapshot: (docId, snapshot) => {
        // A snapshot claims everything through its number: never past a number this room lacks
        // (its content may reach further; loading applies the log after it again, harmlessly).
        const through = this.links.get(docId)?.seq.through;
        const safe = through && through.seq < snapshot.seq ? { ...snapshot, ...through } : snapshot;
        return inner.snapshot(docId, safe);
      },
    };
  }

  /** Links a room that just loaded; returns what unlinks it (call once it is closed). */
  attach(room: Room): () => void {
    const at = this.loaded.get(room.docId) ?? { seq: 0, at: 0 };
    this.loaded.delete(room.docId);
    const link = new Link(room, at, this);
    this.links.set(room.docId, link);
    this.fanout.subscribe(room.docId);
    // What was stored between loading and subscribing came by no message: read it.
    void link.fill();
    return () => {
      link.detach();
      if (this.links.get(room.docId) === link) this.links.delete(room.docId);
      this.fanout.unsubscribe(room.docId);
    };
  }

  /** Sends a board event to the other instances. */
  publishBoardEvent(event: BoardEvent): void {
    this.fanout.publish({ kind: 'board', event });
  }

  /** Sets what to do with board events from other instances. */
  onBoardEvent(fn: (event: BoardEvent) => void): void {
    this.boardEvents = fn;
  }

  /** Logs storage reachability once per change (gap reads fail while PostgreSQL is away). */
  noteStorage(up: boolean, err?: unknown): void {
    if (up === this.storageUp) return;
    this.storageUp = up;
    if (up) log.info('fan-out reads storage again');
    else log.error('fan-out cannot read storage', { err: String(err) });
  }

  /** Stops polling. */
  close(): void {
    clearInterval(this.poll);
  }

  private fillAll(): void {
    for (const link of this.links.values()) void link.fill();
  }

  private receive(msg: FanoutMessage): void {
    switch (msg.kind) {
      case 'update':
        return this.links.get(msg.docId)?.received(msg.seq, msg.at, msg.bytes);
      case 'awareness':
        return this.links.get(msg.docId)?.receivedPresence(msg.bytes);
      case 'board':
        return this.boardEvents(msg.event);
    }
  }
}
