/**
 * Checking an update costs the server time whatever the verdict, and a refused one is stored
 * nowhere: a socket that reconnects could send the same 4 MiB update for ever, each costing
 * ~0.2-0.3 s of the event loop. Each link or session has an allowance of checking time per room
 * (docs/architecture.md, "Authority"); past it the room closes its sockets with 1013 before
 * looking at what they send, until the allowance has refilled. Others go on.
 */
import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { CloseCode } from '../../lib/protocol';
import { MAX_MESSAGE_BYTES } from '../../lib/limits';
import { encodeSyncUpdate } from '../../lib/wire';
import { readTldrawRecords, tldrawEntries, type RecordJson } from '../../lib/board/schema';
import { MAX_RECORD_JSON_CHARS } from '../../lib/board/tldrawSchema';
import { DEFAULT_CONFIG } from '../config';
import {
  connectProvider,
  createBoard,
  rawSocket,
  startTestServer,
  synced,
  waitFor,
} from '../testing/harness';
import { captureUpdate, cloneDoc, geoShape, putRecords } from '../testing/content';
import { closedWithin, joined } from '../testing/probes';

const CLOSE_WAIT_MS = 10_000;

/** An update just under the message cap: valid shapes full of numbers to validate, and one invalid at the end. */
function expensiveRefusedUpdate(base: Y.Doc): Uint8Array {
  const shape = geoShape({ id: 'shape:pad' });
  const room = MAX_RECORD_JSON_CHARS - JSON.stringify(shape).length - 100;
  const pad = Array.from({ length: Math.floor(room / 4) }, () => 1.5); // "1.5," each
  const padded = (id: string): RecordJson => ({ ...geoShape({ id }), meta: { pad } });
  const mirror = cloneDoc(base);
  const one = captureUpdate(cloneDoc(base), (d) =>
    tldrawEntries(d).push([{ key: 'shape:p', val: padded('shape:p') }]),
  );
  const count = Math.floor((MAX_MESSAGE_BYTES * 0.9) / one.length);
  const shapes = Array.from({ length: count }, (_, i) => padded(`shape:p${i}`));
  shapes.push({ ...geoShape({ id: 'shape:bad' }), x: 'not a number' });
  const update = captureUpdate(mirror, (d) =>
    tldrawEntries(d).push(shapes.map((val) => ({ key: val.id, val }))),
  );
  mirror.destroy();
  expect(update.length).toBeLessThan(MAX_MESSAGE_BYTES);
  expect(update.length).toBeGreaterThan(MAX_MESSAGE_BYTES * 0.7);
  return update;
}

describe('checking work', () => {
  it(`closes with 1013 a link that keeps sending refused updates (${DEFAULT_CONFIG.checking.burstMs} ms at once); others go on`, async () => {
    const server = await startTestServer();
    const board = await createBoard(server.url);
    const interviewer = connectProvider(server.url, board.id, { cookie: board.interviewer });
    await synced(interviewer);
    const frame = encodeSyncUpdate(expensiveRefusedUpdate(interviewer.doc));

    // Reconnect and send it again, as often as the server lets it be checked.
    const outcomes: string[] = [];
    for (let i = 0; i < 60; i++) {
      const sender = rawSocket(server.url, board.id, { token: board.candidateToken });
      await joined(sender);
      sender.ws.send(frame);
      const outcome = await closedWithin(sender, CLOSE_WAIT_MS);
      outcomes.push(typeof outcome === 'string' ? outcome : `${outcome.code} ${outcome.reason}`);
      if (typeof outcome !== 'string' && outcome.code === CloseCode.TryAgainLater) break;
    }
    const refused = `${CloseCode.Malformed} invalid update: invalid shape: At shape(type = geo).x: Expected number, got a string`;
    const limited = `${CloseCode.TryAgainLater} too much checking work from this link or session; try again later`;
    expect(outcomes.at(-1)).toBe(limited);
    // Each refused one took the server a while: only a handful fit in the allowance.
    expect(outcomes.length).toBeGreaterThan(1);
    expect(outcomes.slice(0, -1)).toEqual(outcomes.slice(0, -1).map(() => refused));

    // The next one is closed before it is looked at; the interviewer's edits go on.
    const again = rawSocket(server.url, board.id, { token: board.candidateToken });
    await joined(again);
    again.ws.send(frame);
    expect(await closedWithin(again, CLOSE_WAIT_MS)).toEqual({
      code: CloseCode.TryAgainLater,
      reason: 'too much checking work from this link or session; try again later',
    });
    putRecords(interviewer.doc, [geoShape({ id: 'shape:after' })]);
    const reviewer = connectProvider(server.url, board.id, { token: board.reviewToken });
    await synced(reviewer);
    await waitFor(
      () => readTldrawRecords(reviewer.doc).some((r) => r.id === 'shape:after'),
      5_000,
      "the interviewer's shape",
    );
    expect(readTldrawRecords(reviewer.doc).some((r) => r.id.startsWith('shape:p'))).toBe(false);
  });
});
