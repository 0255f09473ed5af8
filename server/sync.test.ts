import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { CloseCode } from '../lib/protocol';
import { MAX_MESSAGE_BYTES } from '../lib/limits';
import { encodeSyncUpdate, encodeSyncStep1 } from '../lib/wire';
import { readTldrawRecords, isSeeded } from '../lib/board/schema';
import { geoShape, putRecords, shapeIds, shapeX } from '../lib/board/fixtures';
import { connectProvider, createBoard, rawSocket, startTestServer, synced, waitFor } from './testing/harness';

describe('sync rooms', () => {
  it('relays updates between two clients and serves the seeded board', async () => {
    const server = await startTestServer();
    const board = await createBoard(server.url);
    const id = board.id;
    const a = connectProvider(server.url, id, { token: board.candidateToken });
    const b = connectProvider(server.url, id, { token: board.candidateToken });
    await Promise.all([synced(a), synced(b)]);
    expect(isSeeded(a.doc)).toBe(true);
    expect(
      readTldrawRecords(a.doc)
        .map((r) => r.typeName)
        .sort(),
    ).toEqual(['document', 'page']);

    putRecords(a.doc, [geoShape({ id: 'shape:box', x: 10 })]);
    await waitFor(() => shapeX(b.doc, 'shape:box') === 10, 5_000, 'relay a->b');
    putRecords(b.doc, [geoShape({ id: 'shape:box', x: 300 })]);
    await waitFor(() => shapeX(a.doc, 'shape:box') === 300, 5_000, 'relay b->a');
    expect(Y.encodeStateVector(a.doc)).toEqual(Y.encodeStateVector(b.doc));
  });

  it('relays awareness, and removes a client presence when it leaves', async () => {
    const server = await startTestServer();
    const board = await createBoard(server.url);
    const id = board.id;
    const a = connectProvider(server.url, id, { token: board.candidateToken });
    const b = connectProvider(server.url, id, { token: board.candidateToken });
    await Promise.all([synced(a), synced(b)]);
    a.awareness.setLocalStateField('user', { id: 'user:ada', name: 'Ada', color: '#1971c2' });
    await waitFor(
      () => b.awareness.getStates().get(a.doc.clientID)?.user?.name === 'Ada',
      5_000,
      'awareness',
    );
    a.destroy();
    await waitFor(() => !b.awareness.getStates().has(a.doc.clientID), 5_000, 'presence removal');
  });

  it('unloads an idle room and reloads it from storage', async () => {
    const server = await startTestServer({ idleRoomTtlMs: 20 });
    const board = await createBoard(server.url);
    const id = board.id;
    const a = connectProvider(server.url, id, { token: board.candidateToken });
    await synced(a);
    putRecords(a.doc, [geoShape({ id: 'shape:one' }), geoShape({ id: 'shape:two' })]);
    await waitFor(async () => (await server.store.readLog(id)).length > 1, 5_000, 'stored');
    await waitFor(() => server.rooms.size === 1);
    a.destroy();
    await waitFor(() => server.rooms.size === 0, 5_000, 'unload');
    const b = connectProvider(server.url, id, { token: board.candidateToken });
    await synced(b);
    expect(shapeIds(b.doc)).toEqual(['shape:one', 'shape:two']);
  });

  it('compacts the log of a room once it unloads; the board reloads the same', async () => {
    const server = await startTestServer({ idleRoomTtlMs: 20 });
    const board = await createBoard(server.url);
    const a = connectProvider(server.url, board.id, { token: board.candidateToken });
    await synced(a);
    for (let i = 0; i < 60; i++) putRecords(a.doc, [geoShape({ id: 'shape:dragged', x: i })]); // 60 updates within a second, like a drag
    await waitFor(async () => (await server.store.readLog(board.id)).length > 60, 5_000, 'stored');
    const before = (await server.store.readLog(board.id)).length;
    a.destroy();
    await waitFor(async () => (await server.store.compactedThrough(board.id)) > 0, 5_000, 'compaction');
    expect((await server.store.readLog(board.id)).length).toBeLessThan(before / 10);
    const b = connectProvider(server.url, board.id, { token: board.candidateToken });
    await synced(b);
    expect(shapeX(b.doc, 'shape:dragged')).toBe(59);
    expect(isSeeded(b.doc)).toBe(true);
  });

  it('merges edits a client made while disconnected', async () => {
    const server = await startTestServer();
    const board = await createBoard(server.url);
    const id = board.id;
    const a = connectProvider(server.url, id, { token: board.candidateToken });
    const b = connectProvider(server.url, id, { token: board.candidateToken });
    await Promise.all([synced(a), synced(b)]);
    a.disconnect();
    putRecords(a.doc, [geoShape({ id: 'shape:offline' })]);
    putRecords(b.doc, [geoShape({ id: 'shape:online' })]);
    a.connect();
    await waitFor(
      () => shapeIds(b.doc).includes('shape:offline') && shapeIds(a.doc).includes('shape:online'),
      5_000,
      'merge',
    );
  });

  it('keeps a client that draws the moment it reconnects, before its sync answer brings its offline edits', async () => {
    const server = await startTestServer();
    const board = await createBoard(server.url);
    const a = connectProvider(server.url, board.id, { token: board.candidateToken });
    const b = connectProvider(server.url, board.id, { token: board.candidateToken });
    await Promise.all([synced(a), synced(b)]);
    a.disconnect();
    putRecords(a.doc, [geoShape({ id: 'shape:offline' })]);
    const closes: number[] = [];
    a.on('connection-close', (e: CloseEvent | null) => closes.push(e?.code ?? 0));
    // On open, before the server's sync step 1 can have arrived: this edit builds on the offline one.
    const onOpen = ({ status }: { status: string }) => {
      if (status !== 'connected') return;
      a.off('status', onOpen);
      putRecords(a.doc, [geoShape({ id: 'shape:on-open' })]);
    };
    a.on('status', onOpen);
    a.connect();
    await waitFor(
      () => ['shape:offline', 'shape:on-open'].every((id) => shapeIds(b.doc).includes(id)),
      5_000,
      'both edits relayed',
    );
    expect(closes).toEqual([]);
    expect(a.wsconnected).toBe(true);
  });
});

describe('sync bad input', () => {
  it('closes a socket to an unknown or malformed doc id with 4404', async () => {
    const server = await startTestServer();
    const unknown = rawSocket(server.url, 'AAAAAAAAAAAAAAAAAAAAAA');
    expect(await unknown.closed).toEqual({ code: CloseCode.NotFound, reason: 'unknown document' });
    const malformed = rawSocket(server.url, '..%2F..%2Fetc');
    expect((await malformed.closed).code).toBe(CloseCode.NotFound);
    expect(unknown.messages).toHaveLength(0);
  });

  it('closes on a text frame, an unknown type, a truncated frame or trailing bytes with 4400', async () => {
    const server = await startTestServer();
    const board = await createBoard(server.url);
    const id = board.id;
    const frames: Array<string | Uint8Array> = [
      'hello',
      new Uint8Array([7, 0]),
      new Uint8Array([0, 2, 50, 1]),
      new Uint8Array([0]),
      Uint8Array.from([...encodeSyncStep1(new Uint8Array([0])), 9]),
      encodeSyncUpdate(new Uint8Array([255, 255, 255, 255, 1])),
      new Uint8Array([1, 3, 1, 2, 3]),
    ];
    for (const frame of frames) {
      const s = rawSocket(server.url, id, { token: board.candidateToken });
      await s.opened;
      s.ws.send(frame);
      const { code } = await s.closed;
      expect(code, `frame ${String(frame)}`).toBe(CloseCode.Malformed);
    }
    // An update that does not decode, from a writer or from a read-only link (whose updates are
    // otherwise dropped unapplied): the same close, with its reason.
    for (const token of [board.candidateToken, board.reviewToken]) {
      const s = rawSocket(server.url, id, { token });
      await s.opened;
      s.ws.send(encodeSyncUpdate(new Uint8Array([200, 200, 200, 200, 200])));
      expect(await s.closed).toEqual({
        code: CloseCode.Malformed,
        reason: 'invalid update: update does not decode',
      });
    }
  });

  it('closes on a message over the size limit with 1009', async () => {
    const server = await startTestServer();
    const board = await createBoard(server.url);
    const id = board.id;
    const s = rawSocket(server.url, id, { token: board.candidateToken });
    await s.opened;
    s.ws.send(new Uint8Array(MAX_MESSAGE_BYTES + 1));
    expect((await s.closed).code).toBe(CloseCode.MessageTooBig);
  });

  it('closes a client over the message rate with 1013', async () => {
    const server = await startTestServer();
    const board = await createBoard(server.url);
    const id = board.id;
    const s = rawSocket(server.url, id, { token: board.candidateToken });
    await s.opened;
    const awareness = encoding.createEncoder();
    encoding.writeVarUint(awareness, 1);
    encoding.writeVarUint8Array(awareness, new Uint8Array([0]));
    const frame = encoding.toUint8Array(awareness);
    for (let i = 0; i < 5_000; i++) s.ws.send(frame);
    expect((await s.closed).code).toBe(CloseCode.TryAgainLater);
  });

  it('closes a writer with 4413 when the document would pass its size limit; reading still works', async () => {
    const server = await startTestServer({ maxDocumentBytes: 64 * 1024 });
    const board = await createBoard(server.url);
    const writer = connectProvider(server.url, board.id, { token: board.candidateToken });
    await synced(writer);
    const closed = new Promise<{ code: number }>((resolve) => writer.on('closed', resolve));
    // Many shapes in one update, each within the record limits, 100 KB in all.
    putRecords(
      writer.doc,
      Array.from({ length: 40 }, (_, i) => geoShape({ id: `shape:big${i}`, text: 'x'.repeat(2_500) })),
    );
    expect((await closed).code).toBe(CloseCode.DocumentTooLarge);
    const reader = connectProvider(server.url, board.id, { token: board.candidateToken });
    await synced(reader);
    expect(shapeIds(reader.doc)).toEqual([]);
  });

  it('keeps other boards syncing while a bad client is thrown out', async () => {
    const server = await startTestServer();
    const good = await createBoard(server.url);
    const bad = await createBoard(server.url, 'Other', good.interviewer);
    const a = connectProvider(server.url, good.id, { token: good.candidateToken });
    const b = connectProvider(server.url, good.id, { token: good.candidateToken });
    await Promise.all([synced(a), synced(b)]);
    const s = rawSocket(server.url, bad.id, { token: bad.candidateToken });
    await s.opened;
    s.ws.send(new Uint8Array([42, 42, 42]));
    expect((await s.closed).code).toBe(CloseCode.Malformed);
    putRecords(a.doc, [geoShape({ id: 'shape:still-works' })]);
    await waitFor(() => shapeIds(b.doc).includes('shape:still-works'), 5_000, 'other board');
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
  });
});
