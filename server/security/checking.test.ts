/**
 * Checking an update costs the server time whatever the verdict, and a refused one is stored
 * nowhere: a socket that reconnects could send the same 4 MiB update for ever, each costing
 * ~0.1-0.3 s of the event loop. Encoding a whole board for a socket that reconnects is the same.
 * Each link or session has an allowance of bytes checked and answered whole per room
 * (docs/architecture.md, "Authority"); past it the room closes its sockets with 1013 before
 * looking at what they send, or before encoding the board for them, until it has refilled.
 * Others go on.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '../../lib/protocol';
import { MAX_MESSAGE_BYTES } from '../../lib/limits';
import { encodeSyncStep1, encodeSyncUpdate } from '../../lib/wire';
import * as encoding from 'lib0/encoding';
import { readTldrawRecords, type RecordJson } from '../../lib/board/schema';
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
import { appendingUpdate, geoShape, putRecords } from '../testing/content';
import { closedWithin, interviewerStillDraws, joined } from '../testing/probes';
import { awarenessFrame, isSyncStep2, wholeDocumentStep1 } from '../testing/frames';

const CLOSE_WAIT_MS = 10_000;
const MiB = 1024 * 1024;

/** An update just under the message cap: valid shapes full of numbers to validate, and one invalid at the end. */
function expensiveRefusedUpdate(base: Y.Doc): Uint8Array {
  const shape = geoShape({ id: 'shape:pad' });
  const room = MAX_RECORD_JSON_CHARS - JSON.stringify(shape).length - 100;
  const pad = Array.from({ length: Math.floor(room / 4) }, () => 1.5); // "1.5," each
  const padded = (id: string): RecordJson => ({ ...geoShape({ id }), meta: { pad } });
  const one = appendingUpdate(base, [padded('shape:p')]);
  const count = Math.floor((MAX_MESSAGE_BYTES * 0.9) / one.length);
  const shapes = Array.from({ length: count }, (_, i) => padded(`shape:p${i}`));
  shapes.push({ ...geoShape({ id: 'shape:bad' }), x: 'not a number' });
  const update = appendingUpdate(base, shapes);
  expect(update.length).toBeLessThan(MAX_MESSAGE_BYTES);
  expect(update.length).toBeGreaterThan(MAX_MESSAGE_BYTES * 0.7);
  return update;
}

describe('checking work', () => {
  it(`closes with 1013 a link that keeps sending refused updates (${DEFAULT_CONFIG.checking.burstBytes} bytes at once); others go on`, async () => {
    const server = await startTestServer();
    const board = await createBoard(server.url);
    const interviewer = connectProvider(server.url, board.id, { cookie: board.interviewer });
    await synced(interviewer);
    const frame = encodeSyncUpdate(expensiveRefusedUpdate(interviewer.doc));

    // Reconnect and send it again, as often as the server lets it be checked.
    const outcomes: string[] = [];
    const started = performance.now();
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
    // Each refused one took the server a while: only the allowance's worth are looked at, what it
    // held at first and what refilled while they were sent.
    const { burstBytes, bytesPerSecond } = DEFAULT_CONFIG.checking;
    const refilled = ((performance.now() - started) / 1000) * bytesPerSecond;
    expect(outcomes.length - 1).toBeGreaterThanOrEqual(Math.floor(burstBytes / frame.length));
    expect(outcomes.length - 1).toBeLessThanOrEqual(Math.floor((burstBytes + refilled) / frame.length));
    expect(outcomes.slice(0, -1)).toEqual(outcomes.slice(0, -1).map(() => refused));

    // The next one is closed before it is looked at; the interviewer's edits go on.
    const again = rawSocket(server.url, board.id, { token: board.candidateToken });
    await joined(again);
    again.ws.send(frame);
    expect(await closedWithin(again, CLOSE_WAIT_MS)).toEqual({
      code: CloseCode.TryAgainLater,
      reason: 'too much checking work from this link or session; try again later',
    });
    const seen = await interviewerStillDraws(server.url, board.id, interviewer, board.reviewToken);
    expect(seen.some((r) => r.id.startsWith('shape:p'))).toBe(false);
  });

  it('closes with 1013 a link that keeps reconnecting for the whole board; others still get it', async () => {
    const server = await startTestServer({ checking: { burstBytes: 3 * MiB, bytesPerSecond: 1 } });
    const board = await createBoard(server.url);
    const interviewer = connectProvider(server.url, board.id, { cookie: board.interviewer });
    await synced(interviewer);
    const payload = 'x'.repeat(50_000);
    putRecords(
      interviewer.doc,
      Array.from({ length: 20 }, (_, i) => ({ ...geoShape({ id: `shape:w${i}` }), meta: { payload } })),
    );
    await server.rooms.withRoom(board.id, (room) => room.persisted());
    const size = Y.encodeStateAsUpdate(interviewer.doc).length; // ~1 MB

    const answered: boolean[] = [];
    for (let i = 0; i < 10; i++) {
      const socket = rawSocket(server.url, board.id, { token: board.reviewToken });
      await joined(socket);
      socket.ws.send(wholeDocumentStep1());
      let closed = false;
      void socket.closed.then(() => (closed = true));
      await waitFor(
        () => closed || socket.messages.some((m) => isSyncStep2(m)),
        CLOSE_WAIT_MS,
        'an answer or a close',
      );
      const got = socket.messages.some((m) => isSyncStep2(m));
      answered.push(got);
      if (!got) {
        expect(await closedWithin(socket, CLOSE_WAIT_MS)).toEqual({
          code: CloseCode.TryAgainLater,
          reason: 'too many full syncs for this link or session; try again later',
        });
        break;
      }
      socket.ws.close();
    }
    // The allowance's worth of whole boards, then a close instead of the next.
    expect(answered).toEqual([...answered.slice(0, -1).map(() => true), false]);
    expect(answered.length - 1).toBe(Math.ceil((3 * MiB) / size));
    // Another credential still gets the board.
    const candidate = connectProvider(server.url, board.id, { token: board.candidateToken });
    await synced(candidate);
    expect(readTldrawRecords(candidate.doc).filter((r) => r.id.startsWith('shape:w'))).toHaveLength(20);
  });

  it("closes with 1013 a link whose presence frames pass the same allowance; others' presence goes on", async () => {
    const server = await startTestServer({ checking: { burstBytes: 20_000, bytesPerSecond: 1 } });
    const board = await createBoard(server.url);
    const sender = rawSocket(server.url, board.id, { token: board.candidateToken });
    await joined(sender);
    const frame = (clock: number) =>
      awarenessFrame([{ clientID: 0x5eed, clock, state: { user: { id: 'c', name: 'Cai', color: '#00d' } } }]);
    const size = frame(1).length;
    // Each frame is parsed and validated before the room looks at it: bytes like any other.
    for (let clock = 1; clock <= 2 * Math.ceil(20_000 / size); clock++) sender.ws.send(frame(clock));
    expect(await closedWithin(sender, CLOSE_WAIT_MS)).toEqual({
      code: CloseCode.TryAgainLater,
      reason: 'too much checking work from this link or session; try again later',
    });
    const interviewer = connectProvider(server.url, board.id, { cookie: board.interviewer });
    await synced(interviewer);
    interviewer.awareness.setLocalStateField('user', { id: 'i', name: 'Ines', color: '#d00' });
    const reviewer = connectProvider(server.url, board.id, { token: board.reviewToken });
    await synced(reviewer);
    await waitFor(
      () => [...reviewer.awareness.getStates().values()].some((s) => s.user?.name === 'Ines'),
      5_000,
      "the interviewer's presence",
    );
  });

  it('refuses a sync request naming far more clients than the board has, before Yjs decodes it', async () => {
    const server = await startTestServer();
    const board = await createBoard(server.url);
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 5_000);
    for (let client = 1; client <= 5_000; client++) {
      encoding.writeVarUint(e, client);
      encoding.writeVarUint(e, 1);
    }
    const reviewer = rawSocket(server.url, board.id, { token: board.reviewToken });
    await joined(reviewer);
    reviewer.ws.send(encodeSyncStep1(encoding.toUint8Array(e)));
    expect(await closedWithin(reviewer, CLOSE_WAIT_MS)).toEqual({
      code: CloseCode.Malformed,
      reason: 'invalid sync request: it names 5000 clients',
    });
    // One whose count fits its bytes but whose entries do not decode: read once, in the room.
    const malformed = rawSocket(server.url, board.id, { token: board.reviewToken });
    await joined(malformed);
    malformed.ws.send(encodeSyncStep1(new Uint8Array([2, 1, 1, 1, 200])));
    expect(await closedWithin(malformed, CLOSE_WAIT_MS)).toEqual({
      code: CloseCode.Malformed,
      reason: 'invalid sync request: state vector does not decode',
    });
    // An honest request still gets its answer.
    const candidate = connectProvider(server.url, board.id, { token: board.candidateToken });
    await synced(candidate);
  });
});
