/**
 * Live compaction: while a board is open and someone keeps drawing, the server compacts the part
 * of its log older than LIVE_COMPACTION_AFTER_MS, and the board stays exactly what everyone sees.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { boardJson, createBoardDoc, tldrawRecords } from '../lib/board/schema';
import { geoShape, putRecords } from './testing/content';
import { decodeLog } from '../lib/history';
import {
  connectProvider,
  createBoard,
  onCleanup,
  startTestServer,
  synced,
  tempDir,
  waitFor,
} from './testing/harness';
import { startServerProcess } from './testing/process';

describe('live compaction', () => {
  it('compacts an open board behind the drawing; a late joiner and a reload see the same board', async () => {
    const server = await startTestServer({ liveCompactionAfterMs: 300 });
    const board = await createBoard(server.url);
    const writer = connectProvider(server.url, board.id, { token: board.candidateToken }, createBoardDoc());
    await synced(writer);

    // A shape dragged for a while: many small updates, a few per 10 ms.
    let written = 0;
    let cursor = 0;
    await waitFor(
      async () => {
        putRecords(writer.doc, [geoShape({ id: 'shape:dragged', x: written++ })]);
        cursor = await server.store.compactedThrough(board.id);
        return cursor > 0 && written > 100;
      },
      20_000,
      'the log to be compacted while the board is open',
    );
    expect(server.rooms.openDocIds()).toContain(board.id); // live all along
    // Without compaction the log would hold one entry per update written, and more.
    expect((await server.store.readLog(board.id)).length).toBeLessThan(written);

    putRecords(writer.doc, [geoShape({ id: 'shape:last', x: 1 })]);
    const joiner = connectProvider(server.url, board.id, { token: board.candidateToken }, createBoardDoc());
    await synced(joiner);
    await waitFor(() => tldrawRecords(joiner.doc).has('shape:last'), 5_000, 'the last shape at the joiner');
    expect(boardJson(joiner.doc)).toEqual(boardJson(writer.doc));

    // What is stored rebuilds the same board.
    await server.rooms.withRoom(board.id, (room) => room.persisted());
    const stored = createBoardDoc();
    for (const e of await server.store.readLog(board.id)) Y.applyUpdate(stored, e.bytes);
    expect(boardJson(stored)).toEqual(boardJson(writer.doc));
  });

  it('the built server merges on its own thread: its program is in the bundle', async () => {
    const server = await startServerProcess(tempDir(), { env: { LIVE_COMPACTION_AFTER_MS: '300' } });
    onCleanup(() => server.stop().then(() => undefined));
    let output = '';
    server.child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const board = await createBoard(server.url);
    const writer = connectProvider(server.url, board.id, { token: board.candidateToken }, createBoardDoc());
    await synced(writer);
    let written = 0;
    await waitFor(
      async () => {
        putRecords(writer.doc, [geoShape({ id: 'shape:dragged', x: written++ })]);
        const res = await fetch(`${server.url}/api/boards/${board.id}/log?token=${board.reviewToken}`);
        const entries = decodeLog(new Uint8Array(await res.arrayBuffer()));
        return written > 100 && entries.length < written / 2;
      },
      20_000,
      'the built server to compact the open board',
    );
    writer.destroy();
    expect(output).not.toMatch(/compaction failed|merge thread/);
  });
});
