/**
 * Crash durability: clients draw while the server is killed with SIGKILL at a random moment;
 * after a restart, everything an observer saw relayed is in the reloaded document.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { connectProvider, createBoard, onCleanup, synced, tempDir, waitFor } from '../testing/harness';
import { startServerProcess } from '../testing/process';
import { geoShape, putRecords } from '../../lib/board/fixtures';
import { readTldrawRecords } from '../../lib/board/schema';

function recordsById(doc: Y.Doc): Record<string, unknown> {
  return Object.fromEntries(readTldrawRecords(doc).map((r) => [r.id, r]));
}

/** Crash cycles (the target: zero lost updates across 20). */
const CYCLES = 20;

describe('crash durability', () => {
  it(`loses nothing an observer saw across ${CYCLES} kill -9 cycles`, async () => {
    const dataDir = tempDir();
    let server = await startServerProcess(dataDir);
    onCleanup(() => server.stop().then(() => undefined));
    const board = await createBoard(server.url);
    let expectedKeys = 0;

    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const writer = connectProvider(server.url, board.id, { token: board.candidateToken });
      const observer = connectProvider(server.url, board.id, { token: board.candidateToken });
      await Promise.all([synced(writer), synced(observer)]);
      // Draw: a stroke is many small updates; keep going until the kill.
      let i = 0;
      const drawing = setInterval(() => {
        putRecords(writer.doc, [geoShape({ id: `shape:c${cycle}-${i++}`, x: i, y: cycle })]);
      }, 5);
      // Once the observer sees the drawing arrive, the kill comes at a random moment: time is the subject.
      await waitFor(() => Object.keys(recordsById(observer.doc)).length > expectedKeys, 20_000, 'relay');
      await new Promise((r) => setTimeout(r, Math.random() * 300));
      await server.stop('SIGKILL');
      clearInterval(drawing);
      // What the observer saw relayed is what must survive.
      const seen = recordsById(observer.doc);
      const seenVector = Y.decodeStateVector(Y.encodeStateVector(observer.doc));
      writer.destroy();
      observer.destroy();
      expect(Object.keys(seen).length).toBeGreaterThan(expectedKeys);

      server = await startServerProcess(dataDir);
      const reader = connectProvider(server.url, board.id, { token: board.candidateToken });
      await synced(reader);
      const reloaded = recordsById(reader.doc);
      // One comparison per cycle (thousands of separate assertions would dominate the test).
      const lost = Object.keys(seen).filter(
        (key) => JSON.stringify(reloaded[key]) !== JSON.stringify(seen[key]),
      );
      expect(lost, `cycle ${cycle}: records seen but not reloaded as seen`).toEqual([]);
      const reloadedVector = Y.decodeStateVector(Y.encodeStateVector(reader.doc));
      for (const [client, clock] of seenVector)
        expect(reloadedVector.get(client) ?? 0).toBeGreaterThanOrEqual(clock);
      expectedKeys = Object.keys(reloaded).length;
      reader.destroy();
    }
    expect(expectedKeys).toBeGreaterThan(CYCLES * 5); // every cycle drew and kept something
  }, 240_000); // 20 restarts of a real server process: 27-40 s alone, 65-70 s beside browser tests
});
