/**
 * The BoardStore contract, run against every backend (SQLite in a temp file, PostgreSQL in a fresh
 * database), so the two cannot drift. Backend-only behaviour lives in sqlite.test.ts and
 * postgres.test.ts.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { BoardStore, LinkHashes, UpdateActor } from './BoardStore';
import { QuestionContent } from '../../lib/questions/schema';
import { UpdateWriter } from './UpdateWriter';
import { notesDocId } from '../../lib/protocol';
import { decodeLog, encodeLog } from '../../lib/history';
import { requireServices } from '../testing/services';
import { TEST_BACKENDS, type TestStoreDb } from '../testing/stores';

const A = 'a0000000000000000000aa';
const B = 'b0000000000000000000bb';
const NO_LINKS: LinkHashes = { candidate: null, reviewer: null };
const ada: UpdateActor = { role: 'candidate', name: 'Ada' };

/** A small update; the same arguments give the same bytes. */
function update(key: string, value: number): Uint8Array {
  const doc = new Y.Doc();
  doc.clientID = [...key].reduce((h, c) => h * 31 + c.charCodeAt(0), value) % 2 ** 30;
  doc.getMap('m').set(key, value);
  return Y.encodeStateAsUpdate(doc);
}

function hash(byte: number): Uint8Array {
  return new Uint8Array(32).fill(byte);
}

function board(id: string, createdAt = 500) {
  return { id, title: `Board ${id.slice(0, 1)}`, prompt: 'Design it', createdAt };
}

describe.each(TEST_BACKENDS)('BoardStore conformance: $name', (backend) => {
  if (!requireServices(...backend.needs)) return;

  let db: TestStoreDb;
  let clock: number;
  async function open(): Promise<BoardStore> {
    db = await backend.create();
    clock = 1_000;
    return db.open(() => clock);
  }

  it('creates, gets and lists boards, newest first; refuses a duplicate id', async () => {
    const store = await open();
    const a = await store.createBoard(board(A, 500), update('seed', 0), NO_LINKS);
    expect(a).toEqual({
      ...board(A, 500),
      status: 'live',
      updatedAt: 500,
      endedAt: null,
      candidateName: null,
      questionId: null,
      questionTitle: null,
    });
    await store.createBoard(board(B, 700), update('seed', 0), NO_LINKS);
    expect(await store.getBoard(A)).toEqual(a);
    expect(await store.getBoard('nope')).toBeNull();
    expect((await store.listBoards()).map((b) => b.id)).toEqual([B, A]);
    await expect(store.createBoard(board(A, 900), update('s', 1), NO_LINKS)).rejects.toThrow();
    expect(await store.getBoard(A)).toEqual(a);

    // The seed is the first entry of the board's log, stamped with the server clock.
    const [seed, ...rest] = await store.readLog(A);
    expect(rest).toEqual([]);
    expect(seed).toMatchObject({ at: 1_000, actor: null });
    expect(seed!.bytes).toEqual(update('seed', 0));
  });

  it('orders boards created at the same moment by id', async () => {
    const store = await open();
    await store.createBoard(board(B, 1), update('s', 0), NO_LINKS);
    await store.createBoard(board(A, 1), update('s', 0), NO_LINKS);
    expect((await store.listBoards()).map((b) => b.id)).toEqual([A, B]);
  });

  it('records the candidate name and ends a board once', async () => {
    const store = await open();
    await store.createBoard(board(A), update('seed', 0), NO_LINKS);
    await store.setCandidateName(A, 'Grace');
    expect(await store.endBoard(A, 5_000)).toMatchObject({
      status: 'ended',
      endedAt: 5_000,
      candidateName: 'Grace',
    });
    expect(await store.endBoard(A, 9_000)).toMatchObject({ status: 'ended', endedAt: 5_000 });
    expect(await store.endBoard('nope', 1)).toBeNull();
  });

  it('replaces and revokes link hashes, remembering the old ones per board', async () => {
    const store = await open();
    await store.createBoard(board(A), update('s', 0), { candidate: hash(1), reviewer: hash(2) });
    await store.createBoard(board(B), update('s', 0), NO_LINKS);
    expect(await store.getLinkHashes(A)).toEqual({ candidate: hash(1), reviewer: hash(2) });
    expect(await store.getLinkHashes('nope')).toBeNull();
    expect(await store.findRevokedLink(A, hash(1))).toBeNull();

    await store.replaceLinkHash(A, 'candidate', hash(3), 10);
    await store.replaceLinkHash(A, 'reviewer', null, 11);
    expect(await store.getLinkHashes(A)).toEqual({ candidate: hash(3), reviewer: null });
    expect(await store.findRevokedLink(A, hash(1))).toBe('candidate');
    expect(await store.findRevokedLink(A, hash(2))).toBe('reviewer');
    expect(await store.findRevokedLink(B, hash(1))).toBeNull();
    // Revoking a revoked link again and touching unknown boards change nothing.
    await store.replaceLinkHash(A, 'reviewer', null, 12);
    await store.replaceLinkHash('nope', 'candidate', hash(9), 13);
    expect(await store.getLinkHashes(A)).toEqual({ candidate: hash(3), reviewer: null });
  });

  it('keeps sessions until they expire, and prunes expired ones', async () => {
    const store = await open();
    await store.createSession(hash(1), 100, 200);
    expect(await store.isSessionValid(hash(1), 199)).toBe(true);
    expect(await store.isSessionValid(hash(1), 200)).toBe(false);
    expect(await store.isSessionValid(hash(2), 150)).toBe(false);
    await store.createSession(hash(2), 300, 400); // hash(1) expired: it goes
    expect(await store.isSessionValid(hash(1), 150)).toBe(false);
    await expect(store.createSession(hash(2), 310, 500)).rejects.toThrow();
    await store.deleteSession(hash(2));
    expect(await store.isSessionValid(hash(2), 350)).toBe(false);
  });

  it('appends in order, per document, with times that never go back, across a batch of documents', async () => {
    const store = await open();
    await store.createBoard(board(A), update('seed', 0), NO_LINKS);
    await store.createBoard(board(B), update('seed', 0), NO_LINKS);
    expect(await store.appendUpdates([])).toEqual([]);
    clock = 2_000;
    const batch = [
      { docId: A, bytes: update('a', 1), actor: ada, step: 0 },
      { docId: notesDocId(A), bytes: update('n', 1), actor: { role: 'interviewer' as const, name: 'Bo' } },
      { docId: B, bytes: update('b', 1) },
      { docId: A, bytes: update('a', 2), actor: null, step: 3 },
    ];
    const results = await store.appendUpdates(batch);
    expect(results.map((r) => r.at)).toEqual([2_000, 2_000, 2_000, 2_000]);
    clock = 1_500; // the clock went backwards: the log's timestamps must not
    const [late] = await store.appendUpdates([{ docId: A, bytes: update('a', 3) }]);
    expect(late!.at).toBe(2_000);

    const logA = await store.readLog(A);
    expect(logA.map((e) => e.bytes)).toEqual([
      update('seed', 0),
      update('a', 1),
      update('a', 2),
      update('a', 3),
    ]);
    expect(logA.map((e) => e.actor)).toEqual([null, ada, null, null]);
    expect(logA.map((e) => e.step)).toEqual([null, 0, 3, null]);
    expect(logA.slice(1).map((e) => e.seq)).toEqual([results[0]!.seq, results[3]!.seq, late!.seq]);
    const seqs = logA.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(logA.map((e) => e.at)).toEqual([1_000, 2_000, 2_000, 2_000]);

    const notes = await store.readLog(notesDocId(A));
    expect(notes).toEqual([
      {
        seq: results[1]!.seq,
        at: 2_000,
        bytes: update('n', 1),
        actor: { role: 'interviewer', name: 'Bo' },
        step: null,
      },
    ]);
    expect((await store.readLog(B)).map((e) => e.bytes)).toEqual([update('seed', 0), update('b', 1)]);
    expect(await store.readLog('unknown')).toEqual([]);
  });

  it('touches updated_at at most every few seconds while a board is edited', async () => {
    const store = await open();
    await store.createBoard(board(A, 500), update('seed', 0), NO_LINKS);
    expect((await store.getBoard(A))!.updatedAt).toBe(500);
    clock = 2_000;
    await store.appendUpdates([{ docId: notesDocId(A), bytes: update('n', 1) }]);
    expect((await store.getBoard(A))!.updatedAt).toBe(2_000);
    clock = 3_000;
    await store.appendUpdates([{ docId: A, bytes: update('a', 1) }]);
    expect((await store.getBoard(A))!.updatedAt).toBe(2_000);
    clock = 8_000;
    await store.appendUpdates([{ docId: A, bytes: update('a', 2) }]);
    expect((await store.getBoard(A))!.updatedAt).toBe(8_000);
  });

  it('reads a range of the log', async () => {
    const store = await open();
    await store.createBoard(board(A), update('seed', 0), NO_LINKS);
    const r = await store.appendUpdates([1, 2, 3, 4].map((i) => ({ docId: A, bytes: update('k', i) })));
    const [, second, third, fourth] = r.map((x) => x.seq);
    const range = await store.readLogRange(A, r[0]!.seq, third);
    expect(range.map((e) => e.seq)).toEqual([second, third]);
    expect(range.map((e) => e.bytes)).toEqual([update('k', 2), update('k', 3)]);
    expect((await store.readLogRange(A, second!)).map((e) => e.seq)).toEqual([third, fourth]);
    expect(await store.readLogRange(A, fourth!)).toEqual([]);
    expect(await store.readLogRange(A, 0)).toEqual(await store.readLog(A));
    // A page at a time.
    expect((await store.readLogRange(A, 0, undefined, 2)).map((e) => e.seq)).toEqual(
      (await store.readLog(A)).slice(0, 2).map((e) => e.seq),
    );
    expect((await store.readLogRange(A, second!, undefined, 1)).map((e) => e.seq)).toEqual([third]);
    expect(await store.readLogRange(B, 0)).toEqual([]);
  });

  it('reads the log encoded for the review page, whole, after a position, a page, or past the first entries', async () => {
    const store = await open();
    await store.createBoard(board(A), update('seed', 0), NO_LINKS);
    const r = await store.appendUpdates(
      [1, 2, 3, 4].map((i) => ({ docId: A, bytes: update('k', i), actor: i % 2 ? ada : null, step: i % 3 })),
    );
    const [first, , , fourth] = r.map((x) => x.seq);
    const all = await store.readLog(A);
    const wire = (entries: typeof all) =>
      encodeLog(entries.map((u) => ({ at: u.at, step: u.step, actor: u.actor, update: u.bytes })));
    const same = (a: Uint8Array, b: Uint8Array) => expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);

    const whole = await store.readEncodedLog(A);
    same(whole.bytes, wire(all));
    expect(whole.through).toBe(fourth);
    expect(decodeLog(whole.bytes).map((e) => e.actor)).toEqual([null, ada, null, ada, null]);
    const after = await store.readEncodedLog(A, { afterSeq: first!, limit: 2 });
    same(after.bytes, wire(all.slice(2, 4)));
    expect(after.through).toBe(r[2]!.seq);
    // Past the first entries: the position is still the last one read.
    const skipped = await store.readEncodedLog(A, { skip: 3 });
    same(skipped.bytes, wire(all.slice(3)));
    expect(skipped.through).toBe(fourth);
    expect((await store.readEncodedLog(A, { skip: 9 })).through).toBe(fourth);
    expect(await store.readEncodedLog(A, { afterSeq: fourth! })).toMatchObject({ through: null });
    expect(decodeLog((await store.readEncodedLog(B)).bytes)).toEqual([]);
  });

  it('reads a log longer than a page of the store (PostgreSQL reads 1,000 rows at a time) the same way', async () => {
    const store = await open();
    await store.createBoard(board(A), update('seed', 0), NO_LINKS);
    const appended: number[] = [];
    for (let batch = 0; batch < 5; batch++) {
      const r = await store.appendUpdates(
        Array.from({ length: 500 }, (_, i) => ({
          docId: A,
          bytes: update('p', batch * 500 + i),
          actor: i % 2 ? ada : null,
          step: i % 4,
        })),
      );
      appended.push(...r.map((x) => x.seq));
    }
    const all = await store.readLog(A); // 2,501 entries
    const wire = (entries: typeof all) =>
      encodeLog(entries.map((u) => ({ at: u.at, step: u.step, actor: u.actor, update: u.bytes })));
    const same = (a: Uint8Array, b: Uint8Array) => expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    const whole = await store.readEncodedLog(A);
    same(whole.bytes, wire(all));
    expect(whole.through).toBe(appended.at(-1));
    const skipped = await store.readEncodedLog(A, { skip: 1_500 });
    same(skipped.bytes, wire(all.slice(1_500)));
    expect(skipped.through).toBe(appended.at(-1));
    const range = await store.readEncodedLog(A, { afterSeq: appended[99]!, limit: 1_200 });
    same(range.bytes, wire(all.slice(101, 1_301)));
    expect(range.through).toBe(appended[1_299]);
  });

  it("tells each document's newest log position, which moves with every append", async () => {
    const store = await open();
    await store.createBoard(board(A), update('seed', 0), NO_LINKS);
    await store.createBoard(board(B), update('seed', 1), NO_LINKS);
    const [a0, b0] = await store.logHeads([A, B]);
    expect(a0).toBeGreaterThan(0);
    expect(b0).toBeGreaterThan(0);
    const [appended] = await store.appendUpdates([{ docId: A, bytes: update('k', 1) }]);
    const seq = appended!.seq;
    expect(await store.logHeads([B, A, notesDocId(A)])).toEqual([b0, seq, 0]);
    expect(await store.logHeads([])).toEqual([]);
  });

  it('loads the newest snapshot and the updates after it; keeps only the newest snapshot', async () => {
    const store = await open();
    await store.createBoard(board(A), update('seed', 0), NO_LINKS);
    const r = await store.appendUpdates([1, 2, 3].map((i) => ({ docId: A, bytes: update(`k${i}`, i) })));
    expect(await store.loadDoc(A)).toEqual({ snapshot: null, updates: await store.readLog(A) });

    await store.writeSnapshot(A, { seq: r[0]!.seq, at: 1_000, bytes: update('snap', 1) });
    await store.writeSnapshot(A, { seq: r[1]!.seq, at: 1_000, bytes: update('snap', 2) });
    const loaded = await store.loadDoc(A);
    expect(loaded.snapshot).toEqual({ seq: r[1]!.seq, at: 1_000, bytes: update('snap', 2) });
    expect(loaded.updates.map((u) => u.seq)).toEqual([r[2]!.seq]);
    expect(await db.snapshotCount(A)).toBe(1);
    // Snapshots never remove log entries: the log is the history.
    expect(await store.readLog(A)).toHaveLength(4);
    expect(await store.loadDoc('unknown')).toEqual({ snapshot: null, updates: [] });
  });

  it('compacts runs in place, keeping their actor and step; the cursor never moves back', async () => {
    const store = await open();
    await store.createBoard(board(A), update('seed', 0), NO_LINKS);
    const bo = { role: 'interviewer' as const, name: 'Bo' };
    await store.appendUpdates(
      [1, 2, 3, 4, 5].map((i) => ({
        docId: A,
        bytes: update('k', i),
        actor: i < 3 ? ada : bo,
        step: i < 3 ? 0 : 1,
      })),
    );
    const log = await store.readLog(A);
    const s = log.map((e) => e.seq);
    expect(await store.compactedThrough(A)).toBe(0);

    const run = (from: number, to: number) => ({
      firstSeq: s[from]!,
      lastSeq: s[to]!,
      count: to - from + 1,
      at: log[to]!.at,
      bytes: update('merged', to),
      actor: log[to]!.actor,
      step: log[to]!.step,
    });
    expect(await store.compactLog(A, [run(1, 2), run(3, 5)], s[5]!)).toBe(true);
    const after = await store.readLog(A);
    expect(after.map((e) => e.seq)).toEqual([s[0], s[2], s[5]]);
    expect(after.map((e) => e.actor)).toEqual([null, ada, bo]);
    expect(after.map((e) => e.step)).toEqual([null, 0, 1]);
    expect(after[1]!.bytes).toEqual(update('merged', 2));
    expect(await store.compactedThrough(A)).toBe(s[5]);

    // The log changed since the runs were computed (they were merged already): nothing happens.
    expect(await store.compactLog(A, [run(0, 2)], s[5]!)).toBe(false);
    expect(await store.readLog(A)).toEqual(after);
    // A cursor behind the current one leaves it where it is.
    expect(await store.compactLog(A, [], s[1]!)).toBe(true);
    expect(await store.compactedThrough(A)).toBe(s[5]);
    // Appending after compaction continues after the compacted entries.
    const [next] = await store.appendUpdates([{ docId: A, bytes: update('k', 6) }]);
    expect(next!.seq).toBeGreaterThan(s[5]!);
  });

  it('names the documents whose log holds entries after its compaction cursor stored before a time, a page at a time', async () => {
    const store = await open();
    // Ids that sort alike byte by byte and in any collation PostgreSQL may have.
    const C = 'c0000000000000000000cc';
    const D = 'd0000000000000000000dd';
    for (const id of [A, B, C, D]) await store.createBoard(board(id), update('seed', 0), NO_LINKS);
    clock = 2_000;
    for (const id of [A, B, C, D]) {
      await store.appendUpdates([1, 2].map((i) => ({ docId: id, bytes: update(id, i) })));
    }
    const seqs = async (doc: string) => (await store.readLog(doc)).map((e) => e.seq);
    // B compacted to its end; C part of the way (its last entry, from 2,000, is after the cursor);
    // D to its end, then written to at 6,000.
    expect(await store.compactLog(B, [], (await seqs(B)).at(-1)!)).toBe(true);
    expect(await store.compactLog(C, [], (await seqs(C))[1]!)).toBe(true);
    expect(await store.compactLog(D, [], (await seqs(D)).at(-1)!)).toBe(true);
    clock = 6_000;
    await store.appendUpdates([
      { docId: D, bytes: update('d', 3) },
      { docId: notesDocId(A), bytes: update('n', 1) },
    ]);

    // A was never compacted; the notes and D hold only entries from 6,000 after their cursors.
    expect(await store.staleLogs(5_000, '', 100)).toEqual({ docIds: [A, C], next: null });
    expect(await store.staleLogs(7_000, '', 100)).toEqual({ docIds: [A, notesDocId(A), C, D], next: null });
    // Entries stored at `before` are not before it.
    expect(await store.staleLogs(2_000, '', 100)).toEqual({ docIds: [A], next: null });
    expect(await store.staleLogs(1_000, '', 100)).toEqual({ docIds: [], next: null });

    // A page looks at `limit` documents (B, fully compacted, is looked at and not named), and the
    // next one starts after the last it looked at.
    expect(await store.staleLogs(7_000, '', 2)).toEqual({ docIds: [A, notesDocId(A)], next: notesDocId(A) });
    expect(await store.staleLogs(7_000, notesDocId(A), 2)).toEqual({ docIds: [C], next: C });
    expect(await store.staleLogs(7_000, C, 2)).toEqual({ docIds: [D], next: null });
    expect(await store.staleLogs(7_000, B, 2)).toEqual({ docIds: [C, D], next: D });
    expect(await store.staleLogs(7_000, D, 2)).toEqual({ docIds: [], next: null });
    expect(await store.staleLogs(5_000, '', 1)).toEqual({ docIds: [A], next: A });
    expect(await store.staleLogs(5_000, A, 1)).toEqual({ docIds: [], next: notesDocId(A) });

    // Compacting the rest, or deleting the board, takes a document off the list.
    expect(await store.compactLog(C, [], (await seqs(C)).at(-1)!)).toBe(true);
    await store.deleteBoard(A);
    expect(await store.staleLogs(7_000, '', 100)).toEqual({ docIds: [D], next: null });
  });

  it('refuses to compact the log of a deleted board, leaving nothing behind', async () => {
    const store = await open();
    await store.createBoard(board(A), update('seed', 0), NO_LINKS);
    await store.appendUpdates([{ docId: A, bytes: update('k', 1) }]);
    const log = await store.readLog(A);
    const runs = [
      {
        firstSeq: log[0]!.seq,
        lastSeq: log[1]!.seq,
        count: 2,
        at: log[1]!.at,
        bytes: log[1]!.bytes,
        actor: null,
        step: null,
      },
    ];
    await store.deleteBoard(A);
    expect(await store.compactLog(A, runs, log[1]!.seq)).toBe(false);
    expect(await store.compactLog('not a doc id', [], 1)).toBe(false);
    expect(await store.readLog(A)).toEqual([]);
    expect(Object.values(await db.leftovers(A)).every((n) => n === 0)).toBe(true);
  });

  it('stores a published assessment byte for byte, replaces it, and only for a board that exists', async () => {
    const store = await open();
    await store.createBoard(board(A), update('seed', 0), NO_LINKS);
    expect(await store.getAssessment(A)).toBeNull();
    const text = '{"summary":"Clear, structured \u00e9 ✓","scores":{"design":3}}';
    expect(await store.putAssessment(A, text, 2_000)).toBe(true);
    expect(await store.getAssessment(A)).toEqual({ content: text, publishedAt: 2_000 });
    expect(await store.putAssessment(A, '{"summary":"again"}', 3_000)).toBe(true);
    expect(await store.getAssessment(A)).toEqual({ content: '{"summary":"again"}', publishedAt: 3_000 });
    expect(await store.putAssessment(B, text, 2_000)).toBe(false);
    expect(await store.getAssessment(B)).toBeNull();
  });

  it('stores workspace questions and the question a board came from', async () => {
    const store = await open();
    const created = await store.createBoard(
      { ...board(B), questionId: 'chat', questionTitle: 'Design a chat' },
      update('seed', 0),
      NO_LINKS,
    );
    expect(created).toMatchObject({ questionId: 'chat', questionTitle: 'Design a chat' });
    expect(await store.getBoard(B)).toMatchObject({ questionId: 'chat', questionTitle: 'Design a chat' });
    await store.createBoard(board(A), update('seed', 0), NO_LINKS);
    expect(await store.getBoard(A)).toMatchObject({ questionId: null, questionTitle: null });

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
  });

  it('stores assets of existing boards', async () => {
    const store = await open();
    await store.createBoard(board(A), update('seed', 0), NO_LINKS);
    const asset = {
      boardId: A,
      id: 'x'.repeat(22),
      contentType: 'image/png',
      bytes: new Uint8Array([137, 80]),
      createdAt: 7,
    };
    await store.putAsset(asset);
    expect(await store.getAsset(A, asset.id)).toEqual(asset);
    expect(await store.getAsset(B, asset.id)).toBeNull();
    await expect(store.putAsset(asset)).rejects.toThrow(); // one id per board
    await expect(store.putAsset({ ...asset, boardId: B })).rejects.toThrow(); // no such board
    const second = { ...asset, id: 'y'.repeat(22), bytes: new Uint8Array(5), createdAt: 9 };
    await store.putAsset(second);
    expect(await store.listAssets(A)).toEqual({
      assets: [
        { id: asset.id, createdAt: 7, size: 2 },
        { id: second.id, createdAt: 9, size: 5 },
      ],
      bytes: 7,
    });
    await store.deleteAssets(A, [asset.id]);
    expect(await store.getAsset(A, asset.id)).toBeNull();
    expect((await store.listAssets(A)).bytes).toBe(5);
    expect(await store.listAssets(B)).toEqual({ assets: [], bytes: 0 });
  });

  it('deletes every row of a board and of both its documents, and nothing of another board', async () => {
    const store = await open();
    for (const id of [A, B]) {
      await store.createBoard(board(id), update('seed', 0), {
        candidate: hash(id === A ? 1 : 2),
        reviewer: null,
      });
      await store.appendUpdates([
        { docId: id, bytes: update('a', 1) },
        { docId: id, bytes: update('a', 2) },
        { docId: notesDocId(id), bytes: update('n', 1) },
        { docId: notesDocId(id), bytes: update('n', 2) },
      ]);
      for (const doc of [id, notesDocId(id)]) {
        const log = await store.readLog(doc);
        await store.writeSnapshot(doc, { seq: log[0]!.seq, at: log[0]!.at, bytes: log[0]!.bytes });
        const last = log.at(-1)!;
        await store.compactLog(
          doc,
          [
            {
              firstSeq: log.at(-2)!.seq,
              lastSeq: last.seq,
              count: 2,
              at: last.at,
              bytes: last.bytes,
              actor: null,
              step: null,
            },
          ],
          last.seq,
        );
      }
      await store.putAsset({
        boardId: id,
        id: 'y'.repeat(22),
        contentType: 'image/png',
        bytes: new Uint8Array([1]),
        createdAt: 1,
      });
      await store.replaceLinkHash(id, 'candidate', null, 5);
      expect(await store.putAssessment(id, '{"summary":"kept"}', 6)).toBe(true);
    }
    const before = await db.leftovers(A);
    expect(Object.values(before).every((n) => n > 0)).toBe(true);

    expect(await store.deleteBoard(A)).toBe(true);
    expect(await store.deleteBoard(A)).toBe(false);
    const gone = await db.leftovers(A);
    expect(gone).toEqual(Object.fromEntries(Object.keys(before).map((k) => [k, 0])));
    expect(await db.leftovers(B)).toEqual(before);
    expect(await store.getBoard(A)).toBeNull();
    expect(await store.getAsset(A, 'y'.repeat(22))).toBeNull();
    expect(await store.findRevokedLink(A, hash(1))).toBeNull();
    expect(await store.getAssessment(A)).toBeNull();
    expect(await store.loadDoc(notesDocId(A))).toEqual({ snapshot: null, updates: [] });
    expect((await store.listBoards()).map((b) => b.id)).toEqual([B]);
  });

  it('finds everything again after reopening', async () => {
    const store = await open();
    await store.createBoard(board(A), update('seed', 0), { candidate: hash(1), reviewer: hash(2) });
    clock = 2_000;
    await store.appendUpdates([{ docId: A, bytes: update('a', 1), actor: ada }]);
    await store.writeSnapshot(A, { seq: 1, at: 1, bytes: update('snap', 1) });
    await store.createSession(hash(5), 0, 10_000);
    const log = await store.readLog(A);
    await store.close();

    clock = 1_000; // a restarted server whose clock is behind: times still never go back
    const reopened = await db.open(() => clock);
    expect(await reopened.getBoard(A)).toMatchObject({ title: 'Board a', updatedAt: 2_000 });
    expect(await reopened.readLog(A)).toEqual(log);
    expect(await reopened.getLinkHashes(A)).toEqual({ candidate: hash(1), reviewer: hash(2) });
    expect(await reopened.isSessionValid(hash(5), 5_000)).toBe(true);
    const [next] = await reopened.appendUpdates([{ docId: A, bytes: update('a', 2) }]);
    expect(next!.at).toBe(2_000);
    expect(next!.seq).toBeGreaterThan(log.at(-1)!.seq);
  });

  it('stores what an UpdateWriter batches in one tick with one write, in order', async () => {
    const store = await open();
    await store.createBoard(board(A), update('seed', 0), NO_LINKS);
    let calls = 0;
    const counting: BoardStore = {
      ...store,
      appendUpdates: (u) => (calls++, store.appendUpdates(u)),
    };
    const writer = new UpdateWriter(counting);
    const results = await Promise.all([1, 2, 3].map((i) => writer.append(A, update(`k${i}`, i))));
    expect(calls).toBe(1);
    const seqs = results.map((r) => r.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    await writer.drain();
    expect((await store.readLog(A)).slice(1).map((e) => e.seq)).toEqual(seqs);
  });
});
