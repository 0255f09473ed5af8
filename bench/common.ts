/** Shared by the benchmarks: statistics, starting servers, creating boards. */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServerProcess, TEST_SECRET, type ServerProcess } from '../server/testing/process';

/** The p-th percentile (0-100) of `values` (nearest rank). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** The median of `values`, rounded for tables. */
export function median(values: readonly number[], digits = 0): number {
  return round(percentile(values, 50), digits);
}

/** Rounds for tables. */
export function round(n: number, digits = 1): number {
  return Number.isFinite(n) ? Number(n.toFixed(digits)) : n;
}

/** A fresh temporary directory. */
export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `boardroom-bench-${prefix}-`));
}

/** Our server as a real process, with limits raised for load generation. */
export async function startOurs(
  env: Record<string, string> = {},
  nodeArgs: string[] = [],
): Promise<ServerProcess> {
  return startServerProcess(tempDir('server'), {
    // Every load client connects from 127.0.0.1: the per-address socket cap is lifted for the bench.
    env: {
      CREATE_BOARD_PER_MINUTE: '1000000',
      MAX_SOCKETS_PER_ADDRESS: '1000000',
      REQUESTS_PER_MINUTE: '100000000',
      ...env,
    },
    nodeArgs,
  });
}

/** The reference server (@y/websocket-server 0.1.1, in-memory, no auth) on a loopback port. */
export async function startReference(
  port: number,
): Promise<{ child: ChildProcess; url: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ['node_modules/@y/websocket-server/src/server.js'], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => c.toString().includes('running at') && resolve());
    child.on('exit', (code) => reject(new Error(`reference server exited (${code})`)));
  });
  return {
    child,
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}

/** Signs in to our server; returns the cookie header. */
export async function signIn(url: string): Promise<string> {
  const res = await fetch(`${url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ secret: TEST_SECRET }),
  });
  if (res.status !== 204) throw new Error(`sign in: ${res.status}`);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

/** Creates a board on our server; returns its id and candidate token. */
export async function createBoard(
  url: string,
  cookie: string,
  title = 'Bench',
): Promise<{ id: string; token: string }> {
  const res = await fetch(`${url}/api/boards`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ title }),
  });
  if (res.status !== 201) throw new Error(`create board: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { id: string; candidateUrl: string };
  return { id: body.id, token: new URL(body.candidateUrl).searchParams.get('token')! };
}
