/**
 * PostgreSQL and Redis server processes for tests, started from the installed binaries: a
 * temporary cluster (`initdb` + `pg_ctl`) and `redis-server` on random ports, killed at process
 * exit at the latest. No test runner here: Vitest (services.ts) and Playwright both use it.
 */
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { findPostgresBin, findRedisServer } from '../../scripts/lib/services.mjs';

/** A service the multi-instance and PostgreSQL tests need. */
export type Service = 'postgres' | 'redis';

const run = promisify(execFile);

// Safety net for a worker that ends without running its hooks (a crash, an uncaught error):
// nothing started here may outlive it.
const exitHooks = new Set<() => void>();
process.once('exit', () => exitHooks.forEach((hook) => hook()));

/** What to install when a service is missing. */
export function installHint(s: Service): string {
  return s === 'postgres'
    ? 'no initdb/pg_ctl in /usr/lib/postgresql/*/bin, PG_BIN or PATH (apt-get install postgresql)'
    : 'no redis-server on PATH or REDIS_SERVER (apt-get install redis-server)';
}

/** A port nobody listens on right now (another process may still take it: callers retry). */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL

/** A running PostgreSQL cluster in a temp dir, trusting local connections as `postgres`. */
export interface PostgresCluster {
  readonly port: number;
  /** A connection string for one of its databases. */
  url(database: string): string;
  /** Stops the server (`pg_ctl stop -m fast`): connections fail until `makeReachable`. */
  makeUnreachable(): Promise<void>;
  /** Starts it again on the same port. */
  makeReachable(): Promise<void>;
  /** Stops it and removes its files. */
  stop(): Promise<void>;
}

// PostgreSQL refuses to run as root, so as root its commands run as the `postgres` user.
const asRoot = process.getuid?.() === 0;

async function pgCommand(bin: string, tool: string, args: string[]): Promise<void> {
  const file = path.join(bin, tool);
  const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args];
  try {
    await run(cmd, argv, { timeout: 60_000 });
  } catch (err) {
    const e = err as { stderr?: string; stdout?: string };
    throw new Error(`${tool} ${args.join(' ')} failed: ${e.stderr || e.stdout || String(err)}`);
  }
}

function postgresUser(): { uid: number; gid: number } {
  const out = spawnSync('id', ['postgres'], { encoding: 'utf8' }).stdout;
  const uid = /uid=(\d+)/.exec(out)?.[1];
  const gid = /gid=(\d+)/.exec(out)?.[1];
  if (!uid || !gid)
    throw new Error('running as root needs a `postgres` system user (apt-get install postgresql)');
  return { uid: Number(uid), gid: Number(gid) };
}

/** Creates and starts a cluster in a temp dir (stopped at process exit at the latest). */
export async function createCluster(): Promise<PostgresCluster> {
  const bin = findPostgresBin();
  if (!bin) throw new Error(installHint('postgres'));
  // Short path: the Unix socket lives in it too, and socket paths are limited to ~100 bytes.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'br-pg-'));
  const data = path.join(dir, 'data');
  let port = 0;
  let running = false;
  const start = async () => {
    const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
    await pgCommand(bin, 'pg_ctl', ['-D', data, '-l', path.join(dir, 'log'), '-o', options, '-w', 'start']);
    running = true;
  };
  const stopNow = () => {
    if (running) {
      const args = ['-D', data, '-m', 'immediate', 'stop'];
      const file = path.join(bin, 'pg_ctl');
      spawnSync(asRoot ? 'runuser' : file, asRoot ? ['-u', 'postgres', '--', file, ...args] : args);
      running = false;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  exitHooks.add(stopNow);
  try {
    if (asRoot) {
      const { uid, gid } = postgresUser();
      fs.chownSync(dir, uid, gid);
    }
    await pgCommand(bin, 'initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-N', '-E', 'UTF8']);
    // Another process can take the port between choosing and binding it: try a few.
    for (let attempt = 1; !running; attempt++) {
      port = await freePort();
      try {
        await start();
      } catch (err) {
        if (attempt >= 3) throw err;
      }
    }
  } catch (err) {
    stopNow();
    exitHooks.delete(stopNow);
    throw err;
  }
  return {
    port,
    url: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    async makeUnreachable() {
      if (!running) return;
      await pgCommand(bin, 'pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      running = false;
    },
    async makeReachable() {
      if (!running) await start();
    },
    async stop() {
      stopNow();
      exitHooks.delete(stopNow);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Redis

/** A running Redis server that keeps nothing on disk. */
export interface TestRedis {
  readonly port: number;
  readonly url: string;
  /** Stops it and starts it again on the same port (empty, as after a crash). */
  restart(): Promise<void>;
  /** Stops it, keeping its port for `restart` (an outage). */
  down(): Promise<void>;
  /** Stops it (also done automatically at teardown). */
  stop(): Promise<void>;
}

function spawnRedis(file: string, port: number, dir: string): Promise<ChildProcess> {
  const child = spawn(
    file,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        child.stdout!.off('data', onData);
        child.stdout!.resume(); // keep draining so the pipe never blocks it
        resolve(child);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`redis-server exited (${code}):\n${output}`)));
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** A fresh Redis server on a random port (the caller stops it). */
export async function startRedisProcess(): Promise<TestRedis> {
  const file = findRedisServer();
  if (!file) throw new Error(installHint('redis'));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'br-redis-'));
  let child: ChildProcess | null = null;
  let port = 0;
  const killNow = () => {
    child?.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  };
  exitHooks.add(killNow);
  for (let attempt = 1; !child; attempt++) {
    port = await freePort();
    try {
      child = await spawnRedis(file, port, dir);
    } catch (err) {
      if (attempt >= 3) {
        killNow();
        exitHooks.delete(killNow);
        throw err;
      }
    }
  }
  let stopped = false;
  const redis: TestRedis = {
    port,
    url: `redis://127.0.0.1:${port}`,
    async restart() {
      if (child) await stopChild(child);
      child = await spawnRedis(file, port, dir);
    },
    async down() {
      if (child) await stopChild(child);
      child = null;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      if (child) await stopChild(child);
      child = null;
      killNow();
      exitHooks.delete(killNow);
    },
  };
  return redis;
}
