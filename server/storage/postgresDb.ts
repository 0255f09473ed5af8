/**
 * What the PostgreSQL store's parts share: the pool, transactions, and value conversions.
 */
import type pg from 'pg';
import { log } from '../log';
import { pgDriver } from '../optionalPackages';

/** A bigint column's value: node-postgres returns int8 as a string (it can exceed 2^53). */
export type Int = string | number;

/** Bytes as a parameter: a Buffer view of the same memory (pg sends Buffers as bytea). */
export function buf(bytes: Uint8Array | null): Buffer | null {
  return bytes ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) : null;
}

/** A pool whose broken idle connections are logged instead of crashing the process. */
export function createPool(connectionString: string, max: number): pg.Pool {
  const pool = new (pgDriver().Pool)({ connectionString, max, application_name: 'boardroom' });
  // Without a listener, an idle connection that breaks (server restarted, network gone) would
  // raise an unhandled 'error' event. The pool drops it; the next query opens a new one.
  let lastLoggedAt = 0;
  pool.on('error', (err) => {
    if (Date.now() - lastLoggedAt < 10_000) return; // one line per outage, not per connection
    lastLoggedAt = Date.now();
    log.error('postgres connection lost', { err: err.message });
  });
  return pool;
}

/** Runs `fn` in a transaction on one connection: COMMIT when it resolves, ROLLBACK when it throws. */
export async function transaction<T>(pool: pg.Pool, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    // A connection that cannot even roll back is not given back to the pool.
    await client.query('ROLLBACK').catch(() => (broken = true));
    throw err;
  } finally {
    client.release(broken);
  }
}
