/**
 * The room's own work per message, in process: 200 two-person rooms on a real SQLite store, the
 * fan-out load's messages (a shape moved, a tldraw presence) handed to `Room.handle` as the
 * socket layer would, 30 rounds. Reports the time spent in `handle` (check, apply, presence)
 * per update + presence pair, and the process's CPU per pair including the appends and relays.
 * The fan-out bench measures the same through sockets, where 2 cores shared with the load
 * generators make small differences invisible; this one compares builds (docs/benchmarks.md).
 */
import path from 'node:path';
import * as Y from 'yjs';
import type { WebSocket } from 'ws';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import { InstancePresenceRecordType, PageRecordType } from '@tldraw/tlschema';
import { Room } from '../server/room';
import { Connection } from '../server/sync/connection';
import { storeDocLog } from '../server/storage/docLog';
import { openSqliteStoreOnThread } from '../server/storage/sqliteThread';
import { createSeedUpdate } from '../lib/board/seed';
import { createBoardDoc } from '../lib/board/schema';
import { geoShape, putRecords } from '../lib/board/fixtures';
import { setQuietLogs } from '../server/log';
import { median, tempDir } from './common';
import { DEFAULT_CONFIG } from '../server/config';

const ROOMS = 200;
const ROUNDS = 30;

/** A socket that takes frames and drops them. */
function sink(): WebSocket {
  const ws = { OPEN: 1, CLOSED: 3, readyState: 1, bufferedAmount: 0 };
  return Object.assign(ws, { send() {}, close() {}, terminate() {}, once() {} }) as unknown as WebSocket;
}

/** One run of the room-work bench; `runs` of them, medians reported. */
export async function roomWork(runs = 3) {
  setQuietLogs(true);
  const handleUs: number[] = [];
  const cpuUs: number[] = [];
  for (let run = 0; run < runs; run++) {
    const r = await oneRun();
    handleUs.push(r.handleUs);
    cpuUs.push(r.cpuUs);
  }
  return {
    rooms: ROOMS,
    pairs: ROOMS * ROUNDS,
    handleUsPerPair: median(handleUs),
    processCpuUsPerPair: median(cpuUs),
  };
}

async function oneRun(): Promise<{ handleUs: number; cpuUs: number }> {
  const store = await openSqliteStoreOnThread(path.join(tempDir('room-work'), 'db.sqlite'));
  const log = storeDocLog(store);
  const rooms = [];
  for (let r = 0; r < ROOMS; r++) {
    const id = `room${r}`.padEnd(22, 'x');
    await store.createBoard({ id, title: 'Bench', prompt: '', createdAt: 1 }, createSeedUpdate(), {
      candidate: null,
      reviewer: null,
    });
    const room = new Room(id, {
      log,
      snapshotEveryUpdates: 1e9,
      maxDocumentBytes: 1 << 26,
      maxDocumentStructs: DEFAULT_CONFIG.maxDocumentStructs,
      maxRecordMemory: DEFAULT_CONFIG.maxRecordMemory,
      placement: DEFAULT_CONFIG.placement,
      checking: DEFAULT_CONFIG.checking,
      onBroken: () => {},
    });
    await room.load();
    const join = (credential: string) => {
      const conn = new Connection(
        sink(),
        { role: 'candidate', credential, address: '127.0.0.1' },
        id,
        true,
        1 << 24,
      );
      room.add(conn);
      return conn;
    };
    const sender = join('sender');
    join('receiver');
    const doc = createBoardDoc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(room.doc));
    rooms.push({ room, sender, doc, awareness: new Awareness(doc) });
  }
  const shape = geoShape({ id: 'shape:moving' });
  let handleMs = 0;
  let cpu = 0;
  for (let i = 0; i < ROUNDS; i++) {
    // What the clients send this round, made before the clock runs.
    const messages = rooms.map((s) => {
      const before = Y.encodeStateVector(s.doc);
      putRecords(s.doc, [{ ...shape, x: i, meta: { t: i } }]);
      s.awareness.setLocalState({
        user: { id: 'bench', name: 'Bench', color: '#0a0' },
        presence: InstancePresenceRecordType.create({
          id: InstancePresenceRecordType.createId('bench'),
          userId: 'user:bench' as never,
          userName: 'Bench',
          currentPageId: PageRecordType.createId('page'),
          cursor: { x: i, y: i, type: 'default', rotation: 0 },
        }),
      });
      return {
        update: Y.encodeStateAsUpdate(s.doc, before),
        presence: encodeAwarenessUpdate(s.awareness, [s.doc.clientID]),
      };
    });
    const cpuStart = process.cpuUsage();
    const started = performance.now();
    rooms.forEach((s, k) => {
      s.room.handle(s.sender, { kind: 'sync-update', update: messages[k]!.update });
      s.room.handle(s.sender, { kind: 'awareness', update: messages[k]!.presence });
    });
    handleMs += performance.now() - started;
    await Promise.all(rooms.map((s) => s.room.persisted()));
    await new Promise((r) => setImmediate(r)); // the presence relays
    const used = process.cpuUsage(cpuStart);
    cpu += used.user + used.system;
  }
  await Promise.all(rooms.map((s) => s.room.close()));
  await store.close();
  const pairs = ROOMS * ROUNDS;
  return { handleUs: Math.round((handleMs * 1000) / pairs), cpuUs: Math.round(cpu / pairs) };
}
