/**
 * Hostile input: thousands of connections send malformed, truncated, oversized, text and
 * random frames (and some come without credentials or to unknown documents). The server
 * stays up, its memory stays bounded, another board keeps syncing, and every bad connection
 * is closed with the documented code.
 */
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CloseCode } from '../../lib/protocol';
import { MAX_MESSAGE_BYTES } from '../../lib/limits';
import { encodeSyncStep1, encodeSyncUpdate } from '../../lib/wire';
import { connectProvider, createBoard, onCleanup, synced, tempDir, waitFor } from '../testing/harness';
import { startServerProcess } from '../testing/process';
import { rssBytes } from './procStats';
import { geoShape, putRecords, shapeIds } from '../../lib/board/fixtures';

/** Connections and messages per connection: 2,000 x 5 = 10,000 hostile messages. */
const CONNECTIONS = 2_000;
const MESSAGES_PER_CONNECTION = 5;
const CONCURRENCY = 40;

type Kind =
  | 'text'
  | 'unknown-type'
  | 'truncated'
  | 'bad-update'
  | 'random'
  | 'oversized'
  | 'no-credentials'
  | 'unknown-doc';

/** Deterministic pseudo-random bytes. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32) * 256;
}

function frames(kind: Kind, seed: number): Array<string | Uint8Array> {
  const rand = rng(seed);
  const bytes = (n: number) => Uint8Array.from({ length: n }, rand);
  return Array.from({ length: MESSAGES_PER_CONNECTION }, (_, i): string | Uint8Array => {
    switch (kind) {
      case 'text':
        return `hello ${i}`;
      case 'unknown-type':
        return Uint8Array.from([2 + (Math.floor(rand()) % 120), ...bytes(8)]);
      case 'truncated':
        return encodeSyncStep1(bytes(12)).subarray(0, 4);
      case 'bad-update':
        return encodeSyncUpdate(Uint8Array.from([200, 200, 200, ...bytes(16)]));
      case 'oversized':
        return new Uint8Array(MAX_MESSAGE_BYTES + 1);
      default:
        return Uint8Array.from([Math.floor(rand()) % 2, ...bytes(1 + (Math.floor(rand()) % 40))]);
    }
  });
}

const EXPECTED: Record<Kind, number[]> = {
  text: [CloseCode.Malformed],
  'unknown-type': [CloseCode.Malformed],
  truncated: [CloseCode.Malformed],
  'bad-update': [CloseCode.Malformed],
  // random bytes that start like a sync or awareness frame are malformed in almost every case
  random: [CloseCode.Malformed],
  oversized: [CloseCode.MessageTooBig],
  'no-credentials': [CloseCode.Unauthorized],
  'unknown-doc': [CloseCode.NotFound],
};

function kindOf(i: number): Kind {
  if (i % 200 === 7) return 'oversized'; // a few: each is 4 MiB of traffic
  const kinds: Kind[] = [
    'text',
    'unknown-type',
    'truncated',
    'bad-update',
    'random',
    'random',
    'no-credentials',
    'unknown-doc',
  ];
  return kinds[i % kinds.length]!;
}

describe('hostile input', () => {
  it(`survives ${CONNECTIONS * MESSAGES_PER_CONNECTION} bad messages over ${CONNECTIONS} connections`, async () => {
    const server = await startServerProcess(tempDir());
    onCleanup(() => server.stop().then(() => undefined));
    const pid = server.child.pid!;
    const target = await createBoard(server.url, 'Target');
    const bystander = await createBoard(server.url, 'Bystander', target.interviewer);
    const a = connectProvider(server.url, bystander.id, { token: bystander.candidateToken });
    const b = connectProvider(server.url, bystander.id, { token: bystander.candidateToken });
    await Promise.all([synced(a), synced(b)]);
    const rssBefore = rssBytes(pid)!;
    let rssPeak = rssBefore;

    const results: Array<{ kind: Kind; code: number }> = [];
    let sent = 0;
    const attack = async (i: number) => {
      const kind = kindOf(i);
      const base = server.url.replace(/^http/, 'ws') + '/sync/';
      const url =
        kind === 'unknown-doc'
          ? `${base}AAAAAAAAAAAAAAAAAAAAAA?token=${target.candidateToken}`
          : kind === 'no-credentials'
            ? `${base}${target.id}`
            : `${base}${target.id}?token=${target.candidateToken}`;
      const ws = new WebSocket(url);
      ws.on('error', () => {});
      const code = await new Promise<number>((resolve) => {
        ws.on('open', () => {
          for (const f of frames(kind, i)) {
            if (ws.readyState !== ws.OPEN) break;
            ws.send(f);
            sent++;
          }
        });
        ws.on('close', (c) => resolve(c));
      });
      results.push({ kind, code });
      if (i % 100 === 0) {
        rssPeak = Math.max(rssPeak, rssBytes(pid) ?? 0);
        putRecords(a.doc, [geoShape({ id: 'shape:heartbeat', x: i })]); // the other board keeps syncing meanwhile
      }
    };
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < CONNECTIONS) await attack(next++);
      }),
    );

    expect(server.child.exitCode).toBeNull();
    console.log(
      `hostile: ${sent} frames sent, peak RSS growth ${Math.round((rssPeak - rssBefore) / 1e6)} MB`,
    );
    expect(sent).toBeGreaterThanOrEqual(CONNECTIONS * MESSAGES_PER_CONNECTION);
    const wrong = results.filter((r) => !EXPECTED[r.kind].includes(r.code));
    expect(wrong.slice(0, 5), `${wrong.length} connections closed with an unexpected code`).toEqual([]);
    expect(results).toHaveLength(CONNECTIONS);

    putRecords(a.doc, [geoShape({ id: 'shape:done' })]);
    await waitFor(() => shapeIds(b.doc).includes('shape:done'), 5_000, 'bystander board still syncing');
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    // Bounded: the oversized frames alone were 10 x 4 MiB; memory must not keep them.
    expect(rssPeak - rssBefore).toBeLessThan(200 * 1024 * 1024);
  }, 120_000);
});
