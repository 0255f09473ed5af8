/**
 * What a board's records take in the server's memory once decoded is bounded, not only their bytes
 * (docs/architecture.md, "Authority"). A record of 21,000 empty objects is 64 KiB of JSON and
 * 1.4 MB of heap: within the byte cap (64 MiB) such records took one board to 2.5 GB. Past
 * `MAX_DOCUMENT_RECORD_MEMORY` updates that add records are closed with 4413; deleting records
 * still works, and gives the memory back.
 */
import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { CloseCode } from '../../lib/protocol';
import { MAX_DOCUMENT_RECORD_MEMORY } from '../../lib/limits';
import { encodeSyncUpdate } from '../../lib/wire';
import { RecordIndex, recordMemory } from '../../lib/board/authority';
import { readTldrawRecords, tldrawEntries, tldrawRecords } from '../../lib/board/schema';
import { MAX_RECORD_JSON_CHARS } from '../../lib/board/tldrawSchema';
import type { RecordJson } from '../../lib/board/schema';
import {
  connectProvider,
  createBoard,
  rawSocket,
  startTestServer,
  synced,
  waitFor,
} from '../testing/harness';
import { appendingUpdate, captureUpdate, cloneDoc, geoShape } from '../testing/content';
import { closedWithin, interviewerStillDraws, joined } from '../testing/probes';

const CLOSE_WAIT_MS = 10_000;
const PER_FRAME = 30;

/** A valid shape whose meta holds as many empty objects as fit in one record: 64 KiB, ~1.5 MB decoded. */
function heavyShape(id: string): RecordJson {
  const shape = geoShape({ id });
  const room = MAX_RECORD_JSON_CHARS - JSON.stringify(shape).length - 100;
  return { ...shape, meta: { pad: Array.from({ length: Math.floor(room / 3) }, () => ({})) } };
}

/**
 * Frames that each append `PER_FRAME` heavy shapes to the board `base` holds. The sender forgets
 * each frame's shapes once it is encoded (a local delete it never sends), so the test process does
 * not hold them all.
 */
function heavyFrames(base: Y.Doc, frames: number, prefix: string): Uint8Array[] {
  const mirror = cloneDoc(base);
  const out: Uint8Array[] = [];
  for (let f = 0; f < frames; f++) {
    const shapes = Array.from({ length: PER_FRAME }, (_, i) => heavyShape(`shape:${prefix}${f}x${i}`));
    out.push(
      captureUpdate(mirror, (d) => tldrawEntries(d).push(shapes.map((val) => ({ key: val.id, val })))),
    );
    const entries = tldrawEntries(mirror);
    entries.delete(entries.length - PER_FRAME, PER_FRAME);
  }
  mirror.destroy();
  return out;
}

const heavyCount = (doc: Y.Doc, prefix: string) =>
  readTldrawRecords(doc).filter((r) => r.id.startsWith(`shape:${prefix}`)).length;

describe("records' decoded memory", () => {
  it(`closes with 4413 updates past ${MAX_DOCUMENT_RECORD_MEMORY} bytes of records; deleting gives the memory back`, async () => {
    const server = await startTestServer();
    const board = await createBoard(server.url);
    const interviewer = connectProvider(server.url, board.id, { cookie: board.interviewer });
    await synced(interviewer);

    const base = new RecordIndex(interviewer.doc).memory;
    const frameMemory = PER_FRAME * recordMemory({ key: 'shape:h0x00', val: heavyShape('shape:h0x00') });
    // The frames that fit under the limit, and one more for it to refuse.
    const fit = Math.floor((MAX_DOCUMENT_RECORD_MEMORY - base) / frameMemory);
    expect(fit).toBeGreaterThan(0);

    const attack = async (prefix: string) => {
      const sender = rawSocket(server.url, board.id, { token: board.candidateToken });
      await joined(sender);
      // Each frame well under the message and byte caps: only the memory estimate stops them.
      for (const frame of heavyFrames(interviewer.doc, fit + 2, prefix))
        sender.ws.send(encodeSyncUpdate(frame));
      expect(await closedWithin(sender, CLOSE_WAIT_MS)).toEqual({
        code: CloseCode.DocumentTooLarge,
        reason: "document is at its size limit: its records would take too much of the server's memory",
      });
      // Exactly the frames that fit: stored and relayed, the rest not.
      await waitFor(
        () => heavyCount(interviewer.doc, prefix) === fit * PER_FRAME,
        10_000,
        'the frames that fit',
      );
    };
    await attack('h');

    // The interviewer deletes them (deleting adds nothing), and the board takes as much again.
    const kv = tldrawRecords(interviewer.doc);
    interviewer.doc.transact(() => {
      for (const r of readTldrawRecords(interviewer.doc)) if (r.id.startsWith('shape:h')) kv.delete(r.id);
    });
    const seen = await interviewerStillDraws(server.url, board.id, interviewer, board.candidateToken);
    expect(seen.filter((r) => r.id.startsWith('shape:h'))).toHaveLength(0);
    await attack('g');
  });

  it('refuses values whose keys V8 stores as array indices before they take memory (12-31 KB per object)', async () => {
    const server = await startTestServer();
    const board = await createBoard(server.url);
    const interviewer = connectProvider(server.url, board.id, { cookie: board.interviewer });
    await synced(interviewer);
    // Three shapes of 3,100 objects `{"1023": 0, "2575": 0}`: 150 KB that decoded by Yjs took 280 MB.
    const sparse = (id: string): RecordJson => ({
      ...geoShape({ id }),
      meta: { a: Array.from({ length: 3_100 }, () => ({ '1023': 0, '2575': 0 })) },
    });
    const update = appendingUpdate(interviewer.doc, ['shape:s1', 'shape:s2', 'shape:s3'].map(sparse));
    const heapBefore = process.memoryUsage().heapUsed;
    const candidate = rawSocket(server.url, board.id, { token: board.candidateToken });
    await joined(candidate);
    candidate.ws.send(encodeSyncUpdate(update));
    expect(await closedWithin(candidate, CLOSE_WAIT_MS)).toEqual({
      code: CloseCode.Malformed,
      reason: 'invalid update: a value has the key "1023", which no record has',
    });
    // A read-only link's frames are decoded only to close malformed ones: the same reader.
    const reviewer = rawSocket(server.url, board.id, { token: board.reviewToken });
    await joined(reviewer);
    reviewer.ws.send(encodeSyncUpdate(update));
    expect(await closedWithin(reviewer, CLOSE_WAIT_MS)).toEqual({
      code: CloseCode.Malformed,
      reason: 'invalid update: update does not decode',
    });
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(64 * 1024 * 1024);
    const seen = await interviewerStillDraws(server.url, board.id, interviewer, board.reviewToken);
    expect(seen.some((r) => r.id.startsWith('shape:s'))).toBe(false);
  });
});
