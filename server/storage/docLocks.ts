/**
 * Work on a document's stored log that must run once at a time across every instance (log
 * compaction, snapshots): whoever holds the document's lock does it, the others skip it (the
 * work is redone later anyway). One process needs no more than an in-memory set; several take
 * a PostgreSQL advisory lock (postgresLocks.ts).
 */
import type { DocLog } from './docLog';

/** Per-document locks for background work. */
export interface DocLocks {
  /** Runs `fn` holding the document's lock; null without running it when someone else holds it. */
  tryWith<T>(docId: string, fn: () => Promise<T>): Promise<T | null>;
  /** Releases what the locks hold open. */
  close(): Promise<void>;
}

/** Locks within one process. */
export function localDocLocks(): DocLocks {
  const held = new Set<string>();
  return {
    async tryWith(docId, fn) {
      if (held.has(docId)) return null;
      held.add(docId);
      try {
        return await fn();
      } finally {
        held.delete(docId);
      }
    },
    close: async () => {},
  };
}

/** The log port with snapshots taken under the document's lock (skipped when another instance holds it). */
export function lockSnapshots(inner: DocLog, locks: DocLocks): DocLog {
  return {
    load: (docId) => inner.load(docId),
    append: (docId, bytes, actor) => inner.append(docId, bytes, actor),
    snapshot: async (docId, snapshot) => {
      await locks.tryWith(docId, () => inner.snapshot(docId, snapshot));
    },
  };
}
