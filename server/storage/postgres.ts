/**
 * PostgreSQL implementation of BoardStore (node-postgres, pooled), for several instances in front
 * of one database. It behaves like the SQLite store in every respect the conformance suite checks;
 * what differs is that each document's log is numbered densely (1, 2, 3, ...), so instances that
 * relay updates between each other can spot a gap and read it back (`readLogRange`).
 *
 * Lock order, the same in every transaction so none can deadlock another: a board's row, then its
 * documents' rows (doc_heads, compaction), then their log entries.
 */
import type { BoardRecord, BoardStore, StoredAsset, StoredQuestion } from './BoardStore';
import type { QuestionContent } from '../../lib/questions/schema';
import { migratePostgres } from './postgresSchema';
import { buf, createPool, transaction, type Int } from './postgresDb';
import { createPostgresLog } from './postgresLog';
import { toBytes, toStatus } from './rows';
import { notesDocId } from '../../lib/protocol';
import type { LinkRole } from '../../lib/access';

/** Options of the PostgreSQL store. */
export interface PostgresStoreOptions {
  /** The server clock (tests move it). */
  now?: () => number;
  /** Most connections this instance opens. */
  maxConnections?: number;
}

interface BoardRow {
  id: string;
  title: string;
  prompt: string;
  status: string;
  created_at: Int;
  updated_at: Int;
  ended_at: Int | null;
  candidate_name: string | null;
  candidate_token_hash: Buffer | null;
  review_token_hash: Buffer | null;
  question_id: string | null;
  question_title: string | null;
}

interface QuestionRow {
  id: string;
  content: QuestionContent;
  archived: boolean;
  created_at: Int;
  updated_at: Int;
}

function toQuestion(row: QuestionRow): StoredQuestion {
  return {
    id: row.id,
    content: row.content,
    archived: row.archived,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

const LINK_COLUMN: Record<LinkRole, 'candidate_token_hash' | 'review_token_hash'> = {
  candidate: 'candidate_token_hash',
  reviewer: 'review_token_hash',
};

function toBoard(row: BoardRow): BoardRecord {
  return {
    id: row.id,
    title: row.title,
    prompt: row.prompt,
    status: toStatus(row.status),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    endedAt: row.ended_at === null ? null : Number(row.ended_at),
    candidateName: row.candidate_name,
    questionId: row.question_id,
    questionTitle: row.question_title,
  };
}

/** Connects, applies pending migrations, and returns the store. */
export async function openPostgresStore(
  connectionString: string,
  opts: PostgresStoreOptions = {},
): Promise<BoardStore> {
  const now = opts.now ?? Date.now;
  const pool = createPool(connectionString, opts.maxConnections ?? 10);
  try {
    await migratePostgres(pool, now);
  } catch (err) {
    await pool.end();
    throw err;
  }

  const log = createPostgresLog(pool, now);

  let closed = false;
  return {
    ...log.methods,
    async createBoard(board, seed, links) {
      await transaction(pool, async (c) => {
        await c.query(
          `INSERT INTO boards (id, title, prompt, status, created_at, updated_at, candidate_token_hash,
             review_token_hash, question_id, question_title)
           VALUES ($1, $2, $3, 'live', $4, $4, $5, $6, $7, $8)`,
          [
            board.id,
            board.title,
            board.prompt,
            board.createdAt,
            buf(links.candidate),
            buf(links.reviewer),
            board.questionId ?? null,
            board.questionTitle ?? null,
          ],
        );
        // The seed does not touch the board: updated_at starts at createdAt, as in SQLite.
        await log.appendIn(c, [{ docId: board.id, bytes: seed }], false);
      });
      return {
        ...board,
        status: 'live',
        updatedAt: board.createdAt,
        endedAt: null,
        candidateName: null,
        questionId: board.questionId ?? null,
        questionTitle: board.questionTitle ?? null,
      };
    },
    async getBoard(id) {
      const { rows } = await pool.query<BoardRow>('SELECT * FROM boards WHERE id = $1', [id]);
      return rows[0] ? toBoard(rows[0]) : null;
    },
    async listBoards() {
      const { rows } = await pool.query<BoardRow>('SELECT * FROM boards ORDER BY created_at DESC, id');
      return rows.map(toBoard);
    },
    async setCandidateName(id, name) {
      await pool.query('UPDATE boards SET candidate_name = $1 WHERE id = $2', [name, id]);
    },
    async deleteBoard(id) {
      const docs = [id, notesDocId(id)];
      const deleted = await transaction(pool, async (c) => {
        // The board row, then the heads, each waiting for whoever holds them (a compaction, an
        // append) to commit: the deletes after them see those rows and remove them too.
        const gone = await c.query('DELETE FROM boards WHERE id = $1', [id]);
        await c.query('DELETE FROM doc_heads WHERE doc_id = ANY($1)', [docs]);
        await c.query('DELETE FROM updates WHERE doc_id = ANY($1)', [docs]);
        await c.query('DELETE FROM snapshots WHERE doc_id = ANY($1)', [docs]);
        await c.query('DELETE FROM compaction WHERE doc_id = ANY($1)', [docs]);
        await c.query('DELETE FROM assets WHERE board_id = $1', [id]);
        await c.query('DELETE FROM revoked_tokens WHERE board_id = $1', [id]);
        return (gone.rowCount ?? 0) > 0;
      });
      log.forgetBoard(id);
      return deleted;
    },
    async endBoard(id, at) {
      const { rows } = await pool.query<BoardRow>(
        `UPDATE boards SET status = 'ended', ended_at = COALESCE(ended_at, $1) WHERE id = $2 RETURNING *`,
        [at, id],
      );
      return rows[0] ? toBoard(rows[0]) : null;
    },
    async getLinkHashes(id) {
      const { rows } = await pool.query<BoardRow>(
        'SELECT candidate_token_hash, review_token_hash FROM boards WHERE id = $1',
        [id],
      );
      const row = rows[0];
      if (!row) return null;
      return {
        candidate: row.candidate_token_hash ? toBytes(row.candidate_token_hash) : null,
        reviewer: row.review_token_hash ? toBytes(row.review_token_hash) : null,
      };
    },
    async replaceLinkHash(id, role, hash, at) {
      const column = LINK_COLUMN[role];
      await transaction(pool, async (c) => {
        const { rows } = await c.query<BoardRow>(`SELECT ${column} FROM boards WHERE id = $1 FOR UPDATE`, [
          id,
        ]);
        if (!rows[0]) return;
        const old = rows[0][column];
        if (old) {
          await c.query(
            `INSERT INTO revoked_tokens (token_hash, board_id, role, revoked_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (token_hash) DO NOTHING`,
            [old, id, role, at],
          );
        }
        await c.query(`UPDATE boards SET ${column} = $1 WHERE id = $2`, [buf(hash), id]);
      });
    },
    async findRevokedLink(id, hash) {
      const { rows } = await pool.query<{ role: LinkRole }>(
        'SELECT role FROM revoked_tokens WHERE token_hash = $1 AND board_id = $2',
        [buf(hash), id],
      );
      return rows[0]?.role ?? null;
    },
    async createSession(hash, createdAt, expiresAt) {
      await pool.query('DELETE FROM sessions WHERE expires_at <= $1', [createdAt]);
      await pool.query('INSERT INTO sessions (token_hash, created_at, expires_at) VALUES ($1, $2, $3)', [
        buf(hash),
        createdAt,
        expiresAt,
      ]);
    },
    async isSessionValid(hash, at) {
      const { rows } = await pool.query('SELECT 1 FROM sessions WHERE token_hash = $1 AND expires_at > $2', [
        buf(hash),
        at,
      ]);
      return rows.length > 0;
    },
    async deleteSession(hash) {
      await pool.query('DELETE FROM sessions WHERE token_hash = $1', [buf(hash)]);
    },
    async putAsset(asset) {
      await pool.query(
        'INSERT INTO assets (board_id, id, content_type, bytes, created_at) VALUES ($1, $2, $3, $4, $5)',
        [asset.boardId, asset.id, asset.contentType, buf(asset.bytes), asset.createdAt],
      );
    },
    async getAsset(boardId, id): Promise<StoredAsset | null> {
      const { rows } = await pool.query<{ content_type: string; bytes: Buffer; created_at: Int }>(
        'SELECT content_type, bytes, created_at FROM assets WHERE board_id = $1 AND id = $2',
        [boardId, id],
      );
      const row = rows[0];
      return row
        ? {
            boardId,
            id,
            contentType: row.content_type,
            bytes: toBytes(row.bytes),
            createdAt: Number(row.created_at),
          }
        : null;
    },
    async listAssets(boardId) {
      const { rows } = await pool.query<{ id: string; created_at: Int; size: Int }>(
        'SELECT id, created_at, octet_length(bytes) AS size FROM assets WHERE board_id = $1 ORDER BY created_at',
        [boardId],
      );
      const assets = rows.map((r) => ({ id: r.id, createdAt: Number(r.created_at), size: Number(r.size) }));
      return { assets, bytes: assets.reduce((n, a) => n + a.size, 0) };
    },
    async deleteAssets(boardId, ids) {
      if (ids.length === 0) return;
      await pool.query('DELETE FROM assets WHERE board_id = $1 AND id = ANY($2)', [boardId, [...ids]]);
    },
    async listQuestions() {
      const { rows } = await pool.query<QuestionRow>('SELECT * FROM questions ORDER BY created_at, id');
      return rows.map(toQuestion);
    },
    async putAssessment(boardId, content, publishedAt) {
      const { rowCount } = await pool.query(
        `INSERT INTO assessments (board_id, content, published_at) SELECT id, $2, $3 FROM boards WHERE id = $1
         ON CONFLICT (board_id) DO UPDATE SET content = excluded.content, published_at = excluded.published_at`,
        [boardId, content, publishedAt],
      );
      return (rowCount ?? 0) > 0;
    },
    async getAssessment(boardId) {
      const { rows } = await pool.query<{ content: string; published_at: string | number }>(
        'SELECT content, published_at FROM assessments WHERE board_id = $1',
        [boardId],
      );
      return rows[0] ? { content: rows[0].content, publishedAt: Number(rows[0].published_at) } : null;
    },
    async getQuestion(id) {
      const { rows } = await pool.query<QuestionRow>('SELECT * FROM questions WHERE id = $1', [id]);
      return rows[0] ? toQuestion(rows[0]) : null;
    },
    async putQuestions(questions) {
      await transaction(pool, async (c) => {
        for (const q of questions) {
          await c.query(
            `INSERT INTO questions (id, content, archived, created_at, updated_at) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (id) DO UPDATE SET content = excluded.content, archived = excluded.archived,
               created_at = excluded.created_at, updated_at = excluded.updated_at`,
            [q.id, JSON.stringify(q.content), q.archived, q.createdAt, q.updatedAt],
          );
        }
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
