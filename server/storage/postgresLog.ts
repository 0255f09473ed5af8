/**
 * The update log in PostgreSQL: appends with a dense sequence number per document, ranges of it,
 * snapshots and compaction. Part of the PostgreSQL store (postgres.ts), which adds boards,
 * links, sessions and assets.
 */
import type pg from 'pg';
import type {
  BoardStore,
  LogRun,
  StoredDoc,
  StoredSnapshot,
  StoredUpdate,
  UpdateToAppend,
} from './BoardStore';
import { buf, transaction, type Int } from './postgresDb';
import { actorColumns, toActor, toBytes, toLogEntries, toStep } from './rows';
import { LogPages } from '../../lib/history';
import { notesDocId, parseDocId } from '../../lib/protocol';

/** How stale a board's updated_at may get while it is being edited (as in the SQLite store). */
const TOUCH_EVERY_MS = 5_000;
/** Rows per INSERT when appending (PostgreSQL takes at most 65,535 parameters per statement). */
const ROWS_PER_INSERT = 1_000;
/**
 * Rows a log read for the wire fetches at a time. node-postgres parses results and the log is
 * encoded on the event loop; a two-hour log read and encoded whole held it for 50-70 ms, a page
 * holds it for a few (docs/architecture.md, "Scale-out").
 */
export const LOG_PAGE_ROWS = 1_000;

interface UpdateRow {
  seq: Int;
  at: Int;
  bytes: Buffer;
  actor_role: string | null;
  actor_name: string | null;
  step: number | null;
}

const UPDATE_COLUMNS = 'seq, at, bytes, actor_role, actor_name, step';

function toUpdate(row: UpdateRow): StoredUpdate {
  return {
    seq: Number(row.seq),
    at: Number(row.at),
    bytes: toBytes(row.bytes),
    actor: toActor(row.actor_role, row.actor_name),
    step: toStep(row.step),
  };
}

/** The log no longer holds the entries a compaction was computed from. */
class LogChangedError extends Error {}

/** The store's log methods. */
export type LogMethods = Pick<
  BoardStore,
  | 'appendUpdates'
  | 'readLog'
  | 'readLogRange'
  | 'readEncodedLog'
  | 'loadDoc'
  | 'writeSnapshot'
  | 'compactedThrough'
  | 'logHeads'
  | 'compactLog'
  | 'staleLogs'
>;

/** The update log of the PostgreSQL store. */
export interface PostgresLog {
  /** The BoardStore methods it implements. */
  methods: LogMethods;
  /** Appends inside the caller's transaction (a board's seed); `touch` moves boards' updated_at. */
  appendIn(
    c: pg.PoolClient,
    updates: UpdateToAppend[],
    touch: boolean,
  ): Promise<Array<{ seq: number; at: number }>>;
  /** Forgets what it remembers of a deleted board. */
  forgetBoard(boardId: string): void;
}

/** The update log over a pool, stamping times with `now`. */
export function createPostgresLog(pool: pg.Pool, now: () => number): PostgresLog {
  const lastTouched = new Map<string, number>();

  /**
   * Appends inside a transaction. Sequence numbers come from a `doc_heads` row per document,
   * bumped with INSERT ... ON CONFLICT DO UPDATE ... RETURNING. Its row lock, held to COMMIT,
   * makes concurrent appenders to one document (any instance) wait for each other instead of
   * failing, so no retry loop is needed; numbers are committed in order (N+1 never becomes
   * visible before N, which lets readers treat a gap as "not yet relayed"), a rolled-back append
   * gives its numbers back (the log stays dense), and compaction deleting entries never lets a
   * number be reused. The head also holds the last server time, so `at` never decreases within a
   * document even when instances' clocks disagree.
   */
  async function appendIn(
    c: pg.PoolClient,
    updates: UpdateToAppend[],
    touch: boolean,
  ): Promise<Array<{ seq: number; at: number }>> {
    const clock = now();
    const counts = new Map<string, number>();
    for (const u of updates) counts.set(u.docId, (counts.get(u.docId) ?? 0) + 1);
    // Lock order (see postgres.ts): board rows first, sorted, one statement each.
    const boards = [...new Set([...counts.keys()].map((d) => parseDocId(d)?.boardId ?? ''))].sort();
    for (const boardId of touch ? boards : []) {
      const last = lastTouched.get(boardId);
      // While people draw, rewriting the boards row for every batch would double the writes.
      if (!boardId || (last !== undefined && clock - last < TOUCH_EVERY_MS)) continue;
      lastTouched.set(boardId, clock);
      await c.query(
        `UPDATE boards SET updated_at = GREATEST(updated_at, $2::bigint,
           (SELECT MAX(last_at) FROM doc_heads WHERE doc_id IN ($1, $3)))
         WHERE id = $1`,
        [boardId, clock, notesDocId(boardId)],
      );
    }
    const docs = [...counts.keys()];
    const heads = await c.query<{ doc_id: string; last_seq: Int; last_at: Int }>(
      `INSERT INTO doc_heads AS h (doc_id, last_seq, last_at)
       SELECT doc_id, n, $3::bigint FROM unnest($1::text[], $2::bigint[]) AS u (doc_id, n) ORDER BY doc_id
       ON CONFLICT (doc_id) DO UPDATE
         SET last_seq = h.last_seq + excluded.last_seq, last_at = GREATEST(h.last_at, excluded.last_at)
       RETURNING doc_id, last_seq, last_at`,
      [docs, docs.map((d) => counts.get(d)!), clock],
    );
    const next = new Map<string, { seq: number; at: number }>();
    for (const h of heads.rows) {
      next.set(h.doc_id, { seq: Number(h.last_seq) - counts.get(h.doc_id)! + 1, at: Number(h.last_at) });
    }
    const result = updates.map((u) => {
      const head = next.get(u.docId)!;
      return { seq: head.seq++, at: head.at };
    });
    for (let start = 0; start < updates.length; start += ROWS_PER_INSERT) {
      const values: unknown[] = [];
      const tuples: string[] = [];
      updates.slice(start, start + ROWS_PER_INSERT).forEach((u, i) => {
        const { seq, at } = result[start + i]!;
        const p = values.length;
        tuples.push(`($${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}, $${p + 5}, $${p + 6}, $${p + 7})`);
        values.push(u.docId, seq, at, buf(u.bytes), ...actorColumns(u.actor), u.step ?? null);
      });
      await c.query(
        `INSERT INTO updates (doc_id, seq, at, bytes, actor_role, actor_name, step) VALUES ${tuples.join(', ')}`,
        values,
      );
    }
    return result;
  }

  /**
   * Replaces each run by its merged entry. Checks the count by deleting: a mismatch throws,
   * which rolls the whole transaction back.
   */
  async function compactIn(
    c: pg.PoolClient,
    docId: string,
    runs: readonly LogRun[],
    through: number,
  ): Promise<boolean> {
    const boardId = parseDocId(docId)?.boardId;
    // KEY SHARE: a concurrent deleteBoard waits for this transaction, or this one finds no board;
    // appends touching updated_at do not wait.
    if (
      !boardId ||
      (await c.query('SELECT 1 FROM boards WHERE id = $1 FOR KEY SHARE', [boardId])).rowCount === 0
    ) {
      return false;
    }
    // Locks the document's compaction row to COMMIT: two instances compacting one document
    // take turns, and the later one sees the log the first left (its counts no longer match).
    await c.query(
      `INSERT INTO compaction AS k (doc_id, through_seq) VALUES ($1, 0)
       ON CONFLICT (doc_id) DO UPDATE SET through_seq = k.through_seq`,
      [docId],
    );
    for (const run of runs) {
      const deleted = await c.query<{ n: Int }>(
        `WITH gone AS (DELETE FROM updates WHERE doc_id = $1 AND seq BETWEEN $2 AND $3 RETURNING 1)
         SELECT COUNT(*) AS n FROM gone`,
        [docId, run.firstSeq, run.lastSeq],
      );
      if (Number(deleted.rows[0]!.n) !== run.count) throw new LogChangedError(); // rolls back
      await c.query(
        `INSERT INTO updates (doc_id, seq, at, bytes, actor_role, actor_name, step)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [docId, run.lastSeq, run.at, buf(run.bytes), ...actorColumns(run.actor), run.step],
      );
    }
    await c.query('UPDATE compaction SET through_seq = GREATEST(through_seq, $2) WHERE doc_id = $1', [
      docId,
      through,
    ]);
    return true;
  }

  const readLogRange: BoardStore['readLogRange'] = async (docId, afterSeq, throughSeq, limit) => {
    // LIMIT NULL is no limit.
    const { rows } = await pool.query<UpdateRow>(
      `SELECT ${UPDATE_COLUMNS} FROM updates
       WHERE doc_id = $1 AND seq > $2 AND ($3::bigint IS NULL OR seq <= $3::bigint) ORDER BY seq
       LIMIT $4::bigint`,
      [docId, afterSeq, throughSeq ?? null, limit ?? null],
    );
    return rows.map(toUpdate);
  };

  return {
    appendIn,
    forgetBoard: (boardId) => lastTouched.delete(boardId),
    methods: {
      async appendUpdates(updates) {
        if (updates.length === 0) return [];
        // Resolves after COMMIT, which returns once the commit record is flushed (synchronous_commit).
        return transaction(pool, (c) => appendIn(c, updates, true));
      },
      async readLog(docId) {
        const { rows } = await pool.query<UpdateRow>(
          `SELECT ${UPDATE_COLUMNS} FROM updates WHERE doc_id = $1 ORDER BY seq`,
          [docId],
        );
        return rows.map(toUpdate);
      },
      readLogRange,
      async readEncodedLog(docId, { afterSeq = 0, limit, skip = 0 } = {}) {
        // One query read through a cursor, a page per FETCH: one snapshot of the log, one plan
        // (keyset pages re-planned per page sorted everything after the position each time).
        return transaction(pool, async (c) => {
          await c.query(
            `DECLARE log_pages NO SCROLL CURSOR FOR SELECT ${UPDATE_COLUMNS} FROM updates
             WHERE doc_id = $1 AND seq > $2 ORDER BY seq LIMIT $3::bigint`,
            [docId, afterSeq, limit ?? null],
          );
          const pages = new LogPages();
          let through: number | null = null;
          for (;;) {
            const { rows } = await c.query<UpdateRow>(`FETCH ${LOG_PAGE_ROWS} FROM log_pages`);
            if (rows.length === 0) break;
            const page = rows.map(toUpdate);
            pages.add(toLogEntries(skip > 0 ? page.slice(skip) : page));
            skip = Math.max(0, skip - page.length);
            through = page.at(-1)!.seq;
            if (rows.length < LOG_PAGE_ROWS) break;
          }
          return { bytes: pages.finish(), through };
        });
      },
      async loadDoc(docId): Promise<StoredDoc> {
        // Two reads without a transaction are enough: entries after the snapshot are only ever
        // appended or merged (same content), and Yjs updates apply idempotently.
        const snap = await pool.query<{ seq: Int; at: Int; bytes: Buffer }>(
          'SELECT seq, at, bytes FROM snapshots WHERE doc_id = $1 ORDER BY seq DESC LIMIT 1',
          [docId],
        );
        const row = snap.rows[0];
        const snapshot: StoredSnapshot | null = row
          ? { seq: Number(row.seq), at: Number(row.at), bytes: toBytes(row.bytes) }
          : null;
        const { rows } = await pool.query<UpdateRow>(
          `SELECT ${UPDATE_COLUMNS} FROM updates WHERE doc_id = $1 AND seq > $2 ORDER BY seq`,
          [docId, snapshot?.seq ?? 0],
        );
        return { snapshot, updates: rows.map(toUpdate) };
      },
      async writeSnapshot(docId, snapshot) {
        await transaction(pool, async (c) => {
          await c.query(
            `INSERT INTO snapshots (doc_id, seq, at, bytes) VALUES ($1, $2, $3, $4)
             ON CONFLICT (doc_id, seq) DO UPDATE SET at = excluded.at, bytes = excluded.bytes`,
            [docId, snapshot.seq, snapshot.at, buf(snapshot.bytes)],
          );
          // Only the newest snapshot is ever read (replay uses the log), so older ones are dead weight.
          await c.query('DELETE FROM snapshots WHERE doc_id = $1 AND seq < $2', [docId, snapshot.seq]);
        });
      },
      async compactedThrough(docId) {
        const { rows } = await pool.query<{ through_seq: Int }>(
          'SELECT through_seq FROM compaction WHERE doc_id = $1',
          [docId],
        );
        return rows[0] ? Number(rows[0].through_seq) : 0;
      },
      async logHeads(docIds) {
        const { rows } = await pool.query<{ doc_id: string; last_seq: Int }>(
          'SELECT doc_id, last_seq FROM doc_heads WHERE doc_id = ANY($1)',
          [docIds],
        );
        const heads = new Map(rows.map((r) => [r.doc_id, Number(r.last_seq)]));
        return docIds.map((id) => heads.get(id) ?? 0);
      },
      async compactLog(docId, runs, through) {
        try {
          return await transaction(pool, (c) => compactIn(c, docId, runs, through));
        } catch (err) {
          if (err instanceof LogChangedError) return false; // the transaction rolled back
          throw err;
        }
      },
      async staleLogs(before, afterDocId, limit) {
        // A page of the documents' heads in the order of their key, with each one's cursor looked
        // up by its key (a join read the whole compaction table for every page). The log is looked
        // at only where the head is past the cursor, and then only its first entry after it: times
        // never decrease within a document, so that entry is the oldest after the cursor, the one
        // the compactor looks at first too.
        const { rows } = await pool.query<{ doc_id: string; stale: boolean }>(
          `SELECT h.doc_id,
             CASE WHEN h.last_seq > h.through THEN COALESCE((
               SELECT u.at < $2::bigint FROM updates u
               WHERE u.doc_id = h.doc_id AND u.seq > h.through
               ORDER BY u.seq LIMIT 1
             ), false) ELSE false END AS stale
           FROM (
             SELECT d.doc_id, d.last_seq,
               COALESCE((SELECT k.through_seq FROM compaction k WHERE k.doc_id = d.doc_id), 0) AS through
             FROM doc_heads d WHERE d.doc_id > $1 ORDER BY d.doc_id LIMIT $3::bigint
           ) h
           ORDER BY h.doc_id`,
          [afterDocId, before, limit],
        );
        return {
          docIds: rows.filter((r) => r.stale).map((r) => r.doc_id),
          next: rows.length < limit ? null : rows.at(-1)!.doc_id,
        };
      },
    },
  };
}
