/**
 * A seam for tests of turns (export bundles, whole-board reads): a SQLite store whose loads of one
 * board's document wait while held, counting how many are waiting.
 */
import path from 'node:path';
import { openSqliteStore } from '../storage/sqlite';
import type { BoardStore } from '../storage/BoardStore';
import { tempDir } from './harness';

export interface HeldLoads {
  /** The store to start the server with. */
  store: BoardStore;
  /** Holds every load of `docId` from now until the function it returns is called. */
  hold(docId: string): () => void;
  /** Loads waiting now. */
  readonly waiting: number;
}

export function storeWithHeldLoads(): HeldLoads {
  const stored = openSqliteStore(path.join(tempDir(), 'boardroom.db'));
  let held: { docId: string; until: Promise<void> } | null = null;
  let waiting = 0;
  const store = new Proxy(stored, {
    get(target, key, receiver) {
      if (key === 'loadDoc')
        return async (docId: string) => {
          if (held && held.docId === docId) {
            waiting++;
            await held.until;
            waiting--;
          }
          return target.loadDoc(docId);
        };
      const value: unknown = Reflect.get(target, key, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return {
    store,
    hold(docId) {
      let release!: () => void;
      held = { docId, until: new Promise<void>((resolve) => (release = resolve)) };
      return () => {
        held = null;
        release();
      };
    },
    get waiting() {
      return waiting;
    },
  };
}
