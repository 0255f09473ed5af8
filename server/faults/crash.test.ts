/**
 * Crash durability: clients draw while the server is killed with SIGKILL at a random moment;
 * after a restart, everything an observer saw relayed is in the reloaded document.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { connectProvider, createBoard, onCleanup, synced, tempDir } from '../testing/harness';
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
        const strokes = [];
        for (let k = 0; k < 5; k++) strokes.push(geoShape({ id: `shape:c${cycle}-${i++}`, x: i, y: cycle }));
        putRecords(writer.doc, strokes);
      }, 5);
      await new Promise((r) => setTimeout(r, 150 + Math.random() * 350)); // a random moment: time is the subject
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
      for (const [key, value] of Object.entries(seen))
        expect(reloaded[key], `cycle ${cycle}: ${key}`).toEqual(value);
      const reloadedVector = Y.decodeStateVector(Y.encodeStateVector(reader.doc));
      for (const [client, clock] of seenVector)
        expect(reloadedVector.get(client) ?? 0).toBeGreaterThanOrEqual(clock);
      expectedKeys = Object.keys(reloaded).length;
      reader.destroy();
    }
    expect(expectedKeys).toBeGreaterThan(CYCLES * 20); // every cycle drew and kept something
  }, 120_000);
});
