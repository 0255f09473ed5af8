/**
 * Reads of a board's whole record (`/log`, `history?at=`, `summary.md`) each read and decode the
 * log: a review link is held by outsiders, so one credential may make `reviewReadsPerMinute` (60)
 * of them per board (docs/architecture.md, "Authority"). Before, a link holder could ask for them
 * without bound: on a two-hour uncompacted log one `history?at=` costs the server ~0.3 s of a
 * core (on its merge thread since 2026-12-04; on its event loop before).
 * Following a live board (`/log?after=`) reads a bounded page by the index and is not counted.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DEFAULT_CONFIG } from '../config';
import { FOLLOW_ENTRIES_MAX, LOG_THROUGH_HEADER, decodeLog } from '../../lib/history';
import { geoShape, putRecords } from '../../lib/board/fixtures';
import { connectProvider, createBoard, startTestServer, synced, waitFor } from '../testing/harness';

describe("reads of a board's record", () => {
  it(`answers 429 past ${DEFAULT_CONFIG.reviewReadsPerMinute} a minute per credential and board; polls, other credentials and boards go on`, async () => {
    const server = await startTestServer();
    const board = await createBoard(server.url);
    const other = await createBoard(server.url, 'Other', board.interviewer);
    const asReviewer = (id: string, token: string, path: string) =>
      fetch(`${server.url}/api/boards/${id}${path}${path.includes('?') ? '&' : '?'}token=${token}`);
    const paths = ['/log', `/history?at=${Date.now()}`, '/summary.md'];
    const limit = DEFAULT_CONFIG.reviewReadsPerMinute;
    const started = Date.now();
    for (let i = 0; i < limit; i++) {
      const res = await asReviewer(board.id, board.reviewToken, paths[i % paths.length]!);
      expect(res.status, `read ${i + 1} of ${limit}`).toBe(200);
      await res.arrayBuffer();
    }
    // Past the budget: refused, give or take what refilled meanwhile (one read a second).
    let extra = 0;
    for (; ; extra++) {
      const res = await asReviewer(board.id, board.reviewToken, paths[extra % paths.length]!);
      if (res.status === 429) {
        expect(res.headers.get('retry-after')).toMatch(/^\d+(\.\d+)?$/);
        expect(await res.json()).toEqual({ error: "too many reads of this board's record; try again later" });
        break;
      }
      expect(res.status).toBe(200);
      await res.arrayBuffer();
      expect(extra, 'reads past the budget before a 429').toBeLessThan(
        Math.ceil((Date.now() - started) / 1000) + 1,
      );
    }

    // Following the board is not counted; the interviewer and another board have their own budget.
    const poll = await asReviewer(board.id, board.reviewToken, '/log?after=0');
    expect(poll.status).toBe(200);
    const log = await fetch(`${server.url}/api/boards/${board.id}/log`, {
      headers: { cookie: board.interviewer },
    });
    expect(log.status).toBe(200);
    expect((await asReviewer(other.id, other.reviewToken, '/log')).status).toBe(200);
  });

  it(`answers a poll with at most ${FOLLOW_ENTRIES_MAX} entries; the next poll carries on from there`, async () => {
    const server = await startTestServer();
    const board = await createBoard(server.url);
    const writer = connectProvider(server.url, board.id, { token: board.candidateToken });
    await synced(writer);
    const total = async () => (await server.store.readLog(board.id)).length;
    await waitFor(
      async () => {
        for (let i = 0; i < 100; i++)
          putRecords(writer.doc, [geoShape({ id: `shape:s${i}`, x: Math.random() })]);
        return (await total()) > FOLLOW_ENTRIES_MAX + 10;
      },
      20_000,
      'more entries than one poll holds',
    );
    // Everything the writer sent has reached the room and is stored.
    const sv = Buffer.from(Y.encodeStateVector(writer.doc));
    await waitFor(
      () => server.rooms.withRoom(board.id, (room) => sv.equals(Y.encodeStateVector(room.doc))),
      5_000,
      'the room to hold all of it',
    );
    await server.rooms.withRoom(board.id, (room) => room.persisted());
    writer.destroy();
    const stored = await total();
    const poll = async (after: number) => {
      const res = await fetch(
        `${server.url}/api/boards/${board.id}/log?after=${after}&token=${board.reviewToken}`,
      );
      return {
        entries: decodeLog(new Uint8Array(await res.arrayBuffer())),
        through: Number(res.headers.get(LOG_THROUGH_HEADER)),
      };
    };
    const first = await poll(0);
    expect(first.entries).toHaveLength(FOLLOW_ENTRIES_MAX);
    const second = await poll(first.through);
    expect(first.entries.length + second.entries.length).toBe(stored);
  });
});
