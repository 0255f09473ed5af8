/**
 * The narrow port a document room needs from storage (docs/architecture.md, "Storage"): load a
 * document, append one update durably, store a snapshot. Rooms see nothing else of the store, so
 * a room can be tested with a log that fails or stalls, and another backend only has to
 * provide these three.
 */
import type { LogActor } from '../../lib/history';
import * as Y from 'yjs';
import type { BoardStore, StoredDoc, StoredSnapshot } from './BoardStore';
import { UpdateWriter } from './UpdateWriter';

/** A document's update log, as a room uses it. */
export interface DocLog {
  /** The newest snapshot and every update after it. */
  load(docId: string): Promise<StoredDoc>;
  /**
   * Appends one update with who made it and the interview step in effect once it applied (both
   * the server's view); resolves with its log position once it is durable.
   */
  append(
    docId: string,
    bytes: Uint8Array,
    actor: LogActor | null,
    step?: number | null,
  ): Promise<{ seq: number; at: number }>;
  /** Stores a snapshot covering the log through `snapshot.seq`. */
  snapshot(docId: string, snapshot: StoredSnapshot): Promise<void>;
}

/** The log port over a BoardStore; appends of one event-loop turn share a transaction. */
export function storeDocLog(
  store: BoardStore,
  writer = new UpdateWriter(store),
): DocLog & { drain(): Promise<void> } {
  return {
    load: (docId) => store.loadDoc(docId),
    append: (docId, bytes, actor, step) => writer.append(docId, bytes, actor, step ?? null),
    snapshot: (docId, snapshot) => store.writeSnapshot(docId, snapshot),
    drain: () => writer.drain(),
  };
}

/** Where a rebuilt document stands in its log. */
export interface AppliedLog {
  /** Last log position applied (0 for none). */
  lastSeq: number;
  /** Server time of that position. */
  lastAt: number;
  /** Bytes applied: the snapshot plus every update since. */
  bytes: number;
}

/**
 * Applies a stored document (newest snapshot, then the updates after it) to `doc`. An entry that
 * does not apply is reported and skipped: the server never stores those, so it means corruption,
 * and the rest of the document is still worth having.
 */
export function applyStored(
  doc: Y.Doc,
  stored: StoredDoc,
  onBadEntry: (seq: number, err: unknown) => void,
): AppliedLog {
  const out: AppliedLog = { lastSeq: 0, lastAt: 0, bytes: 0 };
  doc.transact(() => {
    if (stored.snapshot) {
      Y.applyUpdate(doc, stored.snapshot.bytes);
      out.bytes += stored.snapshot.bytes.length;
      out.lastSeq = stored.snapshot.seq;
      out.lastAt = stored.snapshot.at;
    }
    for (const u of stored.updates) {
      try {
        Y.applyUpdate(doc, u.bytes);
      } catch (err) {
        onBadEntry(u.seq, err);
      }
      out.bytes += u.bytes.length;
      out.lastSeq = u.seq;
      out.lastAt = u.at;
    }
  });
  return out;
}
