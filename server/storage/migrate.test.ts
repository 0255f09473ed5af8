/**
 * Moving a SQLite workspace to PostgreSQL: everything arrives, logs are renumbered per document
 * with their times, and replaying each document gives the same board.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { QuestionContent } from '../../lib/questions/schema';
import * as Y from 'yjs';
import type { BoardStore, StoredUpdate } from './BoardStore';
import { openSqliteStore } from './sqlite';
import { openPostgresStore } from './postgres';
import { copySqliteToPostgres } from './migrate';
import { LogCompactor } from '../compaction';
import { boardJson, createBoardDoc, tldrawRecords } from '../../lib/board/schema';
import { setStep } from '../../lib/board/framework';
import { setNote } from '../../lib/board/notes';
import { notesDocId } from '../../lib/protocol';
import { onCleanup, tempDir } from '../testing/harness';
import { requireServices, startPostgres } from '../testing/services';

const A = 'a0000000000000000000aa';
const B = 'b0000000000000000000bb';
const GONE = 'z0000000000000000000zz';
const DOCS = [A, notesDocId(A), B, notesDocId(B)];
const ada = { id: 'u1', name: 'Ada' };
const hash = (byte: number) => new Uint8Array(32).fill(byte);

/**
 * A workspace with two boards whose logs interleave (so SQLite's one counter leaves gaps in each),
 * notes documents, a compacted log, a snapshot, an asset, sessions, a revoked link, and the
 * leftovers of a deleted board.
 */
async function workspace(file: string): Promise<BoardStore> {
  let clock = 1_700_000_000_000;
  const store = openSqliteStore(file, () => clock);
  const docs = new Map(DOCS.map((id) => [id, createBoardDoc()]));
  const pending: Array<{ docId: string; bytes: Uint8Array; actor: StoredUpdate['actor'] }> = [];
  for (const [docId, doc] of docs) {
    doc.on('update', (bytes: Uint8Array) =>
      pending.push({
        docId,
        bytes,
        actor: { role: docId.endsWith(':notes') ? 'interviewer' : 'candidate', name: 'Ada' },
      }),
    );
  }
  await store.createBoard(
    {
      id: A,
      title: 'Chat',
      prompt: 'Design chat',
      createdAt: clock,
      questionId: 'chat',
      questionTitle: 'Chat',
    },
    Y.encodeStateAsUpdate(docs.get(A)!),
    {
      candidate: hash(1),
      reviewer: hash(2),
    },
  );
  await store.createBoard(
    { id: B, title: 'Cache', prompt: '', createdAt: clock + 1 },
    Y.encodeStateAsUpdate(docs.get(B)!),
    {
      candidate: hash(3),
      reviewer: null,
    },
  );
  for (let i = 0; i < 40; i++) {
    clock += i % 10 === 0 ? 3_000 : 50; // bursts a second apart: compaction merges within them
    for (const id of [A, B]) {
      tldrawRecords(docs.get(id)!).set(`shape:${i % 4}`, {
        id: `shape:${i % 4}`,
        typeName: 'shape',
        x: i,
      } as never);
      if (i === 20) setStep(docs.get(id)!, 1, ada, clock);
      if (i % 8 === 0) setNote(docs.get(notesDocId(id))!, 'overall', `note ${i}`);
    }
    await store.appendUpdates(pending.splice(0));
  }
  await store.appendUpdates([{ docId: GONE, bytes: Y.encodeStateAsUpdate(createBoardDoc()) }]);
  expect(await new LogCompactor(store, { windowMs: 1_000 }).compact(A)).not.toBeNull();
  const logB = await store.readLog(B);
  const atSnapshot = createBoardDoc();
  for (const e of logB.slice(0, 25)) Y.applyUpdate(atSnapshot, e.bytes);
  await store.writeSnapshot(B, {
    seq: logB[24]!.seq,
    at: logB[24]!.at,
    bytes: Y.encodeStateAsUpdate(atSnapshot),
  });
  await store.putAsset({
    boardId: A,
    id: 'p'.repeat(22),
    contentType: 'image/png',
    bytes: new Uint8Array([137, 80, 78, 71]),
    createdAt: 5,
  });
  await store.replaceLinkHash(B, 'candidate', hash(4), 6);
  await store.setCandidateName(A, 'Grace');
  await store.endBoard(B, clock);
  await store.createSession(hash(7), 10, 1_800_000_000_000);
  await store.createSession(hash(8), 10, 1_800_000_000_001);
  await store.putQuestions([
    {
      id: 'own',
      content: QuestionContent.parse({ title: 'Design a pager', scopeHints: ['Who gets paged?'] }),
      archived: true,
      createdAt: 3,
      updatedAt: 4,
    },
  ]);
  return store;
}

function replay(log: readonly StoredUpdate[]): Y.Doc {
  const doc = createBoardDoc();
  for (const e of log) Y.applyUpdate(doc, e.bytes);
  return doc;
}

describe('migrate-to-postgres', () => {
  if (!requireServices('postgres')) return;

  it('copies every board, log, snapshot, asset and session; replay gives the same documents', async () => {
    const file = path.join(tempDir(), 'boardroom.sqlite');
    const sqlite = await workspace(file);
    onCleanup(() => sqlite.close());
    const db = await startPostgres();

    const counts = await copySqliteToPostgres(file, db.url);
    const pgStore = await openPostgresStore(db.url);
    onCleanup(() => pgStore.close());
    expect(counts).toMatchObject({
      boards: 2,
      documents: 4,
      snapshots: 1,
      assets: 1,
      sessions: 2,
      revokedLinks: 1,
      questions: 1,
      orphanUpdates: 1,
    });
    expect(await pgStore.listQuestions()).toEqual(await sqlite.listQuestions());

    expect(await pgStore.listBoards()).toEqual(await sqlite.listBoards());
    for (const id of [A, B]) expect(await pgStore.getLinkHashes(id)).toEqual(await sqlite.getLinkHashes(id));
    expect(await pgStore.findRevokedLink(B, hash(3))).toBe('candidate');
    expect(await pgStore.isSessionValid(hash(7), 1_700_000_000_000)).toBe(true);
    expect(await pgStore.isSessionValid(hash(8), 1_700_000_000_000)).toBe(true);
    expect(await pgStore.getAsset(A, 'p'.repeat(22))).toEqual(await sqlite.getAsset(A, 'p'.repeat(22)));
    expect(await pgStore.readLog(GONE)).toEqual([]);

    let updates = 0;
    for (const docId of DOCS) {
      const before = await sqlite.readLog(docId);
      const after = await pgStore.readLog(docId);
      updates += after.length;
      // Same entries, times and actors in the same order, numbered 1, 2, 3, ...
      expect(after.map((e) => e.seq)).toEqual(before.map((_, i) => i + 1));
      expect(after.map(({ at, bytes, actor }) => ({ at, bytes, actor }))).toEqual(
        before.map(({ at, bytes, actor }) => ({ at, bytes, actor })),
      );
      const [x, y] = [replay(before), replay(after)];
      expect(boardJson(y)).toEqual(boardJson(x));
      expect(Y.encodeStateAsUpdate(y)).toEqual(Y.encodeStateAsUpdate(x));
      // Positions into the log point at the same entries: the compaction cursor and the snapshot.
      const position = (log: StoredUpdate[], seq: number) => log.filter((e) => e.seq <= seq).length;
      expect(await pgStore.compactedThrough(docId)).toBe(
        position(before, await sqlite.compactedThrough(docId)),
      );
      const [loadedBefore, loadedAfter] = [await sqlite.loadDoc(docId), await pgStore.loadDoc(docId)];
      expect(loadedAfter.snapshot?.bytes).toEqual(loadedBefore.snapshot?.bytes);
      expect(loadedAfter.updates.map((e) => e.bytes)).toEqual(loadedBefore.updates.map((e) => e.bytes));
    }
    expect(counts.updates).toBe(updates);
    expect(await pgStore.compactedThrough(A)).toBeGreaterThan(0);
    expect((await pgStore.loadDoc(B)).snapshot?.seq).toBe(25);
    // Appending continues after the copied entries.
    const lastOfA = (await pgStore.readLog(A)).at(-1)!;
    expect((await pgStore.appendUpdates([{ docId: A, bytes: lastOfA.bytes }]))[0]).toEqual({
      seq: lastOfA.seq + 1,
      at: expect.any(Number),
    });

    // A second run finds the database in use and copies nothing.
    await expect(copySqliteToPostgres(file, db.url)).rejects.toThrow(/not empty/);
    expect(await pgStore.readLog(A)).toHaveLength(lastOfA.seq + 1);
  });

  it('runs as `npm run migrate-to-postgres` from the build', async () => {
    expect(fs.existsSync('dist/migrate.mjs'), 'run `npm run build` first').toBe(true);
    const file = path.join(tempDir(), 'boardroom.sqlite');
    await (await workspace(file)).close();
    const db = await startPostgres();
    const child = spawn(process.execPath, ['scripts/migrate-to-postgres.mjs', file], {
      env: { ...process.env, DATABASE_URL: db.url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(output).toMatch(/boards\s+2/);
    expect(code).toBe(0);
    expect(output).not.toContain(db.url);
  });
});
