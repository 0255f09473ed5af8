/**
 * SQLite implementation of BoardStore (better-sqlite3, WAL). better-sqlite3 is synchronous;
 * with WAL and synchronous=NORMAL a committed transaction survives `kill -9` of this process
 * (it can be lost only if the machine itself loses power before the next checkpoint).
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type {
  BoardRecord,
  BoardStore,
  LinkHashes,
  LogRun,
  NewBoard,
  StoredQuestion,
  StoredDoc,
  StoredAsset,
  StoredSnapshot,
  StoredUpdate,
  UpdateToAppend,
} from './BoardStore';
import { MIGRATIONS } from './migrations';
import { actorColumns, encodeStoredLog, toActor, toBytes, toStatus, toStep } from './rows';
import { notesDocId, parseDocId } from '../../lib/ids';
import type { LinkRole } from '../../lib/access';
import type { QuestionContent } from '../../lib/questions/schema';

/** How stale a board's updated_at may get while it is being edited. */
const TOUCH_EVERY_MS = 5_000;

/** File name of the database inside DATA_DIR. */
export const DATABASE_FILE = 'boardroom.sqlite';

interface BoardRow {
  id: string;
  title: string;
  prompt: string;
  status: string;
  created_at: number;
  updated_at: number;
  ended_at: number | null;
  candidate_token_hash: Buffer | null;
  review_token_hash: Buffer | null;
  candidate_name: string | null;
  question_id: string | null;
  question_title: string | null;
}

interface QuestionRow {
  id: string;
  content: string;
  archived: number;
  created_at: number;
  updated_at: number;
}

function toQuestion(row: QuestionRow): StoredQuestion {
  return {
    id: row.id,
    content: JSON.parse(row.content) as QuestionContent,
    archived: row.archived !== 0,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
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
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    endedAt: row.ended_at,
    candidateName: row.candidate_name,
    questionId: row.question_id,
    questionTitle: row.question_title,
  };
}

function bytesOrNull(blob: Buffer | null): Uint8Array | null {
  return blob ? toBytes(blob) : null;
}

function buf(bytes: Uint8Array | null): Buffer | null {
  return bytes ? Buffer.from(bytes) : null;
}

interface UpdateRow {
  seq: number;
  at: number;
  bytes: Buffer;
  actor_role: string | null;
  actor_name: string | null;
  step: number | null;
}

const UPDATE_COLUMNS = 'seq, at, bytes, actor_role, actor_name, step';

function toUpdate(row: UpdateRow): StoredUpdate {
  return {
    seq: row.seq,
    at: row.at,
    bytes: toBytes(row.bytes),
    actor: toActor(row.actor_role, row.actor_name),
    step: toStep(row.step),
  };
}

/** Opens (creating and migrating if needed) the database at `file`; ':memory:' for tests. */
export function openSqliteStore(file: string, now: () => number = Date.now): BoardStore {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // Deleted rows are overwritten with zeros, so deleting a board removes its bytes from the file.
  db.pragma('secure_delete = ON');
  migrate(db);

  const stmt = {
    insertBoard: db.prepare(
      `INSERT INTO boards (id, title, prompt, status, created_at, updated_at, candidate_token_hash, review_token_hash,
                          question_id, question_title)
       VALUES (@id, @title, @prompt, 'live', @createdAt, @createdAt, @candidate, @reviewer, @questionId, @questionTitle)`,
    ),
    getBoard: db.prepare<[string], BoardRow>('SELECT * FROM boards WHERE id = ?'),
    listBoards: db.prepare<[], BoardRow>('SELECT * FROM boards ORDER BY created_at DESC, id'),
    endBoard: db.prepare("UPDATE boards SET status = 'ended', ended_at = COALESCE(ended_at, ?) WHERE id = ?"),
    setCandidateName: db.prepare('UPDATE boards SET candidate_name = ? WHERE id = ?'),
    allUpdates: db.prepare<[string], UpdateRow>(
      `SELECT ${UPDATE_COLUMNS} FROM updates WHERE doc_id = ? ORDER BY seq`,
    ),
    updateRange: db.prepare<[string, number, number, number], UpdateRow>(
      `SELECT ${UPDATE_COLUMNS} FROM updates WHERE doc_id = ? AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?`,
    ),
    deleteUpdates: db.prepare('DELETE FROM updates WHERE doc_id = ? OR doc_id = ?'),
    deleteSnapshots: db.prepare('DELETE FROM snapshots WHERE doc_id = ? OR doc_id = ?'),
    deleteCompaction: db.prepare('DELETE FROM compaction WHERE doc_id = ? OR doc_id = ?'),
    deleteAssets: db.prepare('DELETE FROM assets WHERE board_id = ?'),
    deleteRevoked: db.prepare('DELETE FROM revoked_tokens WHERE board_id = ?'),
    deleteBoard: db.prepare('DELETE FROM boards WHERE id = ?'),
    setCandidateHash: db.prepare('UPDATE boards SET candidate_token_hash = ? WHERE id = ?'),
    setReviewHash: db.prepare('UPDATE boards SET review_token_hash = ? WHERE id = ?'),
    insertRevoked: db.prepare(
      'INSERT OR IGNORE INTO revoked_tokens (token_hash, board_id, role, revoked_at) VALUES (?, ?, ?, ?)',
    ),
    findRevoked: db.prepare<[Buffer, string], { role: string }>(
      'SELECT role FROM revoked_tokens WHERE token_hash = ? AND board_id = ?',
    ),
    insertSession: db.prepare('INSERT INTO sessions (token_hash, created_at, expires_at) VALUES (?, ?, ?)'),
    getSession: db.prepare<[Buffer], { expires_at: number }>(
      'SELECT expires_at FROM sessions WHERE token_hash = ?',
    ),
    deleteSession: db.prepare('DELETE FROM sessions WHERE token_hash = ?'),
    deleteExpiredSessions: db.prepare('DELETE FROM sessions WHERE expires_at <= ?'),
    touchBoard: db.prepare('UPDATE boards SET updated_at = MAX(updated_at, ?) WHERE id = ?'),
    lastAt: db.prepare<[string], { at: number }>(
      'SELECT at FROM updates WHERE doc_id = ? ORDER BY seq DESC LIMIT 1',
    ),
    insertUpdate: db.prepare(
      'INSERT INTO updates (doc_id, at, bytes, actor_role, actor_name, step) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    latestSnapshot: db.prepare<[string], { seq: number; at: number; bytes: Buffer }>(
      'SELECT seq, at, bytes FROM snapshots WHERE doc_id = ? ORDER BY seq DESC LIMIT 1',
    ),
    updatesAfter: db.prepare<[string, number], UpdateRow>(
      `SELECT ${UPDATE_COLUMNS} FROM updates WHERE doc_id = ? AND seq > ? ORDER BY seq`,
    ),
    insertSnapshot: db.prepare(
      'INSERT OR REPLACE INTO snapshots (doc_id, seq, at, bytes) VALUES (?, ?, ?, ?)',
    ),
    pruneSnapshots: db.prepare('DELETE FROM snapshots WHERE doc_id = ? AND seq < ?'),
    compactedThrough: db.prepare<[string], { through_seq: number }>(
      'SELECT through_seq FROM compaction WHERE doc_id = ?',
    ),
    logHead: db.prepare<[string], { seq: number | null }>(
      'SELECT MAX(seq) AS seq FROM updates WHERE doc_id = ?',
    ),
    setCompactedThrough: db.prepare(
      `INSERT INTO compaction (doc_id, through_seq) VALUES (?, ?)
       ON CONFLICT (doc_id) DO UPDATE SET through_seq = MAX(through_seq, excluded.through_seq)`,
    ),
    // The start-up sweep's page: each next document is one seek in updates_by_doc (a skip scan
    // that reads none of the entries between), then its cursor and the first entry after it. Times
    // never decrease within a document, so that entry is the oldest after the cursor, the one the
    // compactor looks at first too.
    staleLogs: db.prepare<
      { after: string; before: number; limit: number },
      { doc_id: string; stale: number }
    >(
      `WITH RECURSIVE docs (doc_id, n) AS (
         SELECT (SELECT MIN(doc_id) FROM updates WHERE doc_id > @after), 1
         UNION ALL
         SELECT (SELECT MIN(doc_id) FROM updates WHERE doc_id > docs.doc_id), n + 1 FROM docs
         WHERE docs.doc_id IS NOT NULL AND n < @limit
       )
       SELECT doc_id, COALESCE((
         SELECT at FROM updates u
         WHERE u.doc_id = docs.doc_id
           AND u.seq > COALESCE((SELECT through_seq FROM compaction c WHERE c.doc_id = docs.doc_id), 0)
         ORDER BY u.seq LIMIT 1
       ) < @before, 0) AS stale
       FROM docs WHERE doc_id IS NOT NULL ORDER BY doc_id`,
    ),
    countRange: db.prepare<[string, number, number], { n: number }>(
      'SELECT COUNT(*) AS n FROM updates WHERE doc_id = ? AND seq BETWEEN ? AND ?',
    ),
    deleteRange: db.prepare('DELETE FROM updates WHERE doc_id = ? AND seq BETWEEN ? AND ?'),
    insertUpdateAt: db.prepare(
      'INSERT INTO updates (seq, doc_id, at, bytes, actor_role, actor_name, step) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    boardExists: db.prepare<[string], { n: number }>('SELECT 1 AS n FROM boards WHERE id = ?'),
    insertAsset: db.prepare(
      `INSERT INTO assets (board_id, id, content_type, bytes, created_at)
       VALUES (@boardId, @id, @contentType, @bytes, @createdAt)`,
    ),
    getAsset: db.prepare<
      [string, string],
      { board_id: string; id: string; content_type: string; bytes: Buffer; created_at: number }
    >('SELECT * FROM assets WHERE board_id = ? AND id = ?'),
    listAssets: db.prepare<[string], { id: string; created_at: number; size: number }>(
      'SELECT id, created_at, length(bytes) AS size FROM assets WHERE board_id = ? ORDER BY created_at',
    ),
    deleteAsset: db.prepare('DELETE FROM assets WHERE board_id = ? AND id = ?'),
    putAssessment: db.prepare(
      `INSERT INTO assessments (board_id, content, published_at) SELECT id, ?, ? FROM boards WHERE id = ?
       ON CONFLICT (board_id) DO UPDATE SET content = excluded.content, published_at = excluded.published_at`,
    ),
    getAssessment: db.prepare<[string], { content: string; published_at: number }>(
      'SELECT content, published_at FROM assessments WHERE board_id = ?',
    ),
    listQuestions: db.prepare<[], QuestionRow>('SELECT * FROM questions ORDER BY created_at, id'),
    getQuestion: db.prepare<[string], QuestionRow>('SELECT * FROM questions WHERE id = ?'),
    putQuestion: db.prepare(
      `INSERT OR REPLACE INTO questions (id, content, archived, created_at, updated_at)
       VALUES (@id, @content, @archived, @createdAt, @updatedAt)`,
    ),
  };

  const lastTouched = new Map<string, number>();

  // Server timestamps never go backwards within a document, so "the state at T" is a prefix of the log.
  const lastAtByDoc = new Map<string, number>();
  function nextAt(docId: string): number {
    let last = lastAtByDoc.get(docId);
    if (last === undefined) last = stmt.lastAt.get(docId)?.at ?? 0;
    const at = Math.max(now(), last);
    lastAtByDoc.set(docId, at);
    return at;
  }

  const createBoardTx = db.transaction((board: NewBoard, seed: Uint8Array, links: LinkHashes) => {
    stmt.insertBoard.run({
      ...board,
      questionId: board.questionId ?? null,
      questionTitle: board.questionTitle ?? null,
      candidate: buf(links.candidate),
      reviewer: buf(links.reviewer),
    });
    stmt.insertUpdate.run(board.id, nextAt(board.id), seed, null, null, null);
  });

  const putQuestionsTx = db.transaction((questions: readonly StoredQuestion[]) => {
    for (const q of questions)
      stmt.putQuestion.run({
        id: q.id,
        content: JSON.stringify(q.content),
        archived: q.archived ? 1 : 0,
        createdAt: q.createdAt,
        updatedAt: q.updatedAt,
      });
  });

  const deleteBoardTx = db.transaction((id: string) => {
    const notes = notesDocId(id);
    stmt.deleteUpdates.run(id, notes);
    stmt.deleteSnapshots.run(id, notes);
    stmt.deleteCompaction.run(id, notes);
    stmt.deleteAssets.run(id);
    stmt.deleteRevoked.run(id);
    return stmt.deleteBoard.run(id).changes > 0;
  });

  const replaceLinkTx = db.transaction((id: string, role: LinkRole, hash: Uint8Array | null, at: number) => {
    const row = stmt.getBoard.get(id);
    if (!row) return;
    const old = row[LINK_COLUMN[role]];
    if (old) stmt.insertRevoked.run(old, id, role, at);
    (role === 'candidate' ? stmt.setCandidateHash : stmt.setReviewHash).run(buf(hash), id);
  });

  const writeSnapshotTx = db.transaction((docId: string, snapshot: StoredSnapshot) => {
    stmt.insertSnapshot.run(docId, snapshot.seq, snapshot.at, snapshot.bytes);
    // Only the newest snapshot is ever read (replay uses the log), so older ones are dead weight.
    stmt.pruneSnapshots.run(docId, snapshot.seq);
  });

  const compactTx = db.transaction((docId: string, runs: readonly LogRun[], through: number): boolean => {
    const boardId = parseDocId(docId)?.boardId;
    if (!boardId || !stmt.boardExists.get(boardId)) return false;
    for (const run of runs) {
      if (stmt.countRange.get(docId, run.firstSeq, run.lastSeq)?.n !== run.count) {
        throw new LogChangedError();
      }
      stmt.deleteRange.run(docId, run.firstSeq, run.lastSeq);
      stmt.insertUpdateAt.run(run.lastSeq, docId, run.at, run.bytes, ...actorColumns(run.actor), run.step);
    }
    stmt.setCompactedThrough.run(docId, through);
    return true;
  });

  const appendTx = db.transaction((updates: UpdateToAppend[]) => {
    const result: Array<{ seq: number; at: number }> = [];
    const touched = new Map<string, number>();
    for (const u of updates) {
      const at = nextAt(u.docId);
      const info = stmt.insertUpdate.run(u.docId, at, u.bytes, ...actorColumns(u.actor), u.step ?? null);
      result.push({ seq: Number(info.lastInsertRowid), at });
      const boardId = parseDocId(u.docId)?.boardId;
      if (boardId) touched.set(boardId, at);
    }
    for (const [boardId, at] of touched) {
      // A board's updated_at moves at most every few seconds: while people draw, rewriting the
      // boards row for every batch would double the writes (measured in bench/fanout).
      const last = lastTouched.get(boardId);
      if (last !== undefined && at - last < TOUCH_EVERY_MS) continue;
      lastTouched.set(boardId, at);
      stmt.touchBoard.run(at, boardId);
    }
    return result;
  });

  return {
    async createBoard(board, seed, links) {
      createBoardTx(board, seed, links);
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
      const row = stmt.getBoard.get(id);
      return row ? toBoard(row) : null;
    },
    async listBoards() {
      return stmt.listBoards.all().map(toBoard);
    },
    async setCandidateName(id, name) {
      stmt.setCandidateName.run(name, id);
    },
    async deleteBoard(id) {
      const deleted = deleteBoardTx(id);
      lastAtByDoc.delete(id);
      lastAtByDoc.delete(notesDocId(id));
      // Move the zeroed pages out of the write-ahead log into the main file, and truncate the log.
      db.pragma('wal_checkpoint(TRUNCATE)');
      return deleted;
    },
    async readLog(docId) {
      return stmt.allUpdates.all(docId).map(toUpdate);
    },
    async readLogRange(docId, afterSeq, throughSeq = Number.MAX_SAFE_INTEGER, limit = -1) {
      // SQLite reads a negative LIMIT as no limit.
      return stmt.updateRange.all(docId, afterSeq, throughSeq, limit).map(toUpdate);
    },
    async readEncodedLog(docId, { afterSeq = 0, limit = -1, skip = 0 } = {}) {
      return encodeStoredLog(
        stmt.updateRange.all(docId, afterSeq, Number.MAX_SAFE_INTEGER, limit).map(toUpdate),
        skip,
      );
    },
    async endBoard(id, at) {
      stmt.endBoard.run(at, id);
      const row = stmt.getBoard.get(id);
      return row ? toBoard(row) : null;
    },
    async getLinkHashes(id) {
      const row = stmt.getBoard.get(id);
      if (!row) return null;
      return {
        candidate: bytesOrNull(row.candidate_token_hash),
        reviewer: bytesOrNull(row.review_token_hash),
      };
    },
    async replaceLinkHash(id, role, hash, at) {
      replaceLinkTx(id, role, hash, at);
    },
    async findRevokedLink(id, hash) {
      const row = stmt.findRevoked.get(Buffer.from(hash), id);
      return row ? (row.role as LinkRole) : null;
    },
    async createSession(hash, createdAt, expiresAt) {
      stmt.deleteExpiredSessions.run(createdAt);
      stmt.insertSession.run(Buffer.from(hash), createdAt, expiresAt);
    },
    async isSessionValid(hash, at) {
      const row = stmt.getSession.get(Buffer.from(hash));
      return !!row && row.expires_at > at;
    },
    async deleteSession(hash) {
      stmt.deleteSession.run(Buffer.from(hash));
    },
    async appendUpdates(updates) {
      if (updates.length === 0) return [];
      return appendTx(updates);
    },
    async loadDoc(docId): Promise<StoredDoc> {
      const snap = stmt.latestSnapshot.get(docId);
      const snapshot: StoredSnapshot | null = snap
        ? { seq: snap.seq, at: snap.at, bytes: toBytes(snap.bytes) }
        : null;
      const updates = stmt.updatesAfter.all(docId, snapshot?.seq ?? 0).map(toUpdate);
      return { snapshot, updates };
    },
    async writeSnapshot(docId, snapshot) {
      writeSnapshotTx(docId, snapshot);
    },
    async putAssessment(boardId, content, publishedAt) {
      return stmt.putAssessment.run(content, publishedAt, boardId).changes > 0;
    },
    async getAssessment(boardId) {
      const row = stmt.getAssessment.get(boardId);
      return row ? { content: row.content, publishedAt: row.published_at } : null;
    },
    async compactedThrough(docId) {
      return stmt.compactedThrough.get(docId)?.through_seq ?? 0;
    },
    async logHeads(docIds) {
      return docIds.map((id) => stmt.logHead.get(id)?.seq ?? 0);
    },
    async compactLog(docId, runs, through) {
      try {
        return compactTx(docId, runs, through);
      } catch (err) {
        if (err instanceof LogChangedError) return false; // the transaction rolled back
        throw err;
      }
    },
    async staleLogs(before, afterDocId, limit) {
      const rows = stmt.staleLogs.all({ after: afterDocId, before, limit });
      return {
        docIds: rows.filter((r) => r.stale).map((r) => r.doc_id),
        next: rows.length < limit ? null : rows.at(-1)!.doc_id,
      };
    },
    async putAsset(asset) {
      stmt.insertAsset.run(asset);
    },
    async getAsset(boardId, id): Promise<StoredAsset | null> {
      const row = stmt.getAsset.get(boardId, id);
      return row
        ? {
            boardId: row.board_id,
            id: row.id,
            contentType: row.content_type,
            bytes: toBytes(row.bytes),
            createdAt: row.created_at,
          }
        : null;
    },
    async listAssets(boardId) {
      const rows = stmt.listAssets.all(boardId);
      return {
        assets: rows.map((r) => ({ id: r.id, createdAt: r.created_at, size: r.size })),
        bytes: rows.reduce((n, r) => n + r.size, 0),
      };
    },
    async deleteAssets(boardId, ids) {
      db.transaction(() => {
        for (const id of ids) stmt.deleteAsset.run(boardId, id);
      })();
    },
    async listQuestions() {
      return stmt.listQuestions.all().map(toQuestion);
    },
    async getQuestion(id) {
      const row = stmt.getQuestion.get(id);
      return row ? toQuestion(row) : null;
    },
    async putQuestions(questions) {
      putQuestionsTx(questions);
    },
    async close() {
      if (db.open) db.close();
    },
  };
}

/** The log no longer holds the entries a compaction was computed from. */
class LogChangedError extends Error {}

function migrate(db: Database.Database): void {
  const applied = db.pragma('user_version', { simple: true }) as number;
  for (let i = applied; i < MIGRATIONS.length; i++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[i]!);
      db.pragma(`user_version = ${i + 1}`);
    })();
  }
}
