import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { CloseCode } from '../lib/protocol';
import { MAX_MESSAGE_BYTES } from '../lib/limits';
import { encodeSyncUpdate, encodeSyncStep1 } from '../lib/wire';
import { readTldrawRecords, isSeeded } from '../lib/board/schema';
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

    a.doc.getMap('test').set('shape', 'rectangle');
    await waitFor(() => b.doc.getMap('test').get('shape') === 'rectangle', 5_000, 'relay a->b');
    b.doc.getMap('test').set('shape', 'moved');
    await waitFor(() => a.doc.getMap('test').get('shape') === 'moved', 5_000, 'relay b->a');
    expect(Y.encodeStateVector(a.doc)).toEqual(Y.encodeStateVector(b.doc));
  });

  it('relays awareness, and removes a client presence when it leaves', async () => {
    const server = await startTestServer();
    const board = await createBoard(server.url);
    const id = board.id;
    const a = connectProvider(server.url, id, { token: board.candidateToken });
    const b = connectProvider(server.url, id, { token: board.candidateToken });
    await Promise.all([synced(a), synced(b)]);
    a.awareness.setLocalStateField('user', { name: 'Ada' });
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
    a.doc.getArray('log').push(['one', 'two']);
    await waitFor(() => server.rooms.size === 1);
    a.destroy();
    await waitFor(() => server.rooms.size === 0, 5_000, 'unload');
    const b = connectProvider(server.url, id, { token: board.candidateToken });
    await synced(b);
    expect(b.doc.getArray('log').toArray()).toEqual(['one', 'two']);
  });

  it('compacts the log of a room once it unloads; the board reloads the same', async () => {
    const server = await startTestServer({ idleRoomTtlMs: 20 });
    const board = await createBoard(server.url);
    const a = connectProvider(server.url, board.id, { token: board.candidateToken });
    await synced(a);
    const list = a.doc.getArray<number>('drag');
    for (let i = 0; i < 60; i++) list.push([i]); // 60 updates within a second, like a drag
    await waitFor(async () => (await server.store.readLog(board.id)).length > 60, 5_000, 'stored');
    const before = (await server.store.readLog(board.id)).length;
    a.destroy();
    await waitFor(async () => (await server.store.compactedThrough(board.id)) > 0, 5_000, 'compaction');
    expect((await server.store.readLog(board.id)).length).toBeLessThan(before / 10);
    const b = connectProvider(server.url, board.id, { token: board.candidateToken });
    await synced(b);
    expect(b.doc.getArray('drag').toArray()).toEqual([...Array(60).keys()]);
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
    a.doc.getMap('m').set('offline', 1);
    b.doc.getMap('m').set('online', 2);
    a.connect();
    await waitFor(
      () => b.doc.getMap('m').get('offline') === 1 && a.doc.getMap('m').get('online') === 2,
      5_000,
      'merge',
    );
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
    writer.doc.getMap('big').set('blob', 'x'.repeat(100 * 1024));
    expect((await closed).code).toBe(CloseCode.DocumentTooLarge);
    const reader = connectProvider(server.url, board.id, { token: board.candidateToken });
    await synced(reader);
    expect(reader.doc.getMap('big').has('blob')).toBe(false);
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
    a.doc.getMap('m').set('still', 'works');
    await waitFor(() => b.doc.getMap('m').get('still') === 'works', 5_000, 'other board');
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
  });
});
