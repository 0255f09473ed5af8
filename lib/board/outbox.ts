/**
 * A tab's own edits on their way into the board document, within what the server checks for it.
 *
 * The server checks a credential's updates within an allowance of bytes (`CHECKING_BURST_BYTES`
 * at once, `CHECKING_BYTES_PER_SECOND` after) and closes the connection past it (1013). Every
 * edit a person makes is sent at once while the tab's own share lasts; a drag of a large
 * selection rewrites every shape it moves on every frame (600 shapes: ~120 KB a frame, 7 MB a
 * second at 60 frames) and spends it in seconds. From then on, what the tab changes waits and is
 * written together, each record once as it is by then, as the share refills (docs/architecture.md,
 * "Authority"). The person sees nothing of it; the others see a long drag of many shapes at a few
 * frames a second.
 */
import type * as Y from 'yjs';
import type { YKeyValue } from 'y-utility/y-keyvalue';
import { CHECKING_BURST_BYTES, CHECKING_BYTES_PER_SECOND } from '../limits';
import type { RecordJson } from './schema';

/** How many bytes a tab sends at once, and after that each second. */
export interface SendShare {
  burstBytes: number;
  bytesPerSecond: number;
}

/**
 * A tab's share of its credential's allowance: a quarter of the burst, half the rate. The rest is
 * for its presence, a sync answer after a reconnect, and a second tab on the same link.
 */
export const TAB_SHARE: SendShare = {
  burstBytes: CHECKING_BURST_BYTES / 4,
  bytesPerSecond: CHECKING_BYTES_PER_SECOND / 2,
};

/** Time, and a one-shot timer (a seam for tests). */
export interface OutboxClock {
  now(): number;
  after(ms: number, run: () => void): () => void;
}

const realClock: OutboxClock = {
  now: () => performance.now(),
  after(ms, run) {
    const timer = setTimeout(run, ms);
    return () => clearTimeout(timer);
  },
};

export class Outbox {
  /** Record id -> its value to write, or null to delete it. */
  private readonly waiting = new Map<string, RecordJson | null>();
  private allowance: number;
  private refilledAt: number;
  private cancelTimer: (() => void) | null = null;
  private readonly onUpdate = (update: Uint8Array, origin: unknown) => {
    if (origin === this.origin) this.allowance -= update.length;
  };

  constructor(
    private readonly doc: Y.Doc,
    private readonly kv: YKeyValue<RecordJson>,
    /** The transaction origin of the tab's own edits. */
    private readonly origin: unknown,
    private readonly share: SendShare = TAB_SHARE,
    private readonly clock: OutboxClock = realClock,
  ) {
    this.allowance = share.burstBytes;
    this.refilledAt = clock.now();
    doc.on('update', this.onUpdate);
  }

  /** Records put or removed by one local change: written now, or with the next write. */
  add(put: Iterable<RecordJson>, removed: Iterable<string>): void {
    for (const record of put) this.waiting.set(record.id, record);
    for (const id of removed) this.waiting.set(id, null);
    if (this.cancelTimer) return; // a write is due already
    this.refill();
    if (this.allowance > 0) this.flush();
    else
      this.cancelTimer = this.clock.after((-this.allowance / this.share.bytesPerSecond) * 1000 + 1, () => {
        this.cancelTimer = null;
        this.refill();
        this.flush();
      });
  }

  /**
   * A remote change has replaced what the tab shows for `id`: what waits for it is stale (writing
   * it would leave the document and the tab disagreeing), and the tab's next change writes anew.
   */
  drop(id: string): void {
    this.waiting.delete(id);
  }

  /** How many records wait to be written. */
  get size(): number {
    return this.waiting.size;
  }

  /** Writes whatever waits, in one transaction. */
  flush(): void {
    if (this.waiting.size === 0) return;
    const entries = [...this.waiting];
    this.waiting.clear();
    this.doc.transact(() => {
      for (const [id, record] of entries) {
        if (record) this.kv.set(id, record);
        else this.kv.delete(id);
      }
    }, this.origin);
  }

  /** Writes what waits and stops. */
  dispose(): void {
    this.cancelTimer?.();
    this.cancelTimer = null;
    this.flush();
    this.doc.off('update', this.onUpdate);
  }

  private refill(): void {
    const now = this.clock.now();
    const earned = ((now - this.refilledAt) / 1000) * this.share.bytesPerSecond;
    this.allowance = Math.min(this.share.burstBytes, this.allowance + earned);
    this.refilledAt = now;
  }
}
