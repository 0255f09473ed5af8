/**
 * Hostile input against the built server process: thousands of connections send malformed,
 * truncated, oversized, text and random frames, come without credentials or to unknown documents,
 * send well-framed updates with every kind of invalid content (issue 11), updates with missing
 * dependencies and invalid presence, and some send over a thousand valid frames each before a bad
 * one. The server stays up, every hostile connection is closed with its documented code, another
 * board keeps syncing, memory stays bounded and `/healthz` keeps answering.
 *
 * Frames are counted only when the server demonstrably read them: a connection closed with the
 * code its first frame deserves counts that frame; a flooding connection counts its frames once
 * the server has answered the sync step 1 sent after them (the server reads a connection's frames
 * in order) and then closed it for the bad frame at the end.
 */
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { CloseCode } from '../../lib/protocol';
import { MAX_MESSAGE_BYTES } from '../../lib/limits';
import { encodeSyncStep1, encodeSyncStep2, encodeSyncUpdate } from '../../lib/wire';
import { createBoardDoc, tldrawRecords } from '../../lib/board/schema';
import {
  connectProvider,
  createBoard,
  onCleanup,
  synced,
  tempDir,
  waitFor,
  type TestBoard,
} from '../testing/harness';
import { startServerProcess } from '../testing/process';
import { HOSTILE_CASES, hostileUpdate } from '../testing/hostile';
import { captureUpdate, geoShape, putRecords } from '../testing/content';
import { awarenessFrame, isSyncStep2, wholeDocumentStep1 } from '../testing/frames';
import { mb, percentile, sampleHealthz, trackRss } from '../testing/probes';

/** Frames the server must demonstrably read. */
const FRAMES_GOAL = 100_000;
/** Connections that each send one bad frame (or a few, closed at the first). */
const SINGLE_CONNECTIONS = 3_000;
/** Connections that send FLOOD_FRAMES valid frames, a step 1, then a bad frame (inside the 1,500 burst). */
const FLOOD_CONNECTIONS = 78;
const FLOOD_FRAMES = 1_250;
/** Target boards; connections per board at once stay under the per-link cap of 16. */
const TARGETS = 3;
const PER_TARGET_CONCURRENCY = 8;
/** How long the server gets to close a connection after its bad frame. */
const CLOSE_WAIT_MS = 3_000;
/** The attack stops starting connections after this (only reached when the server misbehaves). */
const ATTACK_BUDGET_MS = 90_000;

type LegacyKind =
  | 'text'
  | 'unknown-type'
  | 'truncated'
  | 'bad-update'
  | 'random'
  | 'oversized'
  | 'no-credentials'
  | 'unknown-doc';

/** What a connection does and how the server must end it. */
interface Plan {
  kind: string;
  /** Path and query after /sync/. */
  target: (board: TestBoard) => string;
  cookie?: boolean;
  frames: Array<string | Uint8Array>;
  /** Frames the server reads when it closes as expected. */
  counts: number;
  flood: boolean;
  code: number;
  reason?: RegExp;
}

/** Deterministic pseudo-random bytes. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32) * 256;
}

function legacyFrames(kind: LegacyKind, seed: number): Array<string | Uint8Array> {
  const rand = rng(seed);
  const bytes = (n: number) => Uint8Array.from({ length: n }, rand);
  return Array.from({ length: 5 }, (_, i): string | Uint8Array => {
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

const onBoard = (b: TestBoard) => `${b.id}?token=${b.candidateToken}`;

function legacyPlan(kind: LegacyKind, seed: number): Plan {
  const frames = legacyFrames(kind, seed);
  if (kind === 'no-credentials')
    return { kind, target: (b) => b.id, frames, counts: 0, flood: false, code: CloseCode.Unauthorized };
  if (kind === 'unknown-doc') {
    const target = (b: TestBoard) => `AAAAAAAAAAAAAAAAAAAAAA?token=${b.candidateToken}`;
    return { kind, target, frames, counts: 0, flood: false, code: CloseCode.NotFound };
  }
  const code = kind === 'oversized' ? CloseCode.MessageTooBig : CloseCode.Malformed;
  return { kind, target: onBoard, frames, counts: 1, flood: false, code };
}

/** Well-framed updates a server that trusts clients would apply (built once, on no particular board). */
function contentPlans(): Plan[] {
  const base = createBoardDoc(); // an update on an empty document depends on nothing any board holds
  const plans: Plan[] = HOSTILE_CASES.filter((c) => !c.needsFrameworkEvent).map((c) => ({
    kind: `content:${c.id}`,
    target: c.as === 'candidate' ? onBoard : (b) => b.id,
    cookie: c.as === 'interviewer',
    frames: [encodeSyncUpdate(hostileUpdate(c, base))],
    counts: 1,
    flood: false,
    code: CloseCode.Malformed,
    reason: /^invalid update:/,
  }));
  const client = createBoardDoc();
  captureUpdate(client, (d) => putRecords(d, [geoShape()])); // withheld
  const dependent = captureUpdate(client, (d) => putRecords(d, [geoShape({ x: 300 })]));
  const deleter = createBoardDoc();
  const deleted = geoShape();
  captureUpdate(deleter, (d) => putRecords(d, [deleted])); // withheld
  const deletion = captureUpdate(deleter, (d) => tldrawRecords(d).delete(deleted.id));
  for (const [kind, update] of [
    ['missing-structs', dependent],
    ['missing-deletes', deletion],
  ] as const) {
    plans.push({
      kind,
      target: onBoard,
      frames: [encodeSyncUpdate(update)],
      counts: 1,
      flood: false,
      code: CloseCode.Malformed,
      reason: /^invalid update: missing dependencies/,
    });
  }
  const presence = (state: unknown) => awarenessFrame([{ clientID: 0x7e57, clock: 1, state }]);
  plans.push(
    {
      kind: 'awareness-big',
      target: onBoard,
      frames: [presence({ user: { name: 'Big' }, blob: 'x'.repeat(9 * 1024) })],
      counts: 1,
      flood: false,
      code: CloseCode.Malformed,
      reason: /^invalid awareness:/,
    },
    {
      kind: 'awareness-name',
      target: onBoard,
      frames: [presence({ user: { name: 'N'.repeat(41) } })],
      counts: 1,
      flood: false,
      code: CloseCode.Malformed,
      reason: /^invalid awareness:/,
    },
  );
  return plans;
}

/** Valid frames a stock client sends (empty step 2 and updates, its own presence), then a bad one. */
function floodPlan(seed: number): Plan {
  const empty = Y.encodeStateAsUpdate(new Y.Doc());
  const frames: Uint8Array[] = [];
  for (let i = 0; i < FLOOD_FRAMES; i++) {
    if (i % 25 === 0) {
      frames.push(
        awarenessFrame([{ clientID: 1_000_000 + seed, clock: i + 1, state: { user: { name: 'Flo' } } }]),
      );
    } else frames.push(i % 2 ? encodeSyncUpdate(empty) : encodeSyncStep2(empty));
  }
  frames.push(wholeDocumentStep1());
  return {
    kind: 'flood',
    target: onBoard,
    frames: [...frames, 'bad frame after the flood'],
    counts: FLOOD_FRAMES + 2,
    flood: true,
    code: CloseCode.Malformed,
  };
}

/** Every connection of the run, in order: floods spread evenly among the others. */
function schedule(): Plan[] {
  const legacy: LegacyKind[] = [
    'text',
    'unknown-type',
    'truncated',
    'bad-update',
    'random',
    'random',
    'no-credentials',
    'unknown-doc',
  ];
  const content = contentPlans();
  const plans: Plan[] = [];
  for (let i = 0; i < SINGLE_CONNECTIONS; i++) {
    if (i % 200 === 7) plans.push(legacyPlan('oversized', i));
    else if (i % 2 === 0) plans.push(content[(i / 2) % content.length]!);
    else plans.push(legacyPlan(legacy[((i - 1) / 2) % legacy.length]!, i));
  }
  const every = Math.floor(SINGLE_CONNECTIONS / FLOOD_CONNECTIONS);
  for (let f = FLOOD_CONNECTIONS - 1; f >= 0; f--) plans.splice(f * every, 0, floodPlan(f));
  return plans;
}

interface Result {
  kind: string;
  code: number | string;
  reason: string;
  ok: boolean;
  framesRead: number;
}

/** Runs one connection to the end. */
async function attack(baseUrl: string, board: TestBoard, cookie: string, plan: Plan): Promise<Result> {
  const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/sync/${plan.target(board)}`, {
    headers: plan.cookie ? { cookie } : {},
  });
  ws.on('error', () => {});
  let answered = false;
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  ws.on('message', (data: Buffer) => {
    if (isSyncStep2(data)) answered = true;
  });
  const opened = await Promise.race([
    new Promise<boolean>((r) => ws.on('open', () => r(true))),
    closed.then(() => false),
  ]);
  if (opened) {
    const last = plan.flood ? plan.frames.length - 1 : plan.frames.length;
    for (const f of plan.frames.slice(0, last)) if (ws.readyState === ws.OPEN) ws.send(f);
    if (plan.flood) {
      // The step 1 at the end of the flood is answered only once every frame before it was read.
      await waitFor(() => answered || ws.readyState !== ws.OPEN, 15_000).catch(() => undefined);
      if (ws.readyState === ws.OPEN) ws.send(plan.frames[last]!);
    }
  }
  let timer: NodeJS.Timeout | undefined;
  const end = await Promise.race([
    closed,
    new Promise<{ code: string; reason: string }>(
      (r) =>
        (timer = setTimeout(
          () => r({ code: `still open after ${CLOSE_WAIT_MS} ms`, reason: '' }),
          CLOSE_WAIT_MS,
        )),
    ),
  ]);
  clearTimeout(timer);
  ws.terminate();
  const ok =
    end.code === plan.code && (!plan.reason || plan.reason.test(end.reason)) && (!plan.flood || answered);
  return { kind: plan.kind, code: end.code, reason: end.reason, ok, framesRead: ok ? plan.counts : 0 };
}

describe('hostile input', () => {
  it(`reads ${FRAMES_GOAL} hostile frames over ${SINGLE_CONNECTIONS + FLOOD_CONNECTIONS} connections, closing each as documented`, async () => {
    const server = await startServerProcess(tempDir());
    onCleanup(() => server.stop().then(() => undefined));
    const first = await createBoard(server.url, 'Target 1');
    const targets = [first];
    for (let t = 1; t < TARGETS; t++)
      targets.push(await createBoard(server.url, `Target ${t + 1}`, first.interviewer));
    const bystander = await createBoard(server.url, 'Bystander', first.interviewer);
    const a = connectProvider(server.url, bystander.id, { token: bystander.candidateToken });
    const b = connectProvider(server.url, bystander.id, { token: bystander.candidateToken });
    await Promise.all([synced(a), synced(b)]);
    const plans = schedule();

    const rss = trackRss(server.child.pid!, 100);
    const health = sampleHealthz(server.url, 100);
    const started = Date.now();
    const results: Result[] = [];
    let next = 0;
    let heartbeats = 0;
    const worker = async (board: TestBoard) => {
      while (next < plans.length && Date.now() - started < ATTACK_BUDGET_MS) {
        const i = next++;
        results.push(await attack(server.url, board, first.interviewer, plans[i]!));
        if (i % 100 === 0) a.doc.getMap('heartbeat').set('i', ++heartbeats); // the bystander board keeps syncing
      }
    };
    await Promise.all(
      targets.flatMap((board) => Array.from({ length: PER_TARGET_CONCURRENCY }, () => worker(board))),
    );
    const seconds = (Date.now() - started) / 1000;
    const latencies = await health.stop();
    rss.stop();

    a.doc.getMap('heartbeat').set('done', true);
    await waitFor(
      () => b.doc.getMap('heartbeat').get('done') === true,
      5_000,
      'bystander board still syncing',
    );
    const framesRead = results.reduce((n, r) => n + r.framesRead, 0);
    const p50 = percentile(latencies, 50);
    const p99 = percentile(latencies, 99);
    console.log(
      `hostile: ${framesRead} frames read over ${results.length} connections in ${seconds.toFixed(1)} s; ` +
        `RSS peak +${mb(rss.growth)} MB; /healthz p50 ${Math.round(p50)} ms, p99 ${Math.round(p99)} ms (${latencies.length} samples)`,
    );

    const wrong = new Map<string, { count: number; example: string }>();
    for (const r of results.filter((x) => !x.ok)) {
      const key = r.kind;
      const entry = wrong.get(key) ?? { count: 0, example: `${r.code} ${r.reason}`.trim() };
      entry.count++;
      wrong.set(key, entry);
    }
    expect(server.child.exitCode, 'server process still running').toBeNull();
    expect(Object.fromEntries(wrong), 'connections not closed with their documented code, by kind').toEqual(
      {},
    );
    expect(results.length, 'every planned connection ran').toBe(plans.length);
    expect(framesRead).toBeGreaterThanOrEqual(FRAMES_GOAL);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    // Bounded: the oversized frames alone are 15 x 4 MiB and nothing of the rest may be kept.
    expect(rss.growth, 'peak RSS growth').toBeLessThan(200 * 1024 * 1024);
    expect(p50, '/healthz p50 during the attack (ms)').toBeLessThan(250);
    expect(p99, '/healthz p99 during the attack (ms)').toBeLessThan(2_000);
  }, 180_000);
});
