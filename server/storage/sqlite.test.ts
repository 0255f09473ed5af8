/**
 * What only the SQLite store promises (the file, WAL, bytes gone from disk, upgrades of older
 * files). The behaviour both stores share is in conformance.test.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import Database from 'better-sqlite3';
import { openSqliteStore } from './sqlite';
import { MIGRATIONS } from './migrations';
import { notesDocId } from '../../lib/protocol';
import { tempDir } from '../testing/harness';

const BOARD = 'b0000000000000000000aa';
const OTHER = 'c0000000000000000000aa';
const NO_LINKS = { candidate: null, reviewer: null };

function text(value: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, value);
  return Y.encodeStateAsUpdate(doc);
}

/** Every byte the database keeps on disk: the file and its write-ahead log. */
function bytesOnDisk(file: string): Buffer {
  return Buffer.concat([file, `${file}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f)));
}

describe('SQLite BoardStore', () => {
  it('creates its directory and writes ahead (WAL)', async () => {
    const file = path.join(tempDir(), 'nested', 'db.sqlite');
    const store = openSqliteStore(file);
    await store.createBoard({ id: BOARD, title: 'A', prompt: '', createdAt: 1 }, text('seed'), NO_LINKS);
    await store.close();
    const raw = new Database(file, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
  });

  it("overwrites a deleted board's bytes in the file, not only its rows", async () => {
    const file = path.join(tempDir(), 'db.sqlite');
    const store = openSqliteStore(file);
    const secret = 'TOP-SECRET-CANDIDATE-ANSWER';
    for (const id of [BOARD, OTHER]) {
      await store.createBoard(
        { id, title: `${secret}-${id}`, prompt: '', createdAt: 1 },
        text('seed'),
        NO_LINKS,
      );
      await store.appendUpdates([
        { docId: id, bytes: text(`${secret}-${id}-board`) },
        { docId: notesDocId(id), bytes: text(`${secret}-${id}-notes`) },
      ]);
      await store.writeSnapshot(id, { seq: 1, at: 1, bytes: text(`${secret}-${id}-snapshot`) });
      await store.putAsset({
        boardId: id,
        id: 'x'.repeat(22),
        contentType: 'image/png',
        bytes: Buffer.from(`${secret}-${id}-asset`),
        createdAt: 1,
      });
    }
    expect(bytesOnDisk(file).includes(`${secret}-${BOARD}`)).toBe(true);
    await store.deleteBoard(BOARD);
    const disk = bytesOnDisk(file);
    expect(disk.includes(`${secret}-${BOARD}`)).toBe(false);
    expect(disk.includes(`${secret}-${OTHER}-notes`)).toBe(true);
    await store.close();
  });

  it('upgrades a file from before actors were recorded', async () => {
    const file = path.join(tempDir(), 'db.sqlite');
    const old = new Database(file);
    for (const [i, sql] of MIGRATIONS.slice(0, 4).entries()) {
      old.exec(sql);
      old.pragma(`user_version = ${i + 1}`);
    }
    old.prepare('INSERT INTO updates (doc_id, at, bytes) VALUES (?, ?, ?)').run(BOARD, 5, text('old'));
    old.close();

    const store = openSqliteStore(file);
    await store.appendUpdates([
      { docId: BOARD, bytes: text('new'), actor: { role: 'server', name: 'boardroom' } },
    ]);
    expect((await store.readLog(BOARD)).map((e) => [e.at >= 5, e.actor])).toEqual([
      [true, null],
      [true, { role: 'server', name: 'boardroom' }],
    ]);
    await store.close();
    const raw = new Database(file, { readonly: true });
    expect(raw.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    raw.close();
  });

  it('upgrades a file from before the question library: old boards have no question', async () => {
    const file = path.join(tempDir(), 'db.sqlite');
    // A database as an earlier release left it: the first four migrations.
    const old = new Database(file);
    for (const [i, sql] of MIGRATIONS.slice(0, 4).entries()) {
      old.exec(sql);
      old.pragma(`user_version = ${i + 1}`);
    }
    old
      .prepare(
        "INSERT INTO boards (id, title, prompt, status, created_at, updated_at) VALUES (?, 'Old', '', 'live', 1, 1)",
      )
      .run(BOARD);
    old.close();
    const store = openSqliteStore(file);
    expect(await store.getBoard(BOARD)).toMatchObject({
      title: 'Old',
      questionId: null,
      questionTitle: null,
    });
    await store.close();
  });
});
