/**
 * The server on PostgreSQL (DATABASE_URL): the same API and sync, stored in the shared database.
 */
import { describe, expect, it } from 'vitest';
import { geoShape, putRecords } from '../lib/board/fixtures';
import { configFromEnv } from './config';
import {
  connectProvider,
  createBoard,
  onCleanup,
  startTestServer,
  synced,
  tempDir,
  waitFor,
} from './testing/harness';
import { startServerProcess } from './testing/process';
import { requireServices, startPostgres } from './testing/services';
import { openPostgresStore } from './storage/postgres';

describe('server on PostgreSQL', () => {
  it('reads DATABASE_URL, and uses SQLite without it', () => {
    const env = (vars: Record<string, string>) => vars as NodeJS.ProcessEnv;
    expect(configFromEnv(env({ DATABASE_URL: 'postgres://x@db/boardroom' })).databaseUrl).toBe(
      'postgres://x@db/boardroom',
    );
    expect(configFromEnv(env({})).databaseUrl).toBeNull();
  });

  describe('with a database', () => {
    if (!requireServices('postgres')) return;

    it('creates a board through the API and stores what a client draws, in PostgreSQL', async () => {
      const db = await startPostgres();
      const server = await startTestServer({ databaseUrl: db.url });
      const board = await createBoard(server.url, 'Design a rate limiter');
      const client = connectProvider(server.url, board.id, { token: board.candidateToken });
      await synced(client);
      putRecords(client.doc, [geoShape({ id: 'shape:rectangle' })]);

      // Another instance's view of the same database.
      const other = await openPostgresStore(db.url);
      try {
        expect(await other.getBoard(board.id)).toMatchObject({
          title: 'Design a rate limiter',
          status: 'live',
        });
        await waitFor(async () => (await other.readLog(board.id)).length > 1, 5_000, 'the drawing stored');
        expect((await other.readLog(board.id)).map((e) => e.seq)).toEqual([1, 2]);
        expect((await other.readLog(board.id))[1]!.actor).toEqual({ role: 'candidate', name: 'candidate' });
        const res = await fetch(`${server.url}/api/boards`, { headers: { cookie: board.interviewer } });
        expect(res.status).toBe(200);
        expect(JSON.stringify(await res.json())).toContain(board.id);
      } finally {
        await other.close();
      }
    });

    it('runs from the build with DATABASE_URL set', async () => {
      const db = await startPostgres();
      const server = await startServerProcess(tempDir(), { env: { DATABASE_URL: db.url } });
      onCleanup(async () => void (await server.stop()));
      const board = await createBoard(server.url);
      const other = await openPostgresStore(db.url);
      onCleanup(() => other.close());
      expect(await other.getBoard(board.id)).toMatchObject({ status: 'live' });
    });
  });
});
