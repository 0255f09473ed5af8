/**
 * Server fan-out under load: R rooms x C clients, senders drawing (tens of updates a second) and
 * moving cursors, against our server and the reference @y/websocket-server, same load, same
 * script. Levels grow until p99 passes 100 ms.
 */
import { fork } from 'node:child_process';
import { cpuMs, rssBytes } from '../server/faults/procStats';
import pg from 'pg';
import { createBoard, percentile, round, signIn, startOurs, startReference } from './common';
import type { ServerProcess } from '../server/testing/process';
import { createCluster, startRedisProcess } from '../server/testing/serviceProcesses';

/** One measured level. */
export interface FanoutLevel {
  /** `boardroom-2`: two instances on PostgreSQL and Redis, each room's clients on both. */
  server: 'boardroom' | 'boardroom-2' | 'reference';
  rooms: number;
  clients: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  deliveredPerSecond: number;
  serverCpuPercent: number;
  serverRssMb: number;
  rssPerRoomKb: number;
  failedConnections: number;
}

const WORKERS = 2;
const CLIENTS_PER_ROOM = 2;
const UPDATES_PER_SECOND = 20;
const AWARENESS_PER_SECOND = 10;
const WARMUP_MS = 3_000;
const DURATION_MS = 8_000;

/** What each sender does and for how long (the fan-out load by default). */
interface Pace {
  updatesPerSecond: number;
  awarenessPerSecond: number;
  warmupMs: number;
  durationMs: number;
}

const FANOUT_PACE: Pace = {
  updatesPerSecond: UPDATES_PER_SECOND,
  awarenessPerSecond: AWARENESS_PER_SECOND,
  warmupMs: WARMUP_MS,
  durationMs: DURATION_MS,
};

async function runLoad(
  urls: Array<string | string[]>,
  pace: Pace = FANOUT_PACE,
): Promise<{ latencies: number[]; delivered: number; elapsedMs: number; failed: number }> {
  const parts = Array.from({ length: WORKERS }, (_, w) => urls.filter((_, i) => i % WORKERS === w));
  const results = await Promise.all(
    parts.map(
      (rooms) =>
        new Promise<{ latencies: number[]; delivered: number; elapsedMs: number; failedConnections: number }>(
          (resolve, reject) => {
            const job = { rooms, clientsPerRoom: CLIENTS_PER_ROOM, ...pace };
            const child = fork('bench/fanoutWorker.ts', [JSON.stringify(job)], {
              execArgv: ['--import', 'tsx'],
              stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
            });
            let result: unknown = null;
            child.on('message', (m) => (result = m));
            child.on('exit', (code) =>
              code === 0 && result ? resolve(result as never) : reject(new Error(`worker exited ${code}`)),
            );
          },
        ),
    ),
  );
  return {
    latencies: results.flatMap((r) => r.latencies),
    delivered: results.reduce((n, r) => n + r.delivered, 0),
    elapsedMs: Math.max(...results.map((r) => r.elapsedMs)),
    failed: results.reduce((n, r) => n + r.failedConnections, 0),
  };
}

/** Signs in to our server and creates `rooms` boards; their candidate sync URLs. */
async function roomUrls(url: string, rooms: number): Promise<string[]> {
  const cookie = await signIn(url);
  const urls: string[] = [];
  for (let i = 0; i < rooms; i++) {
    const b = await createBoard(url, cookie, `load ${i}`);
    urls.push(`${url.replace(/^http/, 'ws')}/sync/${b.id}?token=${b.token}`);
  }
  return urls;
}

const sum = (pids: number[], f: (pid: number) => number | null) => pids.reduce((n, p) => n + (f(p) ?? 0), 0);

async function measure(
  server: FanoutLevel['server'],
  pids: number[],
  urls: Array<string | string[]>,
  baselineRss: number,
): Promise<FanoutLevel> {
  const cpuBefore = sum(pids, cpuMs);
  const wallBefore = performance.now();
  const load = await runLoad(urls);
  const cpu = sum(pids, cpuMs) - cpuBefore;
  const wall = performance.now() - wallBefore;
  const rss = sum(pids, rssBytes);
  return {
    server,
    rooms: urls.length,
    clients: urls.length * CLIENTS_PER_ROOM,
    p50Ms: round(percentile(load.latencies, 50), 2),
    p95Ms: round(percentile(load.latencies, 95), 2),
    p99Ms: round(percentile(load.latencies, 99), 2),
    deliveredPerSecond: Math.round(load.delivered / (load.elapsedMs / 1000)),
    serverCpuPercent: round((cpu / wall) * 100, 0),
    serverRssMb: round(rss / 1e6, 0),
    rssPerRoomKb: round((rss - baselineRss) / 1e3 / urls.length, 1),
    failedConnections: load.failed,
  };
}

/**
 * The same load on two instances sharing a fresh PostgreSQL and Redis: the sender of each room on
 * one instance, the receiver on the other, so every delivery crosses instances (stored, published,
 * received, relayed). CPU and memory are both instances' (PostgreSQL's and Redis's are not counted).
 */
async function twoInstances(rooms: number): Promise<FanoutLevel> {
  const [cluster, redis] = await Promise.all([createCluster(), startRedisProcess()]);
  const servers: ServerProcess[] = [];
  try {
    const admin = new pg.Client({ connectionString: cluster.url('postgres') });
    await admin.connect();
    await admin.query('CREATE DATABASE bench');
    await admin.end();
    const env = { DATABASE_URL: cluster.url('bench'), REDIS_URL: redis.url };
    servers.push(await startOurs(env), await startOurs(env));
    const [a, b] = servers as [ServerProcess, ServerProcess];
    const cookie = await signIn(a.url);
    const urls: string[][] = [];
    for (let i = 0; i < rooms; i++) {
      const board = await createBoard(a.url, cookie, `load ${i}`);
      urls.push([a, b].map((s) => `${s.url.replace(/^http/, 'ws')}/sync/${board.id}?token=${board.token}`));
    }
    const pids = servers.map((s) => s.child.pid!);
    return await measure('boardroom-2', pids, urls, sum(pids, rssBytes));
  } finally {
    await Promise.all(servers.map((s) => s.stop('SIGKILL')));
    await redis.stop();
    await cluster.stop();
  }
}

/** Runs the fan-out benchmark for the given room counts. */
export async function fanout(levels: number[], log: (line: string) => void): Promise<FanoutLevel[]> {
  const out: FanoutLevel[] = [];
  // BENCH_FANOUT: which servers to run (default all three), e.g. `boardroom,reference`.
  const servers = ['boardroom', 'boardroom-2', 'reference'] as const;
  const chosen = process.env.BENCH_FANOUT?.split(',') ?? servers;
  for (const which of servers.filter((s) => chosen.includes(s))) {
    for (const rooms of levels) {
      // A fresh server per level, so one level's rooms do not weigh on the next.
      let level: FanoutLevel;
      if (which === 'boardroom') {
        // BENCH_PROFILE_DIR: write a V8 CPU profile of our server per level (on its clean exit).
        const profileDir = process.env.BENCH_PROFILE_DIR;
        const server = await startOurs({}, profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []);
        const urls = await roomUrls(server.url, rooms);
        const pid = server.child.pid!;
        level = await measure(which, [pid], urls, rssBytes(pid)!);
        await server.stop(profileDir ? 'SIGTERM' : 'SIGKILL');
      } else if (which === 'boardroom-2') {
        level = await twoInstances(rooms);
      } else {
        const ref = await startReference(3599);
        const urls = Array.from({ length: rooms }, (_, i) => `${ref.url.replace(/^http/, 'ws')}/room-${i}`);
        const pid = ref.child.pid!;
        level = await measure(which, [pid], urls, rssBytes(pid)!);
        await ref.stop();
      }
      out.push(level);
      log(
        `fan-out ${which} ${rooms} rooms: p50 ${level.p50Ms} ms, p99 ${level.p99Ms} ms, ${level.deliveredPerSecond}/s delivered, CPU ${level.serverCpuPercent}%, ${level.failedConnections} failed connections`,
      );
      if (level.p99Ms > 100) break;
    }
  }
  return out;
}

/** Memory of R open two-person rooms, beyond the server process's baseline. */
export interface RoomMemory {
  server: 'boardroom' | 'reference';
  rooms: number;
  /** RSS before any client connects (ours: after signing in and creating the R boards). */
  baselineMb: number;
  /** Highest RSS seen while every room was open (sampled every 250 ms). */
  peakMb: number;
  /** (peak - baseline) / rooms. */
  perRoomKb: number;
  failedConnections: number;
}

/**
 * Memory per open room: R rooms, each with two clients connected for 8 s, the sender moving one
 * shape and its cursor once a second (an interview where people think more than they draw; the
 * fan-out load's buffers would measure the load, not the rooms). The same for the reference.
 */
export async function roomMemory(rooms: number): Promise<RoomMemory[]> {
  const pace: Pace = { updatesPerSecond: 1, awarenessPerSecond: 1, warmupMs: 3_000, durationMs: 5_000 };
  const peakWhile = async (pid: number, urls: string[]) => {
    let peak = rssBytes(pid) ?? 0;
    const timer = setInterval(() => (peak = Math.max(peak, rssBytes(pid) ?? 0)), 250);
    try {
      const load = await runLoad(urls, pace);
      return { peak, failed: load.failed };
    } finally {
      clearInterval(timer);
    }
  };
  const figures = (server: RoomMemory['server'], baseline: number, peak: number, failed: number) => ({
    server,
    rooms,
    baselineMb: round(baseline / 1e6, 0),
    peakMb: round(peak / 1e6, 0),
    perRoomKb: round((peak - baseline) / 1e3 / rooms, 1),
    failedConnections: failed,
  });
  const out: RoomMemory[] = [];
  const ours = await startOurs({});
  try {
    const urls = await roomUrls(ours.url, rooms);
    const pid = ours.child.pid!;
    const baseline = rssBytes(pid)!;
    const { peak, failed } = await peakWhile(pid, urls);
    out.push(figures('boardroom', baseline, peak, failed));
  } finally {
    await ours.stop('SIGKILL');
  }
  const ref = await startReference(3599);
  try {
    const urls = Array.from({ length: rooms }, (_, i) => `${ref.url.replace(/^http/, 'ws')}/room-${i}`);
    const pid = ref.child.pid!;
    const baseline = rssBytes(pid)!;
    const { peak, failed } = await peakWhile(pid, urls);
    out.push(figures('reference', baseline, peak, failed));
  } finally {
    await ref.stop();
  }
  return out;
}
