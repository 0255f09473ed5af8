/**
 * The drivers of the multi-instance mode (PostgreSQL's `pg`, Redis's `redis`), loaded on first
 * use. Imported at the top, they were loaded by every start, a fifth of it (~210 of ~1,100 ms on
 * this machine) for a server that, with SQLite, never uses them: restarts after a crash, and every
 * test that starts a server, paid it (docs/architecture.md, "Process and layout").
 */
import { createRequire } from 'node:module';
import type pgModule from 'pg';
import type * as redisModule from 'redis';

const load = createRequire(import.meta.url);

/** node-postgres. */
export function pgDriver(): typeof pgModule {
  return load('pg') as typeof pgModule;
}

/** node-redis. */
export function redisDriver(): typeof redisModule {
  return load('redis') as typeof redisModule;
}
