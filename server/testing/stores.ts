/**
 * Every BoardStore backend, for tests that must hold for each (the conformance suite): a fresh
 * empty database per call, stores closed after the test, and a look at the raw tables.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { BoardStore } from '../storage/BoardStore';
import { openSqliteStore } from '../storage/sqlite';
import { openSqliteStoreOnThread } from '../storage/sqliteThread';
import { openPostgresStore } from '../storage/postgres';
import { notesDocId } from '../../lib/protocol';
import { onCleanup, tempDir } from './harness';
import { startPostgres, type Service } from './services';

/** A fresh database of one backend. */
export interface TestStoreDb {
  /** Opens a store on it (again and again: reopening must find everything). Closed after the test. */
  open(now?: () => number): Promise<BoardStore>;
  /** Rows per table that still mention a board or one of its documents. */
  leftovers(boardId: string): Promise<Record<string, number>>;
  /** How many snapshots a document has in storage. */
  snapshotCount(docId: string): Promise<number>;
}

/** A BoardStore backend under test. */
export interface TestBackend {
  name: 'sqlite' | 'sqlite-thread' | 'postgres';
  /** Services its tests need (see requireServices). */
  needs: Service[];
  create(): Promise<TestStoreDb>;
}

// Which column names a board, per table (doc_heads exists only in PostgreSQL).
const BY_DOC = ['updates', 'snapshots', 'compaction'];
const BY_BOARD = ['assets', 'revoked_tokens', 'assessments'];

function closing(store: BoardStore): BoardStore {
  onCleanup(() => store.close());
  return store;
}

/** SQLite in a temp file, opened by `open` (in this thread, or on a worker thread as the server does). */
function sqliteBackend(
  name: 'sqlite' | 'sqlite-thread',
  open: (file: string, now?: () => number) => BoardStore | Promise<BoardStore>,
): TestBackend {
  return { name, needs: [], create: () => sqliteDb(open) };
}

async function sqliteDb(
  openStore: (file: string, now?: () => number) => BoardStore | Promise<BoardStore>,
): Promise<TestStoreDb> {
  const file = path.join(tempDir(), 'boardroom.sqlite');
  const query = (sql: string, ...args: string[]) => {
    const db = new Database(file, { readonly: true });
    try {
      return (db.prepare(sql).get(...args) as { n: number }).n;
    } finally {
      db.close();
    }
  };
  return {
    open: async (now) => closing(await openStore(file, now)),
    async leftovers(boardId) {
      const docs = [boardId, notesDocId(boardId)];
      const out: Record<string, number> = {
        boards: query('SELECT COUNT(*) AS n FROM boards WHERE id = ?', boardId),
      };
      for (const t of BY_DOC)
        out[t] = query(`SELECT COUNT(*) AS n FROM ${t} WHERE doc_id IN (?, ?)`, ...docs);
      for (const t of BY_BOARD) out[t] = query(`SELECT COUNT(*) AS n FROM ${t} WHERE board_id = ?`, boardId);
      return out;
    },
    snapshotCount: async (docId) => query('SELECT COUNT(*) AS n FROM snapshots WHERE doc_id = ?', docId),
  };
}

const sqlite = sqliteBackend('sqlite', openSqliteStore);
const sqliteThread = sqliteBackend('sqlite-thread', openSqliteStoreOnThread);

const postgres: TestBackend = {
  name: 'postgres',
  needs: ['postgres'],
  async create() {
    const db = await startPostgres();
    // One connection per look, apart from the stores' pools.
    const counting = async <T>(
      fn: (count: (sql: string, args: unknown[]) => Promise<number>) => Promise<T>,
    ) => {
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      try {
        return await fn(async (sql, args) =>
          Number((await client.query<{ n: string }>(sql, args)).rows[0]!.n),
        );
      } finally {
        await client.end();
      }
    };
    return {
      open: async (now) => closing(await openPostgresStore(db.url, { now })),
      async leftovers(boardId) {
        const docs = [boardId, notesDocId(boardId)];
        return counting(async (count) => {
          const out: Record<string, number> = {};
          out.boards = await count('SELECT COUNT(*) AS n FROM boards WHERE id = $1', [boardId]);
          for (const t of [...BY_DOC, 'doc_heads']) {
            out[t] = await count(`SELECT COUNT(*) AS n FROM ${t} WHERE doc_id = ANY($1)`, [docs]);
          }
          for (const t of BY_BOARD) {
            out[t] = await count(`SELECT COUNT(*) AS n FROM ${t} WHERE board_id = $1`, [boardId]);
          }
          return out;
        });
      },
      snapshotCount: (docId) =>
        counting((count) => count('SELECT COUNT(*) AS n FROM snapshots WHERE doc_id = $1', [docId])),
    };
  },
};

/** Every backend, SQLite first. */
export const TEST_BACKENDS: readonly TestBackend[] = [sqlite, sqliteThread, postgres];
