/**
 * Several instances in one process, on one PostgreSQL and one Redis (both real, test-owned):
 * what a client on one draws reaches clients on the others, presence too; what fan-out loses is
 * read back from PostgreSQL; board-level actions close sockets on every instance.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { geoShape, putRecords, shapeIds } from '../../lib/board/fixtures';
import { CloseCode } from '../../lib/protocol';
import { boardJson } from '../../lib/board/schema';
import { configFromEnv, type ServerConfig } from '../config';
import {
  connectProvider,
  createBoard,
  onCleanup,
  rawSocket,
  startTestServer,
  synced,
  waitFor,
} from '../testing/harness';
import { requireServices, startPostgres, startRedis } from '../testing/services';
import { openPostgresStore } from '../storage/postgres';
import type { BoardroomServer } from '../app';
import { createRedisFanout } from './redis';
import type { BoardEvent } from './fanout';

/** How soon a board event closes sockets on another instance, at most, on a busy test machine. */
const EVENT_WITHIN_MS = 5_000;

const sameContent = (a: Y.Doc, b: Y.Doc) =>
  JSON.stringify([...shapeIds(a)].sort()) === JSON.stringify([...shapeIds(b)].sort());

async function cluster(
  n: number,
  overrides: Partial<ServerConfig> = {},
): Promise<{ servers: BoardroomServer[]; redis: Awaited<ReturnType<typeof startRedis>>; dbUrl: string }> {
  const [db, redis] = await Promise.all([startPostgres(), startRedis()]);
  const servers: BoardroomServer[] = [];
  for (let i = 0; i < n; i++)
    servers.push(await startTestServer({ databaseUrl: db.url, redisUrl: redis.url, ...overrides }));
  return { servers, redis, dbUrl: db.url };
}

describe('several instances', () => {
  it('needs DATABASE_URL for REDIS_URL', () => {
    expect(() => configFromEnv({ REDIS_URL: 'redis://r' } as unknown as NodeJS.ProcessEnv)).toThrow(
      /DATABASE_URL/,
    );
    expect(configFromEnv({} as unknown as NodeJS.ProcessEnv).redisUrl).toBeNull();
  });

  describe('with PostgreSQL and Redis', () => {
    if (!requireServices('postgres', 'redis')) return;

    it('relays what one instance stores to clients on another, and presence too', async () => {
      const { servers } = await cluster(2);
      const [a, b] = servers as [BoardroomServer, BoardroomServer];
      const board = await createBoard(a.url);
      const onA = connectProvider(a.url, board.id, { token: board.candidateToken });
      const onB = connectProvider(b.url, board.id, { cookie: board.interviewer });
      await Promise.all([synced(onA), synced(onB)]);
      putRecords(onA.doc, [geoShape({ id: 'shape:from-a' })]);
      putRecords(onB.doc, [geoShape({ id: 'shape:from-b' })]);
      await waitFor(
        () => shapeIds(onA.doc).length === 2 && sameContent(onA.doc, onB.doc),
        5_000,
        'both shapes on both',
      );
      onA.awareness.setLocalStateField('user', { id: 'u-a', name: 'Ada', color: '#ff0000' });
      await waitFor(
        () =>
          [...onB.awareness.getStates().values()].some(
            (s) => (s.user as { name?: string } | undefined)?.name === 'Ada',
          ),
        5_000,
        'presence from A on B',
      );
    });

    it('reads from PostgreSQL what fan-out never delivered', async () => {
      const { servers, dbUrl } = await cluster(2);
      const [a, b] = servers as [BoardroomServer, BoardroomServer];
      const board = await createBoard(a.url);
      const onB = connectProvider(b.url, board.id, { token: board.candidateToken });
      await synced(onB);
      // Another writer stores updates and publishes nothing (a lost message, an instance that
      // crashed between COMMIT and PUBLISH): B finds them by sequence on its timer.
      const writer = await openPostgresStore(dbUrl);
      const doc = new Y.Doc();
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(onB.doc));
      const sv = Y.encodeStateVector(doc);
      putRecords(doc, [geoShape({ id: 'shape:unannounced' })]);
      await writer.appendUpdates([{ docId: board.id, bytes: Y.encodeStateAsUpdate(doc, sv) }]);
      await writer.close();
      await waitFor(() => shapeIds(onB.doc).includes('shape:unannounced'), 5_000, 'the unannounced update');
    });

    it('converges after Redis restarts, and local clients keep working meanwhile', async () => {
      const { servers, redis } = await cluster(2);
      const [a, b] = servers as [BoardroomServer, BoardroomServer];
      const board = await createBoard(a.url);
      const onA = connectProvider(a.url, board.id, { token: board.candidateToken });
      const alsoOnA = connectProvider(a.url, board.id, { cookie: board.interviewer });
      const onB = connectProvider(b.url, board.id, { cookie: board.interviewer });
      await Promise.all([synced(onA), synced(alsoOnA), synced(onB)]);
      await redis.down();
      putRecords(onA.doc, [geoShape({ id: 'shape:during-outage' })]);
      await waitFor(
        () => shapeIds(alsoOnA.doc).includes('shape:during-outage'),
        5_000,
        'local relay without Redis',
      );
      const restarted = Date.now();
      await redis.restart();
      await waitFor(
        () => shapeIds(onB.doc).includes('shape:during-outage') && sameContent(onA.doc, onB.doc),
        5_000,
        'convergence',
      );
      expect(Date.now() - restarted).toBeLessThan(5_000);
    });

    it('ends, revokes and deletes on every instance', async () => {
      const { servers } = await cluster(2);
      const [a, b] = servers as [BoardroomServer, BoardroomServer];
      const board = await createBoard(a.url);
      const candidateOnB = rawSocket(b.url, board.id, { token: board.candidateToken });
      const reviewerOnB = rawSocket(b.url, board.id, { token: board.reviewToken });
      const interviewerOnB = rawSocket(b.url, board.id, { cookie: board.interviewer });
      await Promise.all([candidateOnB.opened, reviewerOnB.opened, interviewerOnB.opened]);
      const post = (path: string, method: string) =>
        fetch(`${a.url}/api/boards/${board.id}${path}`, {
          method,
          headers: { cookie: board.interviewer, origin: a.url },
        });
      // The instances have the board open; ending on A turns B's candidate read-only.
      await waitFor(() => b.rooms.size > 0, 5_000, 'room on B');
      expect((await post('/end', 'POST')).status).toBe(200);
      const started = Date.now();
      const candidateClosed = candidateOnB.closed;
      expect((await post('/links/candidate', 'DELETE')).status).toBe(204);
      expect(await candidateClosed).toMatchObject({ code: CloseCode.Unauthorized, reason: 'link revoked' });
      // By the event (tens of ms on a quiet machine), not by a recheck: nothing else would close it.
      // The bound allows for a busy machine, where the request alone once took a second (1,012 ms
      // measured with a build and the browser tests beside it).
      expect(Date.now() - started).toBeLessThan(EVENT_WITHIN_MS);
      const deletedAt = Date.now();
      expect((await post('', 'DELETE')).status).toBe(204);
      expect(await reviewerOnB.closed).toMatchObject({ code: CloseCode.NotFound });
      expect(await interviewerOnB.closed).toMatchObject({ code: CloseCode.NotFound });
      expect(Date.now() - deletedAt).toBeLessThan(EVENT_WITHIN_MS);
    });
    it('carries out on return what was decided while Redis was away', async () => {
      const { servers, redis } = await cluster(2);
      const [a, b] = servers as [BoardroomServer, BoardroomServer];
      const board = await createBoard(a.url);
      const candidateOnB = rawSocket(b.url, board.id, { token: board.candidateToken });
      await candidateOnB.opened;
      await redis.down();
      const revoked = await fetch(`${a.url}/api/boards/${board.id}/links/candidate`, {
        method: 'DELETE',
        headers: { cookie: board.interviewer, origin: a.url },
      });
      expect(revoked.status).toBe(204);
      await redis.restart();
      expect(await candidateOnB.closed).toMatchObject({
        code: CloseCode.Unauthorized,
        reason: 'link revoked',
      });
    });
    it('loads one board once when two instances get its first connection at the same moment', async () => {
      const { servers, dbUrl } = await cluster(2);
      const [a, b] = servers as [BoardroomServer, BoardroomServer];
      const board = await createBoard(a.url);
      const onA = connectProvider(a.url, board.id, { token: board.candidateToken });
      const onB = connectProvider(b.url, board.id, { cookie: board.interviewer });
      await Promise.all([synced(onA), synced(onB)]);
      putRecords(onA.doc, [geoShape({ id: 'shape:first' })]);
      await waitFor(() => shapeIds(onB.doc).includes('shape:first'), 5_000, 'the shape on B');
      const store = await openPostgresStore(dbUrl);
      try {
        const entries = await store.readLog(board.id);
        // The seed written at creation, then the shape: neither instance seeded or migrated it again.
        expect(entries.map((e) => e.seq)).toEqual([1, 2]);
        expect(entries[1]!.actor?.role).toBe('candidate');
      } finally {
        await store.close();
      }
      expect(boardJson(onB.doc)).toEqual(boardJson(onA.doc));
    });
    it('counts sign-in attempts across instances, and each instance alone while Redis is away', async () => {
      const { servers, redis } = await cluster(2, { signInPerMinute: 3 });
      const [a, b] = servers as [BoardroomServer, BoardroomServer];
      const attempt = (s: BoardroomServer) =>
        fetch(`${s.url}/api/session`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: s.url },
          body: JSON.stringify({ secret: 'wrong' }),
        }).then((r) => r.status);
      expect([await attempt(a), await attempt(b), await attempt(a)]).toEqual([401, 401, 401]);
      expect(await attempt(b)).toBe(429);
      await redis.down();
      expect(await attempt(b)).toBe(401); // B's own bucket: nobody is locked out by a cache outage
    });

    it('an instance reads storage once its first subscription is in place, and owes a recheck for an event it could not publish', async () => {
      const redis = await startRedis();
      const b = createRedisFanout(redis.url);
      onCleanup(() => b.close());
      const events: BoardEvent[] = [];
      b.onMessage((msg) => msg.kind === 'board' && events.push(msg.event));
      // An instance listens before Redis answers: what was published before its subscription was
      // in place is read from storage (the handlers that fill gaps and recheck boards run).
      let renewed = 0;
      b.onResubscribed(() => renewed++);
      await waitFor(() => renewed === 1, 5_000, 'the first subscription in place');
      // A publishes the moment it starts, before its connection is ready: the event is lost, and
      // once connected it asks every instance to recheck.
      const a = createRedisFanout(redis.url);
      onCleanup(() => a.close());
      expect(a.reachable).toBe(false);
      a.publish({ kind: 'board', event: { type: 'link-revoked', boardId: 'b1', role: 'candidate' } });
      await waitFor(() => events.length > 0, 5_000, 'the recheck A owed');
      expect(events).toEqual([{ type: 'recheck' }]);
      // Nothing more is owed: the next event goes as itself.
      a.publish({ kind: 'board', event: { type: 'deleted', boardId: 'b1' } });
      await waitFor(() => events.length > 1, 5_000, 'the next event');
      expect(events).toEqual([{ type: 'recheck' }, { type: 'deleted', boardId: 'b1' }]);
      expect(renewed).toBe(1);
    });
  });
});
