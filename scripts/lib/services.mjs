// Where the PostgreSQL and Redis server binaries are: shared by `npm test`'s setup (which
// installs them when missing) and the test launcher (server/testing/services.ts).
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

function pathDirs() {
  return (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
}

/** The directory holding initdb and pg_ctl (PG_BIN, Debian's newest /usr/lib/postgresql/N/bin, then PATH), or null. */
export function findPostgresBin() {
  const debian = '/usr/lib/postgresql';
  const versions = existsSync(debian)
    ? readdirSync(debian)
        .filter((v) => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
        .map((v) => path.join(debian, v, 'bin'))
    : [];
  const candidates = [process.env.PG_BIN, ...versions, ...pathDirs()].filter(Boolean);
  return (
    candidates.find((dir) => existsSync(path.join(dir, 'initdb')) && existsSync(path.join(dir, 'pg_ctl'))) ??
    null
  );
}

/** The path of redis-server (REDIS_SERVER, then PATH, then /usr/bin), or null. */
export function findRedisServer() {
  const candidates = [
    process.env.REDIS_SERVER,
    ...pathDirs().map((dir) => path.join(dir, 'redis-server')),
    '/usr/bin/redis-server',
  ].filter(Boolean);
  return candidates.find((file) => existsSync(file)) ?? null;
}
