/**
 * The room's failure branches, each against a fake log that fails, stalls or throws: whatever
 * storage does, the room never hangs, never relays what it did not store, and can be loaded
 * again once storage works.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import type { WebSocket } from 'ws';
import { EARLY_WAIT_MS, MAX_EARLY_BYTES, MAX_EARLY_BYTES_PER_ROOM, Room } from './room';
import { Rooms } from './rooms';
import { Connection } from './sync/connection';
import type { DocLog } from './storage/docLog';
import type { StoredDoc } from './storage/BoardStore';
import { createSeedUpdate } from '../lib/board/seed';
import { createBoardDoc, readTldrawRecords, tldrawRecords } from '../lib/board/schema';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { geoShape, putRecords } from '../lib/board/fixtures';
import { CloseCode } from '../lib/protocol';
import { setQuietLogs } from './log';
import { NOTHING } from './testing/frames';
import { DEFAULT_CONFIG } from './config';

setQuietLogs(true);
const BOARD = 'AAAAAAAAAAAAAAAAAAAAAA';

/** A socket that records what is sent to it and how it was closed. */
function fakeSocket() {
  const sent: Uint8Array[] = [];
  let closed: { code: number; reason: string } | null = null;
  const ws = {
    OPEN: 1,
    CLOSED: 3,
    readyState: 1,
    bufferedAmount: 0,
    send: (frame: Uint8Array) => sent.push(frame),
    close: (code: number, reason: string) => {
      closed = { code, reason };
      ws.readyState = 3;
    },
    terminate: () => {},
    once: () => {},
  };
  return { ws: ws as unknown as WebSocket, sent, closed: () => closed };
}

function connect(room: Room, canWrite = true) {
  const socket = fakeSocket();
  const conn = new Connection(
    socket.ws,
    { role: canWrite ? 'candidate' : 'reviewer', credential: 'c', address: '127.0.0.1' },
    room.docId,
    canWrite,
    1 << 20,
  );
  room.add(conn);
  socket.sent.length = 0; // the room's own sync step 1
  return { conn, ...socket };
}

/** A log over memory whose appends fail, stall or work as told. */
function fakeLog(seeded = true) {
  const stored: Uint8Array[] = seeded ? [createSeedUpdate()] : [];
  let mode: 'ok' | 'fail' | 'stall' = 'ok';
  const stalled: Array<() => void> = [];
  let loads = 0;
  let loadFails = false;
  const log: DocLog = {
    async load(): Promise<StoredDoc> {
      loads++;
      if (loadFails) throw new Error('storage is down');
      return {
        snapshot: null,
        updates: stored.map((bytes, i) => ({ seq: i + 1, at: i, bytes, actor: null, step: null })),
      };
    },
    append(_doc, bytes) {
      if (mode === 'fail') return Promise.reject(new Error('disk full'));
      const done = () => stored.push(bytes);
      if (mode === 'stall')
        return new Promise((resolve) => stalled.push(() => resolve({ seq: done(), at: 0 })));
      return Promise.resolve({ seq: done(), at: 0 });
    },
    snapshot: () => Promise.reject(new Error('snapshot store is down')),
  };
  return {
    log,
    stored,
    set: (m: typeof mode) => (mode = m),
    failLoads: (v: boolean) => (loadFails = v),
    release: () => stalled.splice(0).forEach((f) => f()),
    loads: () => loads,
  };
}

/** An update that adds one shape to what the room holds. */
function shapeUpdate(room: Room, id?: string): Uint8Array {
  const client = createBoardDoc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(room.doc));
  const before = Y.encodeStateVector(client);
  putRecords(client, [geoShape(id ? { id } : {})]);
  return Y.encodeStateAsUpdate(client, before);
}

/** An update that adds one shape whose text takes ~3.5 KB. */
function bigShapeUpdate(room: Room, n: number): Uint8Array {
  const client = createBoardDoc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(room.doc));
  const before = Y.encodeStateVector(client);
  putRecords(client, [geoShape({ id: `shape:big${n}`, text: `${n}`.padEnd(3_500, 'x') })]);
  return Y.encodeStateAsUpdate(client, before);
}

function recordIds(doc: Y.Doc): string[] {
  return readTldrawRecords(doc).map((r) => r.id);
}

/** The kind of a sync frame the room sent ('step1' | 'step2' | 'update'). */
function syncKind(frame: Uint8Array): string {
  const d = decoding.createDecoder(frame);
  decoding.readVarUint(d); // message type: sync
  return ['step1', 'step2', 'update'][decoding.readVarUint(d)] ?? 'other';
}

/** The update a sync step 2 or update frame carries. */
function syncPayload(frame: Uint8Array): Uint8Array {
  const d = decoding.createDecoder(frame);
  decoding.readVarUint(d);
  decoding.readVarUint(d);
  return decoding.readVarUint8Array(d);
}

const settle = () => new Promise((r) => setImmediate(r));

function room(
  log: DocLog,
  onBroken = () => {},
  maxRecordMemory = DEFAULT_CONFIG.maxRecordMemory,
  maxDocumentBytes = 1 << 24,
) {
  return new Room(BOARD, {
    log,
    snapshotEveryUpdates: 1_000,
    maxDocumentBytes,
    maxDocumentStructs: DEFAULT_CONFIG.maxDocumentStructs,
    maxRecordMemory,
    placement: DEFAULT_CONFIG.placement,
    checking: DEFAULT_CONFIG.checking,
    onBroken,
  });
}

describe('a room when storage fails', () => {
  it('breaks when an append fails: closes everyone with 1013, relays nothing, and still closes', async () => {
    const fake = fakeLog();
    let broke = 0;
    const r = room(fake.log, () => broke++);
    await r.load();
    const a = connect(r);
    const b = connect(r);
    fake.set('fail');
    r.handle(a.conn, { kind: 'sync-update', update: shapeUpdate(r) });
    await r.persisted(); // settles although the write failed
    expect(r.state).toBe('broken');
    expect(broke).toBe(1);
    expect(b.sent).toHaveLength(0);
    expect(a.closed()?.code).toBe(CloseCode.TryAgainLater);
    expect(b.closed()?.code).toBe(CloseCode.TryAgainLater);
    await r.close(); // never hangs on the failed write
    expect(r.state).toBe('closed');
  });

  it('answers a sync request only once what it holds is stored', async () => {
    const fake = fakeLog();
    const r = room(fake.log);
    await r.load();
    const a = connect(r);
    const b = connect(r);
    fake.set('stall');
    r.handle(a.conn, { kind: 'sync-update', update: shapeUpdate(r) });
    r.handle(b.conn, { kind: 'sync-step1', stateVector: Y.encodeStateVector(new Y.Doc()) });
    await settle();
    expect(b.sent).toHaveLength(0); // neither the relay nor the answer before the write
    fake.release();
    await r.persisted();
    expect(b.sent).toHaveLength(2);
  });

  it('answers a sync request although writes keep coming: updates that arrive meanwhile wait for the answer', async () => {
    const fake = fakeLog();
    const r = room(fake.log);
    await r.load();
    const writer = connect(r);
    const reader = connect(r);
    fake.set('stall');
    r.handle(writer.conn, { kind: 'sync-update', update: shapeUpdate(r, 'shape:first') });
    r.handle(reader.conn, { kind: 'sync-step1', stateVector: Y.encodeStateVector(new Y.Doc()) });
    // The writer keeps drawing. With an append always under way the answer used to never come.
    r.handle(writer.conn, { kind: 'sync-update', update: shapeUpdate(r, 'shape:second') });
    await settle();
    expect(reader.sent).toHaveLength(0);
    expect(recordIds(r.doc)).not.toContain('shape:second'); // held, not applied

    fake.release(); // the first is stored: the relay of the first, then the answer
    await settle();
    expect(reader.sent.map(syncKind)).toEqual(['update', 'step2']);
    const answered = createBoardDoc();
    Y.applyUpdate(answered, syncPayload(reader.sent[1]!));
    expect(recordIds(answered)).toContain('shape:first');
    expect(recordIds(answered)).not.toContain('shape:second'); // not stored when the answer left
    expect(recordIds(r.doc)).toContain('shape:second'); // applied right after the answer

    fake.release();
    await r.persisted();
    expect(reader.sent.map(syncKind)).toEqual(['update', 'step2', 'update']);
    expect(fake.stored).toHaveLength(3); // seed, first, second
    expect(writer.closed()).toBeNull();
  });

  it("drops a read-only connection's updates while a sync answer waits, instead of holding them", async () => {
    const fake = fakeLog();
    const r = room(fake.log);
    await r.load();
    const writer = connect(r);
    const reviewer = connect(r, false);
    fake.set('stall');
    r.handle(writer.conn, { kind: 'sync-update', update: shapeUpdate(r, 'shape:first') });
    r.handle(reviewer.conn, { kind: 'sync-step1', stateVector: Y.encodeStateVector(new Y.Doc()) });
    // 20 MiB from the reviewer would overflow the 16 MiB hold if it were held: the writer is not refused.
    const big = new Uint8Array(4 * 1024 * 1024);
    for (let i = 0; i < 5; i++) r.handle(reviewer.conn, { kind: 'sync-update', update: big });
    r.handle(writer.conn, { kind: 'sync-update', update: shapeUpdate(r, 'shape:second') });
    fake.release();
    await settle();
    fake.release();
    await r.persisted();
    expect(writer.closed()).toBeNull();
    expect(recordIds(r.doc)).toContain('shape:second');
  });

  it('stays live when a snapshot fails', async () => {
    const fake = fakeLog();
    const r = room(fake.log);
    await r.load();
    const a = connect(r);
    r.handle(a.conn, { kind: 'sync-update', update: shapeUpdate(r) });
    await r.persisted();
    await r.snapshot();
    expect(r.state).toBe('live');
  });

  it('loads again after a failed load, and after breaking, once storage works', async () => {
    const fake = fakeLog();
    const rooms = new Rooms({
      log: fake.log,
      snapshotEveryUpdates: 1_000,
      maxDocumentBytes: 1 << 24,
      maxDocumentStructs: DEFAULT_CONFIG.maxDocumentStructs,
      maxRecordMemory: DEFAULT_CONFIG.maxRecordMemory,
      placement: DEFAULT_CONFIG.placement,
      checking: DEFAULT_CONFIG.checking,
      idleRoomTtlMs: 10,
    });
    fake.failLoads(true);
    await expect(rooms.acquire(BOARD)).rejects.toThrow('storage is down');
    fake.failLoads(false);
    const first = await rooms.acquire(BOARD);
    expect(first.state).toBe('live');
    const a = connect(first);
    fake.set('fail');
    first.handle(a.conn, { kind: 'sync-update', update: shapeUpdate(first) });
    await first.persisted();
    fake.set('ok');
    const second = await rooms.acquire(BOARD); // waits for the broken room to unload, then reloads
    expect(second).not.toBe(first);
    expect(second.state).toBe('live');
    expect(fake.loads()).toBe(3);
    await rooms.closeAll();
  });
});

/** A loaded room on a fake log, with two writers in it. */
async function twoInRoom() {
  const fake = fakeLog();
  const r = room(fake.log);
  await r.load();
  return { fake, r, a: connect(r), b: connect(r) };
}

describe('what a room stores and relays', () => {
  it('stores and relays a fresh update exactly as the client sent it', async () => {
    const { fake, r, a, b } = await twoInRoom();
    const update = shapeUpdate(r, 'shape:fresh');
    r.handle(a.conn, { kind: 'sync-update', update });
    await r.persisted();
    expect(fake.stored.at(-1)).toEqual(update);
    expect(b.sent.map(syncPayload)).toEqual([update]);
  });

  it('never stores or relays bytes after an update, and closes the sender for them', async () => {
    const { fake, r, a, b } = await twoInRoom();
    const update = shapeUpdate(r, 'shape:padded');
    const padded = new Uint8Array([...update, 7, 7, 7, 7]);
    expect(() => r.handle(a.conn, { kind: 'sync-update', update: padded })).toThrow(
      'invalid update: trailing bytes after update',
    );
    await r.persisted();
    expect(fake.stored.at(-1)).toEqual(update);
    expect(b.sent.map(syncPayload)).toEqual([update]);
  });

  it('stores only what is new of an update that repeats what the room has', async () => {
    const { fake, r, a, b } = await twoInRoom();
    const first = shapeUpdate(r, 'shape:first');
    r.handle(a.conn, { kind: 'sync-update', update: first });
    await r.persisted();
    // A reconnecting client's sync step 2 holds the first shape again and a second one.
    const second = shapeUpdate(r, 'shape:second');
    const both = Y.mergeUpdates([first, second]);
    r.handle(a.conn, { kind: 'sync-step2', update: both });
    await r.persisted();
    expect(fake.stored).toHaveLength(3); // seed, first, what is new of both
    const stored = fake.stored[2]!;
    expect(stored).not.toEqual(both);
    expect(Y.decodeUpdate(stored).structs.map((s) => s.id)).toEqual(
      Y.decodeUpdate(second).structs.map((s) => s.id),
    );
    expect(b.sent.map(syncPayload)).toEqual([first, stored]);
    // Everything again: nothing new, nothing stored or relayed.
    r.handle(a.conn, { kind: 'sync-step2', update: both });
    await r.persisted();
    expect(fake.stored).toHaveLength(3);
    expect(b.sent).toHaveLength(2);
    const replayed = createBoardDoc();
    for (const u of fake.stored) Y.applyUpdate(replayed, u);
    expect(recordIds(replayed)).toEqual(recordIds(r.doc));
  });
});

/**
 * A client that is ahead of the room: it holds an edit the room never got (`withheld`), and
 * `dependent` builds on it. `answer(r)` is its sync answer to the room's step 1.
 */
function aheadClient(r: Room) {
  const client = createBoardDoc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(r.doc));
  const edits: Uint8Array[] = [];
  client.on('update', (u: Uint8Array) => edits.push(u));
  putRecords(client, [geoShape({ id: 'shape:withheld' })]);
  putRecords(client, [geoShape({ id: 'shape:dependent' })]);
  const [withheld, dependent] = edits as [Uint8Array, Uint8Array];
  return {
    client,
    withheld,
    dependent,
    answer: () => Y.encodeStateAsUpdate(client, Y.encodeStateVector(r.doc)),
  };
}

describe("a room's records in memory", () => {
  it('takes deletions on a board loaded past its memory limit, and refuses what adds to it', async () => {
    const fake = fakeLog();
    const first = room(fake.log);
    await first.load();
    const a = connect(first);
    first.handle(a.conn, { kind: 'sync-update', update: shapeUpdate(first, 'shape:one') });
    first.handle(a.conn, { kind: 'sync-update', update: shapeUpdate(first, 'shape:two') });
    await first.persisted();
    // The same board loaded where its records are over the limit (a limit lowered since).
    const r = room(fake.log, () => {}, 1);
    await r.load();
    const b = connect(r);
    expect(() => r.handle(b.conn, { kind: 'sync-update', update: shapeUpdate(r, 'shape:three') })).toThrow(
      "document is at its size limit: its records would take too much of the server's memory",
    );
    const client = createBoardDoc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(r.doc));
    const before = Y.encodeStateVector(client);
    tldrawRecords(client).delete('shape:one');
    r.handle(b.conn, { kind: 'sync-update', update: Y.encodeStateAsUpdate(client, before) });
    await r.persisted();
    expect(recordIds(r.doc)).not.toContain('shape:one');
    expect(recordIds(r.doc)).toContain('shape:two');
  });
});

describe("a room's document size", () => {
  /** `rounds` drags of `count` shapes from one client, each frame's update handed to the room. */
  function drag(r: Room, conn: Connection, count: number, rounds: number): void {
    const client = createBoardDoc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(r.doc));
    const shapes = Array.from({ length: count }, (_, i) => geoShape({ id: `shape:d${i}`, x: i * 10 }));
    client.on('update', (update: Uint8Array) => r.handle(conn, { kind: 'sync-update', update }));
    for (let round = 0; round <= rounds; round++) {
      putRecords(
        client,
        shapes.map((shape) => ({ ...shape, y: round })),
      );
    }
  }

  it("takes a long drag past the limit's worth of bytes: the document is measured before anyone is refused", async () => {
    const fake = fakeLog();
    const r = room(fake.log, () => {}, DEFAULT_CONFIG.maxRecordMemory, 256 * 1024);
    await r.load();
    const a = connect(r);
    drag(r, a.conn, 20, 300); // ~1.5 MB of updates for a document of ~10 KB
    await r.persisted();
    expect(a.closed()).toBeNull();
    const sent = fake.stored.slice(1).reduce((n, u) => n + u.length, 0);
    expect(sent).toBeGreaterThan(4 * 256 * 1024);
    expect(Y.encodeStateAsUpdate(r.doc).length).toBeLessThan(64 * 1024);
    expect(tldrawRecords(r.doc).get('shape:d19')?.y).toBe(300);
  });

  it('takes a writer after another instance relayed more than the limit in updates (that instance does not snapshot here)', async () => {
    const fake = fakeLog();
    const r = room(fake.log, () => {}, DEFAULT_CONFIG.maxRecordMemory, 256 * 1024);
    await r.load();
    // Another instance's client drags 20 shapes 300 times: each of its stored updates reaches
    // this room through the fan-out, applied and relayed, never stored or snapshotted here.
    const elsewhere = createBoardDoc();
    Y.applyUpdate(elsewhere, Y.encodeStateAsUpdate(r.doc));
    const shapes = Array.from({ length: 20 }, (_, i) => geoShape({ id: `shape:e${i}`, x: i * 10 }));
    let relayed = 0;
    elsewhere.on('update', (update: Uint8Array) => {
      relayed += update.length;
      expect(r.applyStoredElsewhere(update)).toBe(true);
    });
    for (let round = 0; round <= 300; round++) {
      putRecords(
        elsewhere,
        shapes.map((shape) => ({ ...shape, y: round })),
      );
    }
    expect(relayed).toBeGreaterThan(4 * 256 * 1024);
    const a = connect(r);
    r.handle(a.conn, { kind: 'sync-update', update: shapeUpdate(r, 'shape:here') });
    await r.persisted();
    expect(a.closed()).toBeNull();
    expect(recordIds(r.doc)).toContain('shape:here');
  });

  it('still refuses a document really at its limit', async () => {
    const fake = fakeLog();
    const r = room(fake.log, () => {}, DEFAULT_CONFIG.maxRecordMemory, 256 * 1024);
    await r.load();
    const a = connect(r);
    let refused: unknown = null;
    for (let i = 0; i < 200 && !refused; i++) {
      try {
        r.handle(a.conn, { kind: 'sync-update', update: bigShapeUpdate(r, i) });
      } catch (err) {
        refused = err;
      }
    }
    expect(refused).toMatchObject({
      code: CloseCode.DocumentTooLarge,
      message: 'document is at its size limit',
    });
    await r.persisted();
    expect(Y.encodeStateAsUpdate(r.doc).length).toBeLessThanOrEqual(256 * 1024);
    expect(Y.encodeStateAsUpdate(r.doc).length).toBeGreaterThan((7 / 8) * 256 * 1024);
  });

  it('snapshots once the updates since the last snapshot outweigh it (8 MiB at least), whatever their number', async () => {
    const fake = fakeLog();
    const snapshots: number[] = [];
    fake.log.snapshot = (_doc, snap) => {
      snapshots.push(snap.bytes.length);
      return Promise.resolve();
    };
    const r = room(fake.log);
    await r.load();
    const a = connect(r);
    drag(r, a.conn, 300, 80); // 81 updates (the room snapshots every 1,000) of ~120 KB each
    await r.persisted();
    expect(a.closed()).toBeNull();
    await vi.waitFor(() => expect(snapshots).toHaveLength(1), { timeout: 10_000 });
    expect(snapshots[0]).toBeLessThan(512 * 1024);
  });
});

describe('a client that is ahead of the room', () => {
  afterEach(() => vi.useRealTimers());

  it("keeps an update that needs what the room lacks until the sender's sync answer brings it", async () => {
    const { fake, r, a, b } = await twoInRoom();
    const ahead = aheadClient(r);
    // It draws before it has read the room's step 1: the edit arrives before its sync answer.
    r.handle(a.conn, { kind: 'sync-update', update: ahead.dependent });
    const later = shapeUpdate(r, 'shape:later'); // needs nothing, but comes after: it waits too
    r.handle(a.conn, { kind: 'sync-update', update: later });
    await r.persisted();
    expect(a.closed()).toBeNull();
    expect(fake.stored).toHaveLength(1); // the seed
    expect(b.sent).toEqual([]);
    expect(recordIds(r.doc)).not.toContain('shape:later');

    const answer = ahead.answer();
    r.handle(a.conn, { kind: 'sync-step2', update: answer });
    await r.persisted();
    expect(a.closed()).toBeNull();
    // The answer holds both edits; the waiting one adds nothing more; the later one follows.
    expect(fake.stored.slice(1)).toEqual([answer, later]);
    expect(b.sent.map(syncPayload)).toEqual([answer, later]);
    expect(recordIds(r.doc)).toEqual(
      expect.arrayContaining(['shape:withheld', 'shape:dependent', 'shape:later']),
    );
  });

  it('refuses a waiting update when the sync answer does not bring what it needs, and one after the answer at once', async () => {
    const { fake, r, a, b } = await twoInRoom();
    const ahead = aheadClient(r);
    r.handle(a.conn, { kind: 'sync-update', update: ahead.dependent });
    expect(() => r.handle(a.conn, { kind: 'sync-step2', update: NOTHING })).toThrow(
      'invalid update: missing dependencies',
    );
    // Once a connection has answered, an update that needs what the room lacks is refused as it comes.
    r.handle(b.conn, { kind: 'sync-step2', update: NOTHING });
    expect(() => r.handle(b.conn, { kind: 'sync-update', update: ahead.dependent })).toThrow(
      'invalid update: missing dependencies',
    );
    await r.persisted();
    expect(fake.stored).toHaveLength(1);
    expect(recordIds(r.doc)).not.toContain('shape:dependent');
  });

  it(`closes with 1013 a connection whose waiting updates pass ${MAX_EARLY_BYTES} bytes (a room's: ${MAX_EARLY_BYTES_PER_ROOM}), or whose answer does not come in ${EARLY_WAIT_MS} ms`, async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { fake, r, a, b } = await twoInRoom();
    const ahead = aheadClient(r);
    r.handle(a.conn, { kind: 'sync-update', update: ahead.dependent });
    vi.advanceTimersByTime(EARLY_WAIT_MS - 1);
    expect(a.closed()).toBeNull();
    vi.advanceTimersByTime(1);
    expect(a.closed()).toEqual({
      code: CloseCode.TryAgainLater,
      reason: expect.stringMatching(/no sync answer/),
    });

    // What follows a waiting update waits unread behind it (judged once the answer comes).
    const filler = new Uint8Array(MAX_EARLY_BYTES - ahead.dependent.length);
    const fill = (conn: Connection) => {
      r.handle(conn, { kind: 'sync-update', update: ahead.dependent });
      r.handle(conn, { kind: 'sync-update', update: filler });
    };
    fill(b.conn);
    expect(b.closed()).toBeNull();
    expect(() => r.handle(b.conn, { kind: 'sync-update', update: new Uint8Array(1) })).toThrow(
      'too many updates wait for the sync answer',
    );
    // All connections together: a room keeps at most MAX_EARLY_BYTES_PER_ROOM waiting.
    const full = Array.from({ length: MAX_EARLY_BYTES_PER_ROOM / MAX_EARLY_BYTES }, () => connect(r));
    for (const c of full) fill(c.conn);
    expect(full.map((c) => c.closed())).toEqual(full.map(() => null));
    expect(() => r.handle(connect(r).conn, { kind: 'sync-update', update: ahead.dependent })).toThrow(
      'too many updates wait for the sync answer',
    );
    await r.persisted();
    expect(fake.stored).toHaveLength(1);
  });
});

/** An awareness update of one client: its id, clock and state as JSON text. */
function presenceUpdate(clientId: number, clock: number, json: string): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint(e, clientId);
  encoding.writeVarUint(e, clock);
  encoding.writeVarString(e, json);
  return encoding.toUint8Array(e);
}

/** The entries of an awareness frame the room sent: [client id, clock, state JSON]. */
function presenceEntries(frame: Uint8Array): Array<[number, number, string]> {
  const d = decoding.createDecoder(frame);
  decoding.readVarUint(d); // message type: awareness
  const update = decoding.createDecoder(decoding.readVarUint8Array(d));
  return Array.from({ length: decoding.readVarUint(update) }, () => [
    decoding.readVarUint(update),
    decoding.readVarUint(update),
    decoding.readVarString(update),
  ]);
}

describe('presence in a room', () => {
  it('relays a presence as its JSON arrived, to everyone, and its removal when the connection goes', async () => {
    const r = room(fakeLog().log);
    await r.load();
    const a = connect(r);
    const b = connect(r);
    // Key order and spacing a serialiser would not reproduce: relayed as sent.
    const json = '{"user": {"color":"#0a0","name":"Cai","id":"cai"}}';
    const changes: unknown[] = [];
    r.awareness.on('change', (change: unknown) => changes.push(change));
    r.handle(a.conn, { kind: 'awareness', update: presenceUpdate(77, 3, json) });
    await settle();
    expect(b.sent.map(presenceEntries)).toEqual([[[77, 3, json]]]);
    expect(a.sent.map(presenceEntries)).toEqual([[[77, 3, json]]]);
    expect(r.awareness.getStates().get(77)).toEqual({ user: { id: 'cai', name: 'Cai', color: '#0a0' } });
    expect(a.conn.user?.name).toBe('Cai');
    // The same state again (a newer clock): relayed, but no change.
    r.handle(a.conn, { kind: 'awareness', update: presenceUpdate(77, 4, json) });
    await settle();
    expect(b.sent).toHaveLength(2);
    expect(changes).toEqual([{ added: [77], updated: [], removed: [] }]);
    // A new joiner is sent everyone present, as they arrived.
    const c = fakeSocket();
    r.add(
      new Connection(
        c.ws,
        { role: 'reviewer', credential: 'r', address: '127.0.0.1' },
        r.docId,
        false,
        1 << 20,
      ),
    );
    expect(c.sent.slice(1).map(presenceEntries)).toEqual([[[77, 4, json]]]);
    r.remove(a.conn);
    await settle();
    expect(b.sent.map(presenceEntries).at(-1)).toEqual([[77, 4, 'null']]); // same clock: a removal
    expect(r.awareness.getStates().has(77)).toBe(false);
  });
});

describe('a client reading a board larger than its unsent-data limit', () => {
  async function largeRoom() {
    const r = room(fakeLog().log);
    await r.load();
    const writer = connect(r);
    // ~1.5 MiB of records: more than the 1 MiB a connection here may have unsent.
    const client = createBoardDoc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(r.doc));
    const before = Y.encodeStateVector(client);
    putRecords(
      client,
      Array.from({ length: 25 }, (_, i) => ({
        ...geoShape({ id: `shape:big${i}` }),
        meta: { payload: 'x'.repeat(60_000) },
      })),
    );
    r.handle(writer.conn, { kind: 'sync-update', update: Y.encodeStateAsUpdate(client, before) });
    await r.persisted();
    return { r, writer };
  }

  /** A reader whose socket keeps what is sent to it unread (a slow link), once it asked for the board. */
  async function slowReader(r: Room) {
    const reader = connect(r);
    const ws = reader.ws as unknown as { bufferedAmount: number; send(frame: Uint8Array): void };
    ws.send = (frame) => {
      reader.sent.push(frame);
      ws.bufferedAmount += frame.length;
    };
    r.handle(reader.conn, { kind: 'sync-step1', stateVector: Y.encodeStateVector(new Y.Doc()) });
    await r.persisted();
    expect(reader.sent.map(syncKind)).toEqual(['step2']);
    expect(ws.bufferedAmount).toBeGreaterThan(1 << 20);
    return { ...reader, ws };
  }

  const json = '{"user":{"id":"cai","name":"Cai","color":"#0a0"}}';
  const slow = { code: CloseCode.TryAgainLater, reason: 'slow consumer: too much unsent data' };

  it('is relayed presence while it reads the answer it asked for, up to the limit on top of it', async () => {
    const { r, writer } = await largeRoom();
    const reader = await slowReader(r);
    // Cursors move while it reads: relayed, not a reason to close it (it was, and again after each
    // reconnect, for as long as anyone moved).
    for (let clock = 1; clock <= 20; clock++) {
      r.handle(writer.conn, { kind: 'awareness', update: presenceUpdate(77, clock, json) });
      await settle();
    }
    expect(reader.closed()).toBeNull();
    expect(presenceEntries(reader.sent.at(-1)!)).toEqual([[77, 20, json]]);
    // More than the limit waiting on top of the answer is a backlog.
    reader.ws.bufferedAmount += 1 << 20;
    r.handle(writer.conn, { kind: 'awareness', update: presenceUpdate(77, 21, json) });
    await settle();
    expect(reader.closed()).toEqual(slow);
  });

  it('once it has read the answer, more than the limit unread is a backlog again', async () => {
    const { r, writer } = await largeRoom();
    const reader = await slowReader(r);
    reader.ws.bufferedAmount = 0; // read
    r.handle(writer.conn, { kind: 'awareness', update: presenceUpdate(77, 1, json) });
    await settle();
    reader.ws.bufferedAmount = (1 << 20) + 1;
    r.handle(writer.conn, { kind: 'awareness', update: presenceUpdate(77, 2, json) });
    await settle();
    expect(reader.closed()).toEqual(slow);
  });
});
