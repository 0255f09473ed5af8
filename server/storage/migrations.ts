/**
 * SQLite schema migrations, run in order at start-up. `PRAGMA user_version` records how
 * many have been applied. Append new ones; never edit a released one.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE boards (
    id          TEXT PRIMARY KEY,
    title       TEXT NOT NULL,
    prompt      TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL DEFAULT 'live' CHECK (status IN ('live', 'ended')),
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
  );
  CREATE TABLE updates (
    seq     INTEGER PRIMARY KEY AUTOINCREMENT,
    doc_id  TEXT NOT NULL,
    at      INTEGER NOT NULL,
    bytes   BLOB NOT NULL
  );
  CREATE INDEX updates_by_doc ON updates (doc_id, seq);
  CREATE TABLE snapshots (
    doc_id  TEXT NOT NULL,
    seq     INTEGER NOT NULL,
    at      INTEGER NOT NULL,
    bytes   BLOB NOT NULL,
    PRIMARY KEY (doc_id, seq)
  );
  CREATE TABLE assets (
    board_id      TEXT NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
    id            TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    bytes         BLOB NOT NULL,
    created_at    INTEGER NOT NULL,
    PRIMARY KEY (board_id, id)
  );
  `,
  `
  ALTER TABLE boards ADD COLUMN candidate_token_hash BLOB;
  ALTER TABLE boards ADD COLUMN review_token_hash BLOB;
  ALTER TABLE boards ADD COLUMN ended_at INTEGER;
  CREATE TABLE revoked_tokens (
    token_hash  BLOB PRIMARY KEY,
    board_id    TEXT NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
    role        TEXT NOT NULL,
    revoked_at  INTEGER NOT NULL
  );
  CREATE TABLE sessions (
    token_hash  BLOB PRIMARY KEY,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL
  );
  `,
  `
  ALTER TABLE boards ADD COLUMN candidate_name TEXT;
  `,
  `
  CREATE TABLE compaction (
    doc_id       TEXT PRIMARY KEY,
    through_seq  INTEGER NOT NULL
  );
  `,
  // Who sent each update (both null: unknown, as for every entry written before this).
  `
  ALTER TABLE updates ADD COLUMN actor_role TEXT
    CHECK (actor_role IN ('interviewer', 'candidate', 'reviewer', 'server'));
  ALTER TABLE updates ADD COLUMN actor_name TEXT;
  `,
  `
  CREATE TABLE questions (
    id          TEXT PRIMARY KEY,
    content     TEXT NOT NULL,
    archived    INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
  );
  ALTER TABLE boards ADD COLUMN question_id TEXT;
  ALTER TABLE boards ADD COLUMN question_title TEXT;
  `,
  // The step in effect when each update was stored (null: unknown, as for every older entry),
  // and the interviewer's published assessment of a board.
  `
  ALTER TABLE updates ADD COLUMN step INTEGER CHECK (step BETWEEN 0 AND 3);
  CREATE TABLE assessments (
    board_id      TEXT PRIMARY KEY REFERENCES boards (id) ON DELETE CASCADE,
    content       TEXT NOT NULL,
    published_at  INTEGER NOT NULL
  );
  `,
];
