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
import { CHECKING_BURST_BYTES, CHECKING_BYTES_PER_SECOND, MAX_MESSAGE_BYTES } from '../limits';
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

/** The tab's own record changes, written at once or, past its share, together when it refills. */
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

  /** Writes whatever waits: in one transaction, or in parts if it is too large for one message. */
  flush(): void {
    if (this.waiting.size === 0) return;
    const entries = [...this.waiting];
    this.waiting.clear();
    for (const part of writeParts(entries)) {
      this.doc.transact(() => {
        for (const [id, record] of part) {
          if (record) this.kv.set(id, record);
          else this.kv.delete(id);
        }
      }, this.origin);
    }
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

/**
 * A write of up to this many records is one transaction whatever they hold: each record is at most
 * `MAX_RECORD_JSON_CHARS` (64 Ki characters, at most 192 KiB as UTF-8), so 16 fit in one message.
 */
const ONE_PART_RECORDS = 16;
/** Characters of records' JSON per part of a larger write: its update stays under 4 MiB. */
const MAX_PART_JSON_CHARS = MAX_MESSAGE_BYTES / 4;

/**
 * A write split into transactions whose updates each fit in one message to the server
 * (`MAX_MESSAGE_BYTES`): a paste of ~1,200 shapes of long text is one update of ~4.7 MB, which the
 * server closes the connection for (1009), again on every reconnect. Each part must be acceptable on
 * its own, as the server checks each as it comes: pages and other records first, then shapes, each
 * after its parent, then bindings (both their shapes are in by then), and the removals last.
 */
export function writeParts(
  entries: ReadonlyArray<[string, RecordJson | null]>,
): Array<Array<[string, RecordJson | null]>> {
  const puts = entries.filter((e): e is [string, RecordJson] => e[1] !== null);
  if (puts.length <= ONE_PART_RECORDS) return [[...entries]];
  const parentOf = new Map<string, string>();
  for (const [id, record] of puts) if (typeof record.parentId === 'string') parentOf.set(id, record.parentId);
  const depth = (id: string): number => {
    let d = 0;
    for (let p = parentOf.get(id); p !== undefined && d <= puts.length; p = parentOf.get(p)) d++;
    return d;
  };
  const rank = ([id, record]: [string, RecordJson]) =>
    record.typeName === 'binding' ? Number.MAX_SAFE_INTEGER : record.typeName === 'shape' ? 1 + depth(id) : 0;
  const ranked = puts.map((entry) => ({ entry, rank: rank(entry) })).sort((a, b) => a.rank - b.rank);
  const parts: Array<Array<[string, RecordJson | null]>> = [[]];
  let chars = 0;
  for (const { entry } of ranked) {
    const size = JSON.stringify(entry[1]).length;
    if (chars + size > MAX_PART_JSON_CHARS && parts[parts.length - 1]!.length > 0) {
      parts.push([]);
      chars = 0;
    }
    parts[parts.length - 1]!.push(entry);
    chars += size;
  }
  parts[parts.length - 1]!.push(...entries.filter((e) => e[1] === null));
  return parts;
}
