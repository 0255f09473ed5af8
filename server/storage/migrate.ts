/**
 * Moves a SQLite workspace into PostgreSQL (`npm run migrate-to-postgres`): boards, link hashes,
 * revoked links, sessions, every document's update log with its server times, snapshots,
 * compaction state and assets. SQLite numbers the log with one counter for all documents;
 * PostgreSQL numbers each document 1, 2, 3, ..., so entries are renumbered in log order and the
 * positions that point into the log (snapshots, compaction cursors) are mapped with them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { openSqliteStore } from './sqlite';
import { openPostgresStore } from './postgres';
import { parseDocId } from '../../lib/protocol';

/** How many rows of each kind were copied. */
export interface CopyCounts {
  boards: number;
  documents: number;
  updates: number;
  snapshots: number;
  assets: number;
  sessions: number;
  revokedLinks: number;
  questions: number;
  /** Log entries of documents whose board no longer exists (left behind, not copied). */
  orphanUpdates: number;
}

/** Rows per INSERT (PostgreSQL takes at most 65,535 parameters per statement). */
const ROWS_PER_INSERT = 500;

// Every table the PostgreSQL store has; all must be empty before a copy.
const TABLES = [
  'boards',
  'doc_heads',
  'updates',
  'snapshots',
  'compaction',
  'assets',
  'revoked_tokens',
  'sessions',
  'questions',
  'assessments',
];

/**
 * Copies the SQLite database `sqliteFile` into the (empty) PostgreSQL database at
 * `connectionString`, all in one transaction. Safe while a server still runs on the file (it
 * copies an online backup), though anything written after the copy began is not moved.
 */
export async function copySqliteToPostgres(
  sqliteFile: string,
  connectionString: string,
): Promise<CopyCounts> {
  if (!fs.existsSync(sqliteFile)) throw new Error(`no SQLite database at ${sqliteFile}`);
  // Read a consistent copy, brought to the current schema, and leave the original as it was.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'boardroom-migrate-'));
  try {
    const copy = path.join(dir, 'copy.sqlite');
    const source = new Database(sqliteFile, { readonly: true, fileMustExist: true });
    try {
      await source.backup(copy);
    } finally {
      source.close();
    }
    await openSqliteStore(copy).close(); // applies SQLite migrations the file may lack
    // Creates the schema (the store migrates at start-up), then the copy goes through one connection.
    await (await openPostgresStore(connectionString)).close();
    const db = new Database(copy, { readonly: true });
    const client = new pg.Client({ connectionString });
    await client.connect();
    try {
      await client.query('BEGIN');
      const counts = await copyAll(db, client);
      await client.query('COMMIT');
      return counts;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      await client.end();
      db.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function copyAll(db: Database.Database, client: pg.Client): Promise<CopyCounts> {
  // Nobody else writes while we check that the database is empty and fill it.
  await client.query(`LOCK TABLE ${TABLES.join(', ')} IN EXCLUSIVE MODE`);
  for (const table of TABLES) {
    if ((await client.query(`SELECT 1 FROM ${table} LIMIT 1`)).rowCount) {
      throw new Error(`the PostgreSQL database is not empty (${table} has rows): migrate into an empty one`);
    }
  }
  const insert: Insert = (table, columns, rows) => insertRows(client, table, columns, rows);

  const boards = db.prepare('SELECT * FROM boards').all() as Array<Record<string, unknown>>;
  const boardColumns = [
    'id',
    'title',
    'prompt',
    'status',
    'created_at',
    'updated_at',
    'ended_at',
    'candidate_name',
    'candidate_token_hash',
    'review_token_hash',
    'question_id',
    'question_title',
  ];
  const boardRows = boards.map((b) => boardColumns.map((c) => b[c]));
  await insert('boards', boardColumns, boardRows);
  const revoked = db
    .prepare<[], unknown[]>('SELECT token_hash, board_id, role, revoked_at FROM revoked_tokens')
    .raw()
    .all();
  await insert('revoked_tokens', ['token_hash', 'board_id', 'role', 'revoked_at'], revoked);
  const sessions = db
    .prepare<[], unknown[]>('SELECT token_hash, created_at, expires_at FROM sessions')
    .raw()
    .all();
  await insert('sessions', ['token_hash', 'created_at', 'expires_at'], sessions);
  const questions = db
    .prepare<[], { id: string; content: string; archived: number; created_at: number; updated_at: number }>(
      'SELECT id, content, archived, created_at, updated_at FROM questions',
    )
    .all()
    .map((q) => [q.id, q.content, q.archived !== 0, q.created_at, q.updated_at]);
  await insert('questions', ['id', 'content', 'archived', 'created_at', 'updated_at'], questions);
  const assessments = db
    .prepare<[], unknown[]>('SELECT board_id, content, published_at FROM assessments')
    .raw()
    .all();
  await insert('assessments', ['board_id', 'content', 'published_at'], assessments);
  let assets = 0;
  // One at a time: assets can be megabytes each.
  for (const row of db
    .prepare('SELECT board_id, id, content_type, bytes, created_at FROM assets')
    .raw()
    .iterate()) {
    await insert('assets', ['board_id', 'id', 'content_type', 'bytes', 'created_at'], [row as unknown[]]);
    assets++;
  }

  const known = new Set(boards.map((b) => b.id as string));
  const docIds = (
    db
      .prepare(
        'SELECT doc_id FROM updates UNION SELECT doc_id FROM snapshots UNION SELECT doc_id FROM compaction',
      )
      .pluck()
      .all() as string[]
  ).sort();
  const counts: CopyCounts = {
    boards: boards.length,
    documents: 0,
    updates: 0,
    snapshots: 0,
    assets,
    sessions: sessions.length,
    revokedLinks: revoked.length,
    questions: questions.length,
    orphanUpdates: 0,
  };
  for (const docId of docIds) {
    const boardId = parseDocId(docId)?.boardId;
    if (boardId && known.has(boardId)) {
      counts.documents++;
      const copied = await copyDocument(db, insert, docId);
      counts.updates += copied.updates;
      counts.snapshots += copied.snapshots;
    } else {
      counts.orphanUpdates += db
        .prepare('SELECT COUNT(*) FROM updates WHERE doc_id = ?')
        .pluck()
        .get(docId) as number;
    }
  }
  return counts;
}

type Insert = (table: string, columns: string[], rows: unknown[][]) => Promise<void>;

interface UpdateRow {
  seq: number;
  at: number;
  bytes: Buffer;
  actor_role: string | null;
  actor_name: string | null;
  step: number | null;
}

/** Copies one document's log (renumbered 1, 2, 3, ...), head, newest snapshot and compaction cursor. */
async function copyDocument(
  db: Database.Database,
  insert: Insert,
  docId: string,
): Promise<{ updates: number; snapshots: number }> {
  const columns = ['doc_id', 'seq', 'at', 'bytes', 'actor_role', 'actor_name', 'step'];
  // Old positions in log order: the new position of old seq S is how many entries are at or before S.
  const oldSeqs: number[] = [];
  let batch: unknown[][] = [];
  let lastAt = 0;
  const entries = db
    .prepare<[string], UpdateRow>(
      'SELECT seq, at, bytes, actor_role, actor_name, step FROM updates WHERE doc_id = ? ORDER BY seq',
    )
    .iterate(docId);
  for (const row of entries) {
    oldSeqs.push(row.seq);
    lastAt = row.at;
    batch.push([docId, oldSeqs.length, row.at, row.bytes, row.actor_role, row.actor_name, row.step]);
    if (batch.length === ROWS_PER_INSERT) {
      await insert('updates', columns, batch);
      batch = [];
    }
  }
  await insert('updates', columns, batch);
  if (oldSeqs.length > 0) {
    await insert('doc_heads', ['doc_id', 'last_seq', 'last_at'], [[docId, oldSeqs.length, lastAt]]);
  }
  const renumber = (old: number) => countAtOrBefore(oldSeqs, old);
  // Only the newest snapshot is ever read (files from before pruning may hold older ones too).
  const snapshots = db
    .prepare<[string], { seq: number; at: number; bytes: Buffer }>(
      'SELECT seq, at, bytes FROM snapshots WHERE doc_id = ? ORDER BY seq DESC LIMIT 1',
    )
    .all(docId);
  const snapshotRows = snapshots.map((s) => [docId, renumber(s.seq), s.at, s.bytes]);
  await insert('snapshots', ['doc_id', 'seq', 'at', 'bytes'], snapshotRows);
  const through = db.prepare('SELECT through_seq FROM compaction WHERE doc_id = ?').pluck().get(docId) as
    number | undefined;
  if (through !== undefined)
    await insert('compaction', ['doc_id', 'through_seq'], [[docId, renumber(through)]]);
  return { updates: oldSeqs.length, snapshots: snapshots.length };
}

/** How many of the ascending `seqs` are <= `seq`. */
function countAtOrBefore(seqs: readonly number[], seq: number): number {
  let lo = 0;
  let hi = seqs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (seqs[mid]! <= seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

async function insertRows(
  client: pg.Client,
  table: string,
  columns: string[],
  rows: unknown[][],
): Promise<void> {
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    const values: unknown[] = [];
    const tuples = rows.slice(start, start + ROWS_PER_INSERT).map((row) => {
      const first = values.length;
      values.push(...row);
      return `(${row.map((_, i) => `$${first + i + 1}`).join(', ')})`;
    });
    await client.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`, values);
  }
}
