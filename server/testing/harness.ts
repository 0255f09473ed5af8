/**
 * Test harness: a real server on a random port over a real SQLite file in a temp dir, and
 * real y-websocket clients. Each helper registers its own teardown.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { DEFAULT_CONFIG, type ServerConfig } from '../config';
import { startServer, type BoardroomServer } from '../app';
import { setQuietLogs } from '../log';
import type { Command } from '../../lib/protocol';
import { encodeCommand } from '../../lib/wire';

const cleanups: Array<() => Promise<void> | void> = [];

/** Runs the teardowns registered so far, last first (after each test: server/testing/setup.ts). */
export async function runCleanups(): Promise<void> {
  while (cleanups.length) await cleanups.pop()!();
}

/** Registers a teardown that runs after the current test. */
export function onCleanup(fn: () => Promise<void> | void): void {
  cleanups.push(fn);
}

/** A fresh temp directory, removed after the test. */
export function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'boardroom-test-'));
  onCleanup(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

import { TEST_SECRET } from './process';

export { TEST_SECRET };

/** Starts a server (no Next.js) on a random port with its own data dir. */
export async function startTestServer(
  overrides: Partial<ServerConfig> = {},
  opts: Parameters<typeof startServer>[1] = {},
): Promise<BoardroomServer> {
  setQuietLogs(true);
  const server = await startServer(
    {
      ...DEFAULT_CONFIG,
      port: 0,
      host: '127.0.0.1',
      dataDir: overrides.dataDir ?? tempDir(),
      idleRoomTtlMs: 50,
      secret: TEST_SECRET,
      ...overrides,
    },
    opts,
  );
  onCleanup(() => server.close());
  return server;
}

/** Signs in as an interviewer; returns the Cookie header to send. */
export async function signIn(baseUrl: string, secret = TEST_SECRET): Promise<string> {
  const res = await fetch(`${baseUrl}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ secret }),
  });
  if (res.status !== 204) throw new Error(`sign in: ${res.status} ${await res.text()}`);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

/** A board created for a test, with every credential to reach it. */
export interface TestBoard {
  id: string;
  /** Cookie header of the interviewer who created it. */
  interviewer: string;
  candidateToken: string;
  reviewToken: string;
  candidateUrl: string;
  reviewUrl: string;
}

/** Signs in (or reuses `cookie`) and creates a board through the API. */
export async function createBoard(
  baseUrl: string,
  title = 'Design a URL shortener',
  cookie?: string,
): Promise<TestBoard> {
  const interviewer = cookie ?? (await signIn(baseUrl));
  const res = await fetch(`${baseUrl}/api/boards`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: interviewer },
    body: JSON.stringify({ title }),
  });
  if (res.status !== 201) throw new Error(`create board: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { id: string; candidateUrl: string; reviewUrl: string };
  const token = (url: string) => new URL(url).searchParams.get('token')!;
  return {
    id: body.id,
    interviewer,
    candidateToken: token(body.candidateUrl),
    reviewToken: token(body.reviewUrl),
    candidateUrl: body.candidateUrl,
    reviewUrl: body.reviewUrl,
  };
}

/** How a test client proves who it is: a link token (`?token=`) or a cookie header. */
export type Credentials = { token: string } | { cookie: string } | null;

/**
 * A `ws` WebSocket class that sends `cookie` with the handshake and, with `address`, speaks for that
 * client address through the server's trusted proxy (`X-Forwarded-For`).
 */
function webSocketWith(creds: Credentials, address?: string): typeof globalThis.WebSocket {
  const headers: Record<string, string> = {};
  if (creds && 'cookie' in creds) headers.cookie = creds.cookie;
  if (address) headers['x-forwarded-for'] = address;
  if (Object.keys(headers).length === 0) return WebSocket as unknown as typeof globalThis.WebSocket;
  class HeaderWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers });
    }
  }
  return HeaderWebSocket as unknown as typeof globalThis.WebSocket;
}

/** A stock y-websocket client connected to a document (from `address`, behind a trusted proxy). */
export function connectProvider(
  baseUrl: string,
  docId: string,
  creds: Credentials,
  doc = new Y.Doc(),
  address?: string,
): WebsocketProvider {
  const provider = new WebsocketProvider(baseUrl.replace(/^http/, 'ws') + '/sync', docId, doc, {
    WebSocketPolyfill: webSocketWith(creds, address),
    params: creds && 'token' in creds ? { token: creds.token } : {},
    disableBc: true,
    maxBackoffTime: 200,
  });
  onCleanup(() => {
    provider.destroy();
    doc.destroy();
  });
  return provider;
}

/** Sends a command frame (steps, the clock) over a connected provider's socket. */
export function sendCommand(provider: WebsocketProvider, command: Command): void {
  if (!provider.ws || provider.ws.readyState !== provider.ws.OPEN)
    throw new Error('provider is not connected');
  provider.ws.send(encodeCommand(command));
}

/** Resolves once the provider has completed its first sync. */
export function synced(provider: WebsocketProvider): Promise<void> {
  if (provider.synced) return Promise.resolve();
  return new Promise((resolve) => provider.once('sync', (s: boolean) => s && resolve()));
}

/** A raw WebSocket to a sync path; resolves with the close code and reason. */
export function rawSocket(
  baseUrl: string,
  docId: string,
  creds: Credentials = null,
  headers: Record<string, string> = {},
): {
  ws: WebSocket;
  closed: Promise<{ code: number; reason: string }>;
  opened: Promise<void>;
  messages: Buffer[];
} {
  const query = creds && 'token' in creds ? `?token=${encodeURIComponent(creds.token)}` : '';
  const cookie = creds && 'cookie' in creds ? { cookie: creds.cookie } : {};
  const ws = new WebSocket(baseUrl.replace(/^http/, 'ws') + '/sync/' + docId + query, {
    headers: { ...headers, ...cookie },
  });
  const messages: Buffer[] = [];
  ws.on('message', (data) => messages.push(data as Buffer));
  ws.on('error', () => {});
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  const opened = new Promise<void>((resolve) => ws.on('open', () => resolve()));
  onCleanup(() => ws.terminate());
  return { ws, closed, opened, messages };
}

/** Polls `check` until it returns true (or throws after `timeoutMs`). */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 5_000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
