import { describe, expect, it } from 'vitest';
import { connectProvider, createBoard, onCleanup, synced, tempDir, waitFor } from './testing/harness';
import { startServerProcess as start } from './testing/process';
import { geoShape, putRecords, shapeIds, shapeX } from '../lib/board/fixtures';
import { readTldrawRecords } from '../lib/board/schema';

async function startServerProcess(dataDir: string) {
  const server = await start(dataDir);
  onCleanup(() => server.stop().then(() => undefined));
  return server;
}

describe('persistence across restarts (real process, real SQLite file)', () => {
  it('brings a board back exactly after a clean shutdown and after kill -9', async () => {
    const dataDir = tempDir();
    const first = await startServerProcess(dataDir);
    const board = await createBoard(first.url);
    const id = board.id;
    const a = connectProvider(first.url, id, { token: board.candidateToken });
    const b = connectProvider(first.url, id, { token: board.candidateToken });
    await Promise.all([synced(a), synced(b)]);
    putRecords(a.doc, [geoShape({ id: 'shape:box', x: 1 })]);
    // B seeing it means the server stored it first.
    await waitFor(() => shapeIds(b.doc).includes('shape:box'), 5_000, 'relay');
    a.destroy();
    b.destroy();
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');

    const second = await startServerProcess(dataDir);
    const c = connectProvider(second.url, id, { token: board.candidateToken });
    await synced(c);
    expect(shapeX(c.doc, 'shape:box')).toBe(1);
    putRecords(c.doc, [geoShape({ id: 'shape:arrow', x: 2 })]);
    const d = connectProvider(second.url, id, { token: board.candidateToken });
    await waitFor(() => shapeIds(d.doc).includes('shape:arrow'), 5_000, 'relay after restart');
    c.destroy();
    d.destroy();
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);

    const third = await startServerProcess(dataDir);
    const e = connectProvider(third.url, id, { token: board.candidateToken });
    await synced(e);
    expect(shapeIds(e.doc)).toEqual(['shape:arrow', 'shape:box']);
    expect(readTldrawRecords(e.doc)).toEqual(readTldrawRecords(c.doc));
    const meta = await fetch(`${third.url}/api/boards/${id}`, { headers: { cookie: board.interviewer } });
    expect(meta.status).toBe(200);
  });
});
