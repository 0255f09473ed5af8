/**
 * Per-document locks across instances: PostgreSQL session advisory locks, each held on a
 * connection of its own for as long as the work runs. A crashed instance's connection closes,
 * and PostgreSQL releases its locks with it: nothing is left locked by the dead.
 */
import type pg from 'pg';
import { createPool } from './postgresDb';
import type { DocLocks } from './docLocks';
import { log } from '../log';

/**
 * The lock space of document locks ("BRLK"); the document id is hashed into the second key. Two
 * documents whose ids hash alike only take turns, which costs nothing but a skipped pass.
 */
const DOC_LOCK_SPACE = 0x42524c4b;

/** Document locks over their own small pool, so they never wait for the store's connections. */
export function createPostgresLocks(connectionString: string, maxConnections = 4): DocLocks {
  const pool: pg.Pool = createPool(connectionString, maxConnections);
  return {
    async tryWith(docId, fn) {
      const client = await pool.connect();
      let broken = false;
      try {
        const { rows } = await client.query<{ ok: boolean }>(
          'SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok',
          [DOC_LOCK_SPACE, docId],
        );
        if (!rows[0]?.ok) return null;
        try {
          return await fn();
        } finally {
          await client
            .query('SELECT pg_advisory_unlock($1, hashtext($2))', [DOC_LOCK_SPACE, docId])
            .catch((err: unknown) => {
              // Dropping the connection releases the lock instead.
              broken = true;
              log.warn('advisory unlock failed', { doc: docId, err: String(err) });
            });
        }
      } finally {
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}
