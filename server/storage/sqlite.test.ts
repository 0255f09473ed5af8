import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import Database from 'better-sqlite3';
import { openSqliteStore } from './sqlite';
import { tempDir } from '../testing/harness';
import { UpdateWriter } from './UpdateWriter';
import { MIGRATIONS } from './migrations';
import { QuestionContent } from '../../lib/questions/schema';

const BOARD = 'b0000000000000000000aa';
const NO_LINKS = { candidate: null, reviewer: null };

function update(key: string, value: number): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap('m').set(key, value);
  return Y.encodeStateAsUpdate(doc);
}

describe('SQLite BoardStore', () => {
  it('round-trips boards, updates, snapshots and assets through a file', async () => {
    const file = path.join(tempDir(), 'nested', 'db.sqlite');
    let clock = 1_000;
    const store = openSqliteStore(file, () => clock);
    const board = await store.createBoard(
      { id: BOARD, title: 'Chat', prompt: 'Design it', createdAt: 500 },
      update('seed', 0),
      NO_LINKS,
    );
    expect(board).toMatchObject({ id: BOARD, status: 'live', updatedAt: 500 });

    clock = 2_000;
    const [first, second] = await store.appendUpdates([
      { docId: BOARD, bytes: update('a', 1) },
      { docId: BOARD, bytes: update('b', 2) },
    ]);
    expect(second!.seq).toBeGreaterThan(first!.seq);
    clock = 1_500; // the clock went backwards: the log's timestamps must not
    const [third] = await store.appendUpdates([{ docId: BOARD, bytes: update('c', 3) }]);
    expect(third!.at).toBe(2_000);

    const bytes = new Uint8Array([137, 80, 78, 71]);
    await store.putAsset({
      boardId: BOARD,
      id: 'x'.repeat(22),
      contentType: 'image/png',
      bytes,
      createdAt: 1,
    });
    await store.close();

    const reopened = openSqliteStore(file);
    expect(await reopened.getBoard(BOARD)).toMatchObject({
      title: 'Chat',
      prompt: 'Design it',
      updatedAt: 2_000,
    });
    expect(await reopened.getBoard('nope')).toBeNull();
    const loaded = await reopened.loadDoc(BOARD);
    expect(loaded.snapshot).toBeNull();
    expect(loaded.updates).toHaveLength(4);
    const doc = new Y.Doc();
    for (const u of loaded.updates) Y.applyUpdate(doc, u.bytes);
    expect(doc.getMap('m').toJSON()).toEqual({ seed: 0, a: 1, b: 2, c: 3 });

    await reopened.writeSnapshot(BOARD, { seq: second!.seq, at: 2_000, bytes: Y.encodeStateAsUpdate(doc) });
    const afterSnapshot = await reopened.loadDoc(BOARD);
    expect(afterSnapshot.snapshot?.seq).toBe(second!.seq);
    expect(afterSnapshot.updates.map((u) => u.seq)).toEqual([third!.seq]);
    expect((await reopened.getAsset(BOARD, 'x'.repeat(22)))?.bytes).toEqual(bytes);

    // Only the newest snapshot is kept.
    await reopened.writeSnapshot(BOARD, { seq: third!.seq, at: 2_000, bytes: Y.encodeStateAsUpdate(doc) });
    await reopened.close();
    const raw = new Database(file, { readonly: true });
    expect(raw.prepare('SELECT seq FROM snapshots').all()).toEqual([{ seq: third!.seq }]);
    raw.close();
  });

  it('refuses a second board with the same id', async () => {
    const store = openSqliteStore(':memory:');
    await store.createBoard({ id: BOARD, title: 'A', prompt: '', createdAt: 1 }, update('s', 0), NO_LINKS);
    await expect(
      store.createBoard({ id: BOARD, title: 'B', prompt: '', createdAt: 2 }, update('s', 0), NO_LINKS),
    ).rejects.toThrow();
    await store.close();
  });

  it('batches appends made in one tick into one write, in order', async () => {
    const store = openSqliteStore(':memory:');
    await store.createBoard({ id: BOARD, title: 'A', prompt: '', createdAt: 1 }, update('s', 0), NO_LINKS);
    let calls = 0;
    const counting = {
      ...store,
      appendUpdates: (u: Parameters<typeof store.appendUpdates>[0]) => (calls++, store.appendUpdates(u)),
    };
    const writer = new UpdateWriter(counting);
    const results = await Promise.all([1, 2, 3].map((i) => writer.append(BOARD, update(`k${i}`, i))));
    expect(calls).toBe(1);
    expect(results.map((r) => r.seq)).toEqual([...results.map((r) => r.seq)].sort((a, b) => a - b));
    await writer.drain();
    await store.close();
  });

  it('stores workspace questions and the question a board came from, and upgrades an older file', async () => {
    const file = path.join(tempDir(), 'db.sqlite');
    // A database as the previous release left it: every migration but the questions one.
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
    const other = 'c0000000000000000000aa';
    const created = await store.createBoard(
      {
        id: other,
        title: 'Chat',
        prompt: '',
        createdAt: 2,
        questionId: 'chat',
        questionTitle: 'Design a chat',
      },
      update('seed', 0),
      NO_LINKS,
    );
    expect(created).toMatchObject({ questionId: 'chat', questionTitle: 'Design a chat' });
    expect(await store.getBoard(other)).toMatchObject({ questionId: 'chat', questionTitle: 'Design a chat' });

    const content = QuestionContent.parse({ title: 'Design a pager', scopeHints: ['Who gets paged?'] });
    await store.putQuestions([
      { id: 'q1', content, archived: false, createdAt: 10, updatedAt: 10 },
      { id: 'q2', content: { ...content, title: 'Second' }, archived: true, createdAt: 11, updatedAt: 11 },
    ]);
    await store.putQuestions([
      { id: 'q1', content: { ...content, title: 'Renamed' }, archived: false, createdAt: 10, updatedAt: 12 },
    ]);
    expect((await store.listQuestions()).map((q) => [q.id, q.content.title, q.archived])).toEqual([
      ['q1', 'Renamed', false],
      ['q2', 'Second', true],
    ]);
    expect(await store.getQuestion('q1')).toMatchObject({
      updatedAt: 12,
      content: { scopeHints: ['Who gets paged?'] },
    });
    expect(await store.getQuestion('nope')).toBeNull();
    await store.close();
  });
});
