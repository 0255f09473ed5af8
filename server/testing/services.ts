/**
 * PostgreSQL and Redis for tests, started from the installed server binaries. Each Vitest worker
 * starts one PostgreSQL cluster on first use and reuses it (each caller gets its own database);
 * Redis starts in milliseconds, so every caller gets its own server. Everything started here is
 * stopped when the test (or, from a hook outside a test, the file) ends, and at process exit.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { it, onTestFinished } from 'vitest';
import { findPostgresBin, findRedisServer } from '../../scripts/lib/services.mjs';
import {
  createCluster,
  installHint,
  startRedisProcess,
  type PostgresCluster,
  type Service,
  type TestRedis,
} from './serviceProcesses';

export type { PostgresCluster, Service, TestRedis };

const fileTeardowns: Array<() => Promise<void>> = [];

/** Runs the file-level teardowns, last first (after each file: server/testing/setup.ts). */
export async function runFileTeardowns(): Promise<void> {
  while (fileTeardowns.length) await fileTeardowns.pop()!();
}

/** Runs `fn` after the current test, or after the file when called outside a test (beforeAll). */
function teardown(fn: () => Promise<void>): void {
  try {
    onTestFinished(fn);
  } catch {
    fileTeardowns.push(fn);
  }
}

/**
 * Guards a describe block that needs these services. Returns true when their binaries exist.
 * Otherwise, with CI set, registers a failing test that says what is missing (CI never skips
 * silently); without CI, warns loudly and registers a skipped test. Call it inside `describe`.
 */
export function requireServices(...needs: Service[]): boolean {
  const missing = needs.filter((s) => (s === 'postgres' ? !findPostgresBin() : !findRedisServer()));
  if (missing.length === 0) return true;
  const message =
    `${missing.join(' and ')} not installed: ${missing.map(installHint).join('; ')} ` +
    '(`npm test` installs them on Debian as root)';
  if (process.env.CI) {
    it(`needs ${missing.join(' and ')}`, () => {
      throw new Error(message);
    });
  } else {
    console.warn(`\n!!! SKIPPING tests that need ${missing.join(' and ')}: ${message} !!!\n`);
    it.skip(`needs ${missing.join(' and ')}: ${message}`, () => {});
  }
  return false;
}

/** A fresh, empty database for one test (or one file, when created outside a test). */
export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  readonly cluster: PostgresCluster;
  /** Drops the database now (otherwise it goes with its cluster when the test file ends). */
  stop(): Promise<void>;
}

let shared: Promise<PostgresCluster> | null = null;

function sharedCluster(): Promise<PostgresCluster> {
  if (!shared) {
    const starting = createCluster();
    shared = starting;
    starting.then(
      (cluster) =>
        fileTeardowns.unshift(async () => {
          shared = null;
          await cluster.stop();
        }),
      () => (shared = null),
    );
  }
  return shared;
}

async function admin<T>(cluster: PostgresCluster, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: cluster.url('postgres') });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * A fresh database (`test_<random>`) in this worker's cluster, which is removed with everything
 * in it when the test file ends. With `ownCluster`, the database lives in a cluster of its own,
 * removed after the test, for tests that stop the server while others would still use it.
 */
export async function startPostgres(opts: { ownCluster?: boolean } = {}): Promise<TestDatabase> {
  let cluster: PostgresCluster;
  if (opts.ownCluster) {
    cluster = await createCluster();
    const own = cluster;
    teardown(() => own.stop());
  } else {
    cluster = await sharedCluster();
  }
  const name = `test_${randomBytes(8).toString('hex')}`;
  await admin(cluster, (c) => c.query(`CREATE DATABASE ${name}`));
  let dropped = false;
  const drop = async () => {
    if (dropped) return;
    dropped = true;
    await cluster.makeReachable();
    await admin(cluster, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  };
  // No DROP at teardown (it costs as much as the CREATE): the database goes with the cluster at
  // the end of the file. Only a cluster a test left stopped is started again for the next one.
  if (!opts.ownCluster) teardown(() => cluster.makeReachable());
  return { name, url: cluster.url(name), cluster, stop: drop };
}

/** A fresh Redis server on a random port, stopped at teardown. */
export async function startRedis(): Promise<TestRedis> {
  const redis = await startRedisProcess();
  teardown(() => redis.stop());
  return redis;
}
