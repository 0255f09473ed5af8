/**
 * PostgreSQL schema migrations, run in order at start-up. `schema_migrations` records which
 * versions are applied. Append new ones; never edit a released one.
 */
import type pg from 'pg';

/** The migrations; version N is `POSTGRES_MIGRATIONS[N - 1]`. */
export const POSTGRES_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE boards (
    -- "C" collation: ids sort byte by byte, as in SQLite.
    id                    text COLLATE "C" PRIMARY KEY,
    title                 text NOT NULL,
    prompt                text NOT NULL DEFAULT '',
    status                text NOT NULL DEFAULT 'live' CHECK (status IN ('live', 'ended')),
    created_at            bigint NOT NULL,
    updated_at            bigint NOT NULL,
    ended_at              bigint,
    candidate_name        text,
    candidate_token_hash  bytea,
    review_token_hash     bytea
  );
  CREATE INDEX boards_by_created_at ON boards (created_at DESC, id);

  -- The last sequence number and server time handed out per document (see appendUpdates).
  CREATE TABLE doc_heads (
    doc_id    text PRIMARY KEY,
    last_seq  bigint NOT NULL,
    last_at   bigint NOT NULL
  );
  CREATE TABLE updates (
    doc_id      text NOT NULL,
    seq         bigint NOT NULL,
    at          bigint NOT NULL,
    bytes       bytea NOT NULL,
    actor_role  text CHECK (actor_role IN ('interviewer', 'candidate', 'reviewer', 'server')),
    actor_name  text,
    PRIMARY KEY (doc_id, seq)
  );
  CREATE TABLE snapshots (
    doc_id  text NOT NULL,
    seq     bigint NOT NULL,
    at      bigint NOT NULL,
    bytes   bytea NOT NULL,
    PRIMARY KEY (doc_id, seq)
  );
  CREATE TABLE compaction (
    doc_id       text PRIMARY KEY,
    through_seq  bigint NOT NULL
  );
  CREATE TABLE assets (
    board_id      text NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
    id            text NOT NULL,
    content_type  text NOT NULL,
    bytes         bytea NOT NULL,
    created_at    bigint NOT NULL,
    PRIMARY KEY (board_id, id)
  );
  CREATE TABLE revoked_tokens (
    token_hash  bytea PRIMARY KEY,
    board_id    text NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
    role        text NOT NULL CHECK (role IN ('candidate', 'reviewer')),
    revoked_at  bigint NOT NULL
  );
  CREATE INDEX revoked_tokens_by_board ON revoked_tokens (board_id);
  CREATE TABLE sessions (
    token_hash  bytea PRIMARY KEY,
    created_at  bigint NOT NULL,
    expires_at  bigint NOT NULL
  );
  CREATE INDEX sessions_by_expiry ON sessions (expires_at);
  `,
  `
  CREATE TABLE questions (
    id          text PRIMARY KEY,
    content     jsonb NOT NULL,
    archived    boolean NOT NULL DEFAULT false,
    created_at  bigint NOT NULL,
    updated_at  bigint NOT NULL
  );
  ALTER TABLE boards ADD COLUMN question_id text;
  ALTER TABLE boards ADD COLUMN question_title text;
  `,
  // Version 3 does nothing: it was reserved for the multi-instance work, which needed no schema
  // change. Databases already record it as applied, so it stays.
  `SELECT 1;`,
  // The step in effect when each update was stored (null: unknown, as for every older entry),
  // and the interviewer's published assessment of a board.
  `
  ALTER TABLE updates ADD COLUMN step smallint CHECK (step BETWEEN 0 AND 3);
  CREATE TABLE assessments (
    board_id      text COLLATE "C" PRIMARY KEY REFERENCES boards (id) ON DELETE CASCADE,
    content       text NOT NULL,
    published_at  bigint NOT NULL
  );
  `,
];

/**
 * Key of the advisory lock held while migrating ("BRMIGRAT" in ASCII): instances starting at
 * the same moment take turns, and the later ones find the migrations applied.
 */
const MIGRATION_LOCK = '4778967131718041940';

/** Applies the pending migrations in one transaction; returns how many were applied. */
export async function migratePostgres(pool: pg.Pool, now: () => number = Date.now): Promise<number> {
  const client = await pool.connect();
  let failed = false;
  try {
    await client.query('BEGIN');
    // Transaction-scoped: released at COMMIT or ROLLBACK, and with the connection if this
    // process dies mid-way (then the transaction rolls back too: all or nothing).
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at bigint NOT NULL)',
    );
    const { rows } = await client.query<{ v: number }>(
      'SELECT COALESCE(MAX(version), 0)::integer AS v FROM schema_migrations',
    );
    // A newer schema than this code knows (a rolling deploy's newer instance ran first) is fine:
    // migrations only add, so older code keeps working on it.
    const applied = rows[0]!.v;
    for (let v = applied + 1; v <= POSTGRES_MIGRATIONS.length; v++) {
      await client.query(POSTGRES_MIGRATIONS[v - 1]!);
      await client.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [v, now()]);
    }
    await client.query('COMMIT');
    return Math.max(0, POSTGRES_MIGRATIONS.length - applied);
  } catch (err) {
    failed = true;
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release(failed);
  }
}
