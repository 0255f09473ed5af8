import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { createClient } from 'redis';
import { requireServices, startPostgres, startRedis } from './services';

async function queryOnce(url: string, sql: string): Promise<unknown> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows[0];
  } finally {
    await client.end();
  }
}

describe('test services: PostgreSQL', () => {
  if (!requireServices('postgres')) return;

  it('gives each caller its own database in one cluster, which can go away and come back', async () => {
    const [one, two] = [await startPostgres(), await startPostgres()];
    expect(one.cluster).toBe(two.cluster);
    expect(one.name).not.toBe(two.name);
    await queryOnce(one.url, 'CREATE TABLE t (x int)');
    await expect(queryOnce(two.url, 'SELECT * FROM t')).rejects.toThrow(/does not exist/);

    await one.cluster.makeUnreachable();
    await expect(queryOnce(one.url, 'SELECT 1')).rejects.toThrow();
    await one.cluster.makeReachable();
    expect(await queryOnce(one.url, 'SELECT count(*)::int AS n FROM t')).toEqual({ n: 0 });
  });
});

describe('test services: Redis', () => {
  if (!requireServices('redis')) return;

  it('starts an empty Redis that restarts on the same port', async () => {
    const redis = await startRedis();
    const client = createClient({ url: redis.url, socket: { reconnectStrategy: 50 } });
    client.on('error', () => {}); // reconnects after the restart
    await client.connect();
    try {
      await client.set('k', 'v');
      await redis.restart();
      await expect.poll(() => client.ping().catch(() => null), { timeout: 5_000 }).toBe('PONG');
      expect(await client.get('k')).toBeNull(); // nothing was kept on disk
    } finally {
      client.destroy();
    }
  });
});
