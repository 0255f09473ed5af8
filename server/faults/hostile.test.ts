/**
 * Hostile input against the built server process: thousands of connections send malformed,
 * truncated, oversized, text and random frames, come without credentials or to unknown documents,
 * send well-framed updates with every kind of invalid content (issue 11), updates with missing
 * dependencies and invalid presence, and some send over a thousand valid frames each before a bad
 * one (see server/testing/fuzzPlans.ts). The server stays up, every hostile connection is closed
 * with its documented code, another board keeps syncing, memory stays bounded and `/healthz` keeps
 * answering.
 *
 * Frames are counted only when the server demonstrably read them: a connection closed with the
 * code its first frame deserves counts that frame; a flooding connection counts its frames once
 * the server has answered the sync step 1 sent after them (the server reads a connection's frames
 * in order) and then closed it for the bad frame at the end.
 */
import { describe, expect, it } from 'vitest';
import { geoShape, putRecords, shapeIds } from '../../lib/board/fixtures';
import WebSocket from 'ws';
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
import { FLOOD_CONNECTIONS, SINGLE_CONNECTIONS, schedule, type Plan } from '../testing/fuzzPlans';
import { isSyncStep2 } from '../testing/frames';
import { mb, percentile, sampleHealthz, trackRss } from '../testing/probes';

/** Frames the server must demonstrably read. */
const FRAMES_GOAL = 100_000;
/** Target boards; connections per board at once stay under the per-link cap of 16. */
const TARGETS = 3;
const PER_TARGET_CONCURRENCY = 8;
/** How long the server gets to close a connection after its bad frame. */
const CLOSE_WAIT_MS = 3_000;
/** The attack stops starting connections after this (only reached when the server misbehaves). */
const ATTACK_BUDGET_MS = 90_000;

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
        if (i % 100 === 0) putRecords(a.doc, [geoShape({ id: 'shape:heartbeat', x: ++heartbeats })]); // the bystander board keeps syncing
      }
    };
    await Promise.all(
      targets.flatMap((board) => Array.from({ length: PER_TARGET_CONCURRENCY }, () => worker(board))),
    );
    const seconds = (Date.now() - started) / 1000;
    const latencies = await health.stop();
    rss.stop();

    putRecords(a.doc, [geoShape({ id: 'shape:done' })]);
    await waitFor(() => shapeIds(b.doc).includes('shape:done'), 5_000, 'bystander board still syncing');
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
