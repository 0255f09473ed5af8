/**
 * `/healthz` reports storage (and Redis) reachability; `/readyz` turns false while the instance
 * drains; SIGTERM closes sockets with 1001, stores what is pending and exits cleanly.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { CloseCode } from '../lib/protocol';
import { geoShape, putRecords, shapeIds } from '../lib/board/fixtures';
import { handleHealth } from './health';
import { openPostgresStore } from './storage/postgres';
import { openSqliteStore } from './storage/sqlite';
import {
  connectProvider,
  createBoard,
  onCleanup,
  rawSocket,
  synced,
  tempDir,
  waitFor,
} from './testing/harness';
import { startServerProcess } from './testing/process';
import { joined } from './testing/probes';
import { requireServices, startPostgres } from './testing/services';
import type { BoardStore } from './storage/BoardStore';
import path from 'node:path';

async function healthServer(deps: Parameters<typeof handleHealth>[3]): Promise<string> {
  const server = http.createServer((req, res) => {
    void handleHealth(req, res, (req.url ?? '').split('?')[0]!, deps);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  onCleanup(() => new Promise<void>((r) => server.close(() => r())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function get(url: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url);
  return { status: res.status, body: await res.json() };
}

describe('health and readiness', () => {
  it('reports Redis, and is not ready while draining', async () => {
    const store = openSqliteStore(path.join(tempDir(), 'db.sqlite'));
    onCleanup(() => store.close());
    let draining = false;
    let redisUp = true;
    const url = await healthServer({ store, redisReachable: () => redisUp, draining: () => draining });
    expect(await get(`${url}/readyz`)).toEqual({
      status: 200,
      body: { ready: true, draining: false, storage: 'ok', redis: 'ok' },
    });
    redisUp = false;
    expect(await get(`${url}/healthz`)).toEqual({
      status: 200,
      body: { ok: true, storage: 'ok', redis: 'unreachable' },
    });
    draining = true;
    expect((await get(`${url}/readyz`)).status).toBe(503);
  });

  describe('on PostgreSQL', () => {
    if (!requireServices('postgres')) return;

    it('says storage is unreachable while PostgreSQL is down, and fine again after', async () => {
      const db = await startPostgres({ ownCluster: true });
      const store: BoardStore = await openPostgresStore(db.url);
      onCleanup(() => store.close());
      const url = await healthServer({ store, redisReachable: null, draining: () => false });
      expect(await get(`${url}/healthz`)).toEqual({ status: 200, body: { ok: true, storage: 'ok' } });
      await db.cluster.makeUnreachable();
      expect(await get(`${url}/healthz`)).toEqual({
        status: 503,
        body: { ok: false, storage: 'unreachable' },
      });
      expect((await get(`${url}/readyz`)).status).toBe(503);
      await db.cluster.makeReachable();
      await waitFor(async () => (await get(`${url}/healthz`)).status === 200, 5_000, 'healthy again');
    });
  });

  it('drains on SIGTERM: sockets close with 1001, pending updates are stored, the process exits 0', async () => {
    const dataDir = tempDir();
    const server = await startServerProcess(dataDir);
    onCleanup(() => server.stop().then(() => undefined));
    const board = await createBoard(server.url);
    const writer = connectProvider(server.url, board.id, { token: board.candidateToken });
    await synced(writer);
    const watcher = rawSocket(server.url, board.id, { token: board.candidateToken });
    await joined(watcher); // in the room: it hears what is drawn from now on
    putRecords(writer.doc, [geoShape({ id: 'shape:before-sigterm' })]);
    await waitFor(() => watcher.messages.length >= 2, 5_000, 'the watcher hears the drawing');
    await server.stop('SIGTERM');
    expect(await server.exited).toBe(0);
    expect((await watcher.closed).code).toBe(CloseCode.GoingAway);
    writer.destroy();
    const again = await startServerProcess(dataDir);
    onCleanup(() => again.stop().then(() => undefined));
    const reader = connectProvider(again.url, board.id, { token: board.candidateToken });
    await synced(reader);
    expect(shapeIds(reader.doc)).toContain('shape:before-sigterm');
  });
});
