/**
 * A real SQLite store whose appends fail on demand, or whose document loads wait until let go
 * (and which counts asset listings), and a server started on it: for tests of what the server does when storage fails and then
 * recovers, and of what happens while a room loads.
 */
import path from 'node:path';
import { DEFAULT_CONFIG, type ServerConfig } from '../config';
import { startServer, type BoardroomServer } from '../app';
import { setQuietLogs } from '../log';
import { openSqliteStore, DATABASE_FILE } from '../storage/sqlite';
import type { BoardStore } from '../storage/BoardStore';
import { TEST_SECRET, onCleanup, tempDir } from './harness';

const CLOSE_GIVE_UP_MS = 5_000;

/** The store and its switch. */
export interface FaultyStore {
  store: BoardStore;
  /** From now on every append fails, after `delayMs` (a disk that times out, not one that refuses at once). */
  failAppends(delayMs: number): void;
  /** Appends work again. */
  recover(): void;
  /** Appends that failed so far. */
  readonly failedAppends: number;
  /** From now on document loads wait (a slow disk) until the returned function lets them go. */
  holdLoads(): () => void;
  /** Loads waiting right now. */
  readonly loadsHeld: number;
  /** Calls of `listAssets` so far (an upload makes one once its access is checked, before its body). */
  readonly assetListings: number;
}

/** Wraps the SQLite store at `dataDir`. */
export function faultyStore(dataDir: string): FaultyStore {
  const inner = openSqliteStore(path.join(dataDir, DATABASE_FILE));
  let failDelayMs: number | null = null;
  let failed = 0;
  let held: Promise<void> | null = null;
  let loadsHeld = 0;
  let assetListings = 0;
  const store: BoardStore = {
    ...inner,
    listAssets(boardId) {
      assetListings++;
      return inner.listAssets(boardId);
    },
    async loadDoc(docId) {
      if (held) {
        loadsHeld++;
        await held.finally(() => loadsHeld--);
      }
      return inner.loadDoc(docId);
    },
    appendUpdates(updates) {
      if (failDelayMs === null) return inner.appendUpdates(updates);
      const delay = failDelayMs;
      return new Promise((_, reject) =>
        setTimeout(() => {
          failed++;
          reject(new Error('SQLITE_IOERR: disk I/O error (injected)'));
        }, delay),
      );
    },
  };
  return {
    store,
    failAppends(delayMs) {
      failDelayMs = delayMs;
    },
    recover() {
      failDelayMs = null;
    },
    get failedAppends() {
      return failed;
    },
    holdLoads() {
      let release = () => {};
      held = new Promise<void>((resolve) => (release = resolve));
      return () => {
        held = null;
        release();
      };
    },
    get loadsHeld() {
      return loadsHeld;
    },
    get assetListings() {
      return assetListings;
    },
  };
}

/** Starts a test server (as `startTestServer` does) on a faulty store. */
export async function startFaultyServer(
  overrides: Partial<ServerConfig> = {},
): Promise<{ server: BoardroomServer; faulty: FaultyStore }> {
  setQuietLogs(true);
  const dataDir = tempDir();
  const faulty = faultyStore(dataDir);
  const server = await startServer(
    {
      ...DEFAULT_CONFIG,
      port: 0,
      host: '127.0.0.1',
      dataDir,
      idleRoomTtlMs: 50,
      secret: TEST_SECRET,
      ...overrides,
    },
    { store: faulty.store },
  );
  onCleanup(async () => {
    // A server that never finishes unloading the broken room (the bug under test) must not hang
    // the teardown too: give up on a clean close after a while.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([server.close(), new Promise((r) => (timer = setTimeout(r, CLOSE_GIVE_UP_MS)))]);
    clearTimeout(timer);
    server.http.closeAllConnections();
  });
  return { server, faulty };
}
