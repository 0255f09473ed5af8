/**
 * Test harness: a real server on a random port over a real SQLite file in a temp dir, and
 * real y-websocket clients. Each helper registers its own teardown.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { DEFAULT_CONFIG, type ServerConfig } from '../config';
import { startServer, type BoardroomServer } from '../app';
import { setQuietLogs } from '../log';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

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

/** Starts a server (no Next.js) on a random port with its own data dir. */
export async function startTestServer(overrides: Partial<ServerConfig> = {}): Promise<BoardroomServer> {
  setQuietLogs(true);
  const server = await startServer({
    ...DEFAULT_CONFIG,
    port: 0,
    host: '127.0.0.1',
    dataDir: overrides.dataDir ?? tempDir(),
    idleRoomTtlMs: 50,
    ...overrides,
  });
  onCleanup(() => server.close());
  return server;
}

/** Creates a board through the API and returns its id. */
export async function createBoard(baseUrl: string, title = 'Design a URL shortener'): Promise<string> {
  const res = await fetch(`${baseUrl}/api/boards`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title }),
  });
  if (res.status !== 201) throw new Error(`create board: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

/** A stock y-websocket client connected to a document. */
export function connectProvider(baseUrl: string, docId: string, doc = new Y.Doc()): WebsocketProvider {
  const provider = new WebsocketProvider(baseUrl.replace(/^http/, 'ws') + '/sync', docId, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 200,
  });
  onCleanup(() => {
    provider.destroy();
    doc.destroy();
  });
  return provider;
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
): {
  ws: WebSocket;
  closed: Promise<{ code: number; reason: string }>;
  opened: Promise<void>;
  messages: Buffer[];
} {
  const ws = new WebSocket(baseUrl.replace(/^http/, 'ws') + '/sync/' + docId);
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
