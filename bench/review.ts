/**
 * The review page on a long interview: a two-hour board with about 40,000 logged updates
 * (330 rectangles, each drawn and dragged four times at pointer rate, by two people; scope items;
 * step changes). Measured in Chromium against the built server:
 * - open: navigation to the replay showing every shape of the final board;
 * - scrub: one seek of the timeline (input event to the next animation frame: React, the replay
 *   engine and tldraw together), at 40 positions across the track;
 * - jump: from the start (an empty canvas) to the end, input event until every shape shows (a
 *   long move is shown over a few frames, docs/architecture.md "Review replay"), and its frames.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { chromium } from '@playwright/test';
import * as Y from 'yjs';
import { GeoShapeUtil, createTLStore, getIndices, type TLRecord } from 'tldraw';
import { tldrawRecords } from '../lib/board/schema';
import { decodeLog } from '../lib/history';
import { addScopeItem } from '../lib/board/scope';
import { setStep } from '../lib/board/framework';
import { openSqliteStore, DATABASE_FILE } from '../server/storage/sqlite';
import { LogCompactor } from '../server/compaction';
import { DEFAULT_CONFIG } from '../server/config';
import { startServerProcess } from '../server/testing/process';
import type { UpdateToAppend } from '../server/storage/BoardStore';
import { createBoard, median, percentile, round, signIn, tempDir } from './common';

const SHAPES = 330;
const TWO_HOURS_MS = 2 * 3_600_000;
const people = [
  { role: 'candidate' as const, name: 'Cai Candidate' },
  { role: 'interviewer' as const, name: 'Ivy Interviewer' },
];

/** Writes the scripted two hours into the board's log; returns how many entries it appended. */
async function writeLongLog(dataDir: string, boardId: string, start: number): Promise<number> {
  // The board was created just now; server times never go backwards within a document, so its
  // creation moves to just before the scripted two hours (or every entry would be stamped now).
  const db = new Database(path.join(dataDir, DATABASE_FILE));
  db.prepare('UPDATE updates SET at = ? WHERE doc_id = ?').run(start - 1_000, boardId);
  db.prepare('UPDATE boards SET created_at = ?, updated_at = ? WHERE id = ?').run(
    start - 1_000,
    start - 1_000,
    boardId,
  );
  db.close();
  const times: number[] = [];
  let k = 0;
  const store = openSqliteStore(path.join(dataDir, DATABASE_FILE), () => times[k++] ?? start + TWO_HOURS_MS);
  const doc = new Y.Doc();
  for (const e of await store.readLog(boardId)) Y.applyUpdate(doc, e.bytes);
  const schema = createTLStore();
  const props = GeoShapeUtil.prototype.getDefaultProps.call({ options: {} } as never);
  const indices = getIndices(SHAPES);
  const rect = (i: number, x: number, y: number) =>
    schema.schema.types.shape.create({
      id: `shape:long${i}`,
      type: 'geo',
      parentId: 'page:page',
      index: indices[i],
      x,
      y,
      props: { ...props, w: 100, h: 80 },
    } as never) as TLRecord;
  const out: UpdateToAppend[] = [];
  let t = start;
  let who = 0;
  let step = 0;
  doc.on('update', (bytes: Uint8Array) => {
    times.push(t);
    out.push({ docId: boardId, bytes, actor: people[who]!, step });
  });
  const kv = tldrawRecords(doc);
  const actor = { id: 'x', name: 'Ivy Interviewer' };
  for (let i = 0; i < SHAPES; i++) {
    t = start + Math.floor((i / SHAPES) * (TWO_HOURS_MS - 60_000));
    who = i % 3 === 0 ? 1 : 0;
    const x = (i % 30) * 130;
    const y = Math.floor(i / 30) * 110;
    kv.set(`shape:long${i}`, rect(i, x, y) as never);
    for (let drag = 0; drag < 4; drag++) {
      t += 2_000;
      for (let s = 0; s < 30; s++) {
        t += 16;
        kv.set(`shape:long${i}`, rect(i, x + (s % 5), y + (drag % 2)) as never);
      }
    }
    if (i % 6 === 0)
      addScopeItem(doc, { kind: 'assumption', text: `Assumption ${i}`, step: step as 0, by: actor, at: t });
    if (i % 83 === 82 && step < 3) {
      step++;
      setStep(doc, step, actor, t);
    }
  }
  for (let i = 0; i < out.length; i += 2_000) await store.appendUpdates(out.slice(i, i + 2_000));
  const written = await store.readLog(boardId);
  await store.close();
  const span = written.at(-1)!.at - written[0]!.at;
  if (span < TWO_HOURS_MS - 120_000) throw new Error(`the long log spans ${span} ms, not two hours`);
  return out.length;
}

/** What one log of the long board measures on the review page. */
export interface ReviewFigures {
  /** Log entries the page downloads and replays. */
  entries: number;
  /**
   * The board's first open on this server. The log as written is what a server that stopped
   * before the board unloaded leaves; the next one compacts it from start-up (its sweep, and a
   * whole read for review), docs/architecture.md "Storage".
   */
  firstOpenMs: number;
  /** Entries the log held when the first open started (the sweep may not have reached it yet). */
  firstOpenEntries: number;
  /** Entries the page got on the opens after the first. */
  entriesServed: number;
  openMs: number;
  /** Each of the opens the median is taken over, in order. */
  opensMs: number[];
  /** The page's own marks (median, ms from navigation): the log decoded, the replay pass done. */
  logReceivedMs: number;
  replayBuiltMs: number;
  scrubP50Ms: number;
  scrubP95Ms: number;
  scrubMaxMs: number;
  /** The jump from the empty start to the whole board: until every shape shows, and in how many frames. */
  jumpMs: number;
  jumpFrames: number;
  /** Its slowest frame (input or frame start to the next frame). */
  jumpFrameMaxMs: number;
}

/**
 * Opening and scrubbing the review page of the long board, twice: with its log as written (every
 * update an entry: what a server that stopped before the board unloaded leaves), on the first
 * start after it (which compacts that log in the background, and after the first whole read);
 * and after the compaction the server itself runs (on a live board for entries older than five
 * minutes, and when a board unloads; one-second resolution kept for the replay).
 */
export async function reviewPage(): Promise<{
  updates: number;
  raw: ReviewFigures;
  compacted: ReviewFigures;
}> {
  const dataDir = tempDir('review');
  let server = await startServerProcess(dataDir);
  const cookie = await signIn(server.url);
  const board = await createBoard(server.url, cookie, 'Two hours');
  // A small board to warm the page's code on, so that each long board's first open is its own.
  const warm = await createBoard(server.url, cookie, 'Warm-up');
  await server.stop();
  const updates = await writeLongLog(dataDir, board.id, Date.now() - TWO_HOURS_MS);
  server = await startServerProcess(dataDir);
  const raw = await measure(server.url, dataDir, board.id, warm.id, cookie, updates);
  await server.stop();
  const store = openSqliteStore(path.join(dataDir, DATABASE_FILE));
  await new LogCompactor(store, { windowMs: DEFAULT_CONFIG.compactionWindowMs }).compact(board.id);
  const entries = (await store.readLog(board.id)).length;
  await store.close();
  server = await startServerProcess(dataDir);
  try {
    return {
      updates,
      raw,
      compacted: await measure(server.url, dataDir, board.id, warm.id, cookie, entries),
    };
  } finally {
    await server.stop();
  }
}

/** The entries of a board's log now, read beside the running server (SQLite's WAL allows it). */
function countEntries(dataDir: string, boardId: string): number {
  const db = new Database(path.join(dataDir, DATABASE_FILE), { readonly: true });
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM updates WHERE doc_id = ?').get(boardId) as { n: number }).n;
  } finally {
    db.close();
  }
}

async function measure(
  url: string,
  dataDir: string,
  boardId: string,
  warmId: string,
  cookie: string,
  entries: number,
): Promise<ReviewFigures> {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const [name, value] = cookie.split('=');
    await context.addCookies([{ name: name!, value: value!, url }]);
    const page = await context.newPage();
    // Warm the page's code once (a reviewer's browser has it cached after the first visit).
    await page.goto(`${url}/r/${warmId}`);
    await page.locator('[data-testid="replay"]').waitFor({ timeout: 120_000 });
    const opens: number[] = [];
    const marks: Array<{ log: number; built: number }> = [];
    const firstOpenEntries = countEntries(dataDir, boardId);
    for (let i = 0; i < 4; i++) {
      const started = Date.now();
      await page.goto(`${url}/r/${boardId}`);
      await page.waitForFunction(
        (n) =>
          !!document.querySelector('[data-testid="replay"]') &&
          document.querySelectorAll('.tl-shape').length >= n,
        SHAPES,
        { timeout: 120_000, polling: 20 },
      );
      opens.push(Date.now() - started);
      if (i === 0) continue; // the first open is reported on its own
      marks.push(
        // (No named helper inside: tsx would wrap it in a `__name` call the page does not have.)
        await page.evaluate(() => ({
          log: performance.getEntriesByName('boardroom:log-received')[0]?.startTime ?? Number.NaN,
          built: performance.getEntriesByName('boardroom:replay-built')[0]?.startTime ?? Number.NaN,
        })),
      );
    }
    // What the opens got: the log as the server serves it now.
    const served = decodeLog(
      new Uint8Array(
        await (await fetch(`${url}/api/boards/${boardId}/log`, { headers: { cookie } })).arrayBuffer(),
      ),
    ).length;
    const frames = await page.evaluate(async () => {
      const input = document.querySelector<HTMLInputElement>('[data-testid="replay.position"]')!;
      const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
      const out: number[] = [];
      for (let i = 0; i < 40; i++) {
        const to = String(Math.round((((i * 7_919) % 40) / 40) * 1000));
        const t0 = performance.now();
        setValue.call(input, to);
        input.dispatchEvent(new Event('input', { bubbles: true }));
        await new Promise((r) => requestAnimationFrame(r));
        out.push(performance.now() - t0);
      }
      return out;
    });
    // (No named helper inside: tsx would wrap it in a `__name` call the page does not have.)
    const jump = await page.evaluate(async (shapes) => {
      const input = document.querySelector<HTMLInputElement>('[data-testid="replay.position"]')!;
      const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
      setValue.call(input, '0');
      input.dispatchEvent(new Event('input', { bubbles: true }));
      while (document.querySelectorAll('.tl-shape').length > 0) {
        await new Promise((r) => requestAnimationFrame(r));
      }
      await new Promise((r) => setTimeout(r, 100)); // settled at the start (nothing is pending)
      const t0 = performance.now();
      setValue.call(input, '1000');
      input.dispatchEvent(new Event('input', { bubbles: true }));
      const frames: number[] = [];
      let last = t0;
      do {
        await new Promise((r) => requestAnimationFrame(r));
        const now = performance.now();
        frames.push(now - last);
        last = now;
      } while (document.querySelectorAll('.tl-shape').length < shapes && frames.length < 1_000);
      return { ms: last - t0, frames: frames.length, frameMax: Math.max(...frames) };
    }, SHAPES);
    return {
      entries,
      firstOpenMs: opens[0]!,
      firstOpenEntries,
      entriesServed: served,
      openMs: median(opens.slice(1)),
      opensMs: opens,
      logReceivedMs: median(marks.map((m) => m.log)),
      replayBuiltMs: median(marks.map((m) => m.built)),
      scrubP50Ms: round(percentile(frames, 50), 1),
      scrubP95Ms: round(percentile(frames, 95), 1),
      scrubMaxMs: round(Math.max(...frames), 1),
      jumpMs: Math.round(jump.ms),
      jumpFrames: jump.frames,
      jumpFrameMaxMs: round(jump.frameMax, 1),
    };
  } finally {
    await browser.close();
  }
}
