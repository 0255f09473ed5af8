/**
 * What only the PostgreSQL store promises: several instances (each its own pool) sharing one
 * database. The behaviour both stores share is in conformance.test.ts.
 */
import { describe, expect, it } from 'vitest';
import pg from 'pg';
import * as Y from 'yjs';
import type { BoardStore } from './BoardStore';
import { openPostgresStore } from './postgres';
import { POSTGRES_MIGRATIONS } from './postgresSchema';
import { notesDocId } from '../../lib/protocol';
import { onCleanup } from '../testing/harness';
import { requireServices, startPostgres } from '../testing/services';
import { setQuietLogs } from '../log';

const A = 'a0000000000000000000aa';
const B = 'b0000000000000000000bb';
const NO_LINKS = { candidate: null, reviewer: null };

function update(n: number): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap('m').set('n', n);
  return Y.encodeStateAsUpdate(doc);
}

async function instance(url: string, now?: () => number): Promise<BoardStore> {
  const store = await openPostgresStore(url, { now, maxConnections: 4 });
  onCleanup(() => store.close());
  return store;
}

async function sql<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

describe('PostgreSQL BoardStore', () => {
  if (!requireServices('postgres')) return;

  it('numbers each document densely, from 1', async () => {
    const db = await startPostgres();
    const store = await instance(db.url);
    await store.createBoard({ id: A, title: 'A', prompt: '', createdAt: 1 }, update(0), NO_LINKS);
    const results = await store.appendUpdates([
      { docId: notesDocId(A), bytes: update(1) },
      { docId: A, bytes: update(2) },
      { docId: notesDocId(A), bytes: update(3) },
    ]);
    expect(results.map((r) => r.seq)).toEqual([1, 2, 2]);
    expect((await store.readLog(A)).map((e) => e.seq)).toEqual([1, 2]);
    expect((await store.readLog(notesDocId(A))).map((e) => e.seq)).toEqual([1, 2]);
  });

  it('gives two instances appending to one document at once distinct, dense numbers', async () => {
    const db = await startPostgres();
    const [one, two] = [await instance(db.url), await instance(db.url)];
    await one.createBoard({ id: A, title: 'A', prompt: '', createdAt: 1 }, update(0), NO_LINKS);
    await one.createBoard({ id: B, title: 'B', prompt: '', createdAt: 1 }, update(0), NO_LINKS);
    // Batches over both boards in opposite orders, so a lock-order mistake would deadlock.
    const batch = (store: BoardStore, first: string, second: string, i: number) =>
      store.appendUpdates([
        { docId: first, bytes: update(i) },
        { docId: second, bytes: update(i) },
        { docId: first, bytes: update(i + 1) },
      ]);
    const rounds = await Promise.all(
      Array.from({ length: 20 }, (_, i) => [batch(one, A, B, i * 10), batch(two, B, A, i * 10 + 5)]).flat(),
    );
    const seqsOfA = rounds.flatMap((r, i) => (i % 2 === 0 ? [r[0]!.seq, r[2]!.seq] : [r[1]!.seq]));
    expect([...seqsOfA].sort((x, y) => x - y)).toEqual(Array.from({ length: 60 }, (_, i) => i + 2));
    const log = await two.readLog(A);
    expect(log.map((e) => e.seq)).toEqual(Array.from({ length: 61 }, (_, i) => i + 1));
    // Times follow the numbers: replaying "the state at T" is a prefix of the log.
    expect(log.map((e) => e.at)).toEqual(log.map((e) => e.at).sort((x, y) => x - y));
  });

  it('keeps times from going back when instances disagree about the time', async () => {
    const db = await startPostgres();
    const ahead = await instance(db.url, () => 1_750_000_005_000);
    const behind = await instance(db.url, () => 1_750_000_003_000);
    await ahead.createBoard(
      { id: A, title: 'A', prompt: '', createdAt: 1_750_000_000_000 },
      update(0),
      NO_LINKS,
    );
    const [late] = await behind.appendUpdates([{ docId: A, bytes: update(1) }]);
    expect(late).toEqual({ seq: 2, at: 1_750_000_005_000 });
    expect((await behind.getBoard(A))!.createdAt).toBe(1_750_000_000_000);
  });

  it('lets only one of two instances compact the same entries', async () => {
    const db = await startPostgres();
    const [one, two] = [await instance(db.url), await instance(db.url)];
    await one.createBoard({ id: A, title: 'A', prompt: '', createdAt: 1 }, update(0), NO_LINKS);
    await one.appendUpdates([1, 2, 3].map((i) => ({ docId: A, bytes: update(i) })));
    const run = { firstSeq: 2, lastSeq: 4, count: 3, at: 1, bytes: update(9), actor: null, step: null };
    const done = await Promise.all([one.compactLog(A, [run], 4), two.compactLog(A, [run], 4)]);
    expect(done.sort()).toEqual([false, true]);
    expect((await one.readLog(A)).map((e) => e.seq)).toEqual([1, 4]);
    // The head still remembers 4: a number is never handed out twice.
    expect((await two.appendUpdates([{ docId: A, bytes: update(5) }]))[0]!.seq).toBe(5);
  });

  it('runs the migrations once when two instances start at the same moment', async () => {
    const db = await startPostgres();
    await Promise.all([instance(db.url), instance(db.url), instance(db.url)]);
    const rows = await sql<{ version: number }>(
      db.url,
      'SELECT version FROM schema_migrations ORDER BY version',
    );
    expect(rows.map((r) => r.version)).toEqual(POSTGRES_MIGRATIONS.map((_, i) => i + 1));
    await instance(db.url); // and a later start finds nothing to do
  });

  it('refuses writes while the server is down and works again when it is back', async () => {
    setQuietLogs(true);
    onCleanup(() => setQuietLogs(false));
    const db = await startPostgres({ ownCluster: true });
    const store = await instance(db.url);
    await store.createBoard({ id: A, title: 'A', prompt: '', createdAt: 1 }, update(0), NO_LINKS);
    await db.cluster.makeUnreachable();
    await expect(store.appendUpdates([{ docId: A, bytes: update(1) }])).rejects.toThrow();
    await db.cluster.makeReachable();
    expect(await store.appendUpdates([{ docId: A, bytes: update(2) }])).toEqual([
      { seq: 2, at: expect.any(Number) },
    ]);
  });
});
