/**
 * Document locks across instances (PostgreSQL advisory locks): one holder at a time, others
 * skip; a holder that dies without unlocking loses its lock with its connection.
 */
import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { createPostgresLocks } from './postgresLocks';
import { localDocLocks } from './docLocks';
import { requireServices, startPostgres } from '../testing/services';
import { waitFor } from '../testing/harness';

describe('document locks', () => {
  it('in one process: a second taker skips while the first works', async () => {
    const locks = localDocLocks();
    let release!: () => void;
    const first = locks.tryWith('d', () => new Promise<string>((r) => (release = () => r('first'))));
    expect(await locks.tryWith('d', async () => 'second')).toBeNull();
    expect(await locks.tryWith('other', async () => 'other')).toBe('other');
    release();
    expect(await first).toBe('first');
    expect(await locks.tryWith('d', async () => 'again')).toBe('again');
  });

  describe('on PostgreSQL', () => {
    if (!requireServices('postgres')) return;

    it('lets one instance at a time work on a document', async () => {
      const db = await startPostgres();
      const a = createPostgresLocks(db.url);
      const b = createPostgresLocks(db.url);
      try {
        // Probe only once `a` is inside: a probe by `b` that briefly held the lock while `a` asked
        // for it would make `a` skip, which is the behaviour under test, not a failure.
        let release!: () => void;
        let entered!: () => void;
        const inside = new Promise<void>((r) => (entered = r));
        const first = a.tryWith(
          'board-1',
          () =>
            new Promise<string>((r) => {
              release = () => r('a');
              entered();
            }),
        );
        await inside;
        expect(await b.tryWith('board-1', async () => 'b')).toBeNull();
        expect(await b.tryWith('board-2', async () => 'b')).toBe('b');
        release();
        expect(await first).toBe('a');
        expect(await b.tryWith('board-1', async () => 'b')).toBe('b');
      } finally {
        await a.close();
        await b.close();
      }
    });

    it("releases a crashed holder's lock with its connection", async () => {
      const db = await startPostgres();
      const crashed = new pg.Client({ connectionString: db.url });
      await crashed.connect();
      crashed.on('error', () => {});
      await crashed.query("SELECT pg_advisory_lock(1112689739, hashtext('board-1'))");
      const b = createPostgresLocks(db.url);
      try {
        expect(await b.tryWith('board-1', async () => 'b')).toBeNull();
        // The process dies: its socket closes with no unlock sent.
        (crashed as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
        await waitFor(
          async () => (await b.tryWith('board-1', async () => 'b')) === 'b',
          5_000,
          'lock released',
        );
      } finally {
        await b.close();
      }
    });
  });
});
