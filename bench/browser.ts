/**
 * Browser benchmarks in real Chromium against the built server:
 * - edit-to-remote latency: page A nudges a shape (one tldraw store change per key press);
 *   page B's DOM shows the move. Times come from both pages' performance.timeOrigin + now(),
 *   one machine clock. B's time is when the shape's element changed, i.e. after B's store
 *   received the change and tldraw rendered it, so it slightly over-states "store holds it".
 * - a 5,000-shape board: time from navigation to all shapes in the DOM against the same page on an
 *   empty board, the page's phases (its performance marks), and bytes on join.
 */
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import * as Y from 'yjs';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import { GeoShapeUtil, createTLStore, getIndices, type TLRecord } from 'tldraw';
import { tldrawRecords } from '../lib/board/schema';
import { createBoard, percentile, round, signIn, startOurs } from './common';

/** Debian's Chromium as every browser benchmark launches it. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** A context whose pages skip the name prompt. */
export async function contextFor(
  browser: Browser,
  name: string,
  cookie?: { url: string; value: string },
  viewport = { width: 1280, height: 800 },
): Promise<BrowserContext> {
  const ctx = await browser.newContext({ viewport });
  await ctx.addInitScript((n) => {
    localStorage.setItem('boardroom.identity', JSON.stringify({ id: n, name: n, color: '#1971c2' }));
  }, name);
  if (cookie) {
    const [k, v] = cookie.value.split('=');
    await ctx.addCookies([{ name: k!, value: v!, url: cookie.url }]);
  }
  return ctx;
}

async function openBoard(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.locator('[data-testid="connection-state"][data-state="connected"]').waitFor({ timeout: 60_000 });
  await page.locator('.tl-canvas').waitFor();
}

/** Edit-to-remote latency over `n` nudges. */
export async function browserLatency(
  n: number,
): Promise<{ samples: number; p50Ms: number; p95Ms: number; p99Ms: number }> {
  const server = await startOurs();
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const cookie = await signIn(server.url);
    const board = await createBoard(server.url, cookie);
    const a = await (await contextFor(browser, 'A', { url: server.url, value: cookie })).newPage();
    const b = await (await contextFor(browser, 'B')).newPage();
    await openBoard(a, `${server.url}/b/${board.id}`);
    await openBoard(b, `${server.url}/b/${board.id}?token=${board.token}`);
    await a.getByTestId('tools.rectangle').click();
    await a.mouse.move(300, 300);
    await a.mouse.down();
    await a.mouse.move(400, 380, { steps: 5 });
    await a.mouse.up();
    await b.locator('.tl-shape').first().waitFor();
    await a.evaluate(() => {
      const w = window as unknown as { sent: number[] };
      w.sent = [];
      window.addEventListener('keydown', () => w.sent.push(performance.timeOrigin + performance.now()), true);
    });
    await b.evaluate(() => {
      const w = window as unknown as { seen: number[] };
      w.seen = [];
      const shape = document.querySelector('.tl-shape')!;
      new MutationObserver(() => w.seen.push(performance.timeOrigin + performance.now())).observe(shape, {
        attributes: true,
        attributeFilter: ['style'],
      });
    });
    const latencies: number[] = [];
    for (let i = 0; i < n; i++) {
      await a.keyboard.press(i % 2 ? 'ArrowLeft' : 'ArrowRight');
      await b.waitForFunction(
        (count) => (window as unknown as { seen: number[] }).seen.length >= count,
        i + 1,
      );
      const sent = await a.evaluate((k) => (window as unknown as { sent: number[] }).sent[k]!, i);
      const seen = await b.evaluate((k) => (window as unknown as { seen: number[] }).seen[k]!, i);
      latencies.push(seen - sent);
      // Drain any extra mutations of the same change so the next pairing stays aligned.
      await b.evaluate((k) => {
        const w = window as unknown as { seen: number[] };
        w.seen.length = k + 1;
      }, i);
    }
    return {
      samples: latencies.length,
      p50Ms: round(percentile(latencies, 50), 1),
      p95Ms: round(percentile(latencies, 95), 1),
      p99Ms: round(percentile(latencies, 99), 1),
    };
  } finally {
    await browser.close();
    await server.stop();
  }
}

/** Valid tldraw rectangle records for `count` shapes in a grid. */
function shapeRecords(count: number): TLRecord[] {
  const store = createTLStore();
  const props = GeoShapeUtil.prototype.getDefaultProps.call({ options: {} } as never);
  const indices = getIndices(count);
  const records = Array.from({ length: count }, (_, i) =>
    store.schema.types.shape.create({
      id: `shape:bench${i}`,
      type: 'geo',
      parentId: 'page:page',
      index: indices[i],
      x: (i % 100) * 120,
      y: Math.floor(i / 100) * 100,
      props: { ...props, w: 100, h: 80 },
    } as never),
  );
  store.put(records); // validates every record
  return records;
}

/** Milliseconds from navigation start to each of the board page's own marks (useBoardSession, BoardCanvas). */
interface PagePhases {
  connectMs: number;
  syncedMs: number;
  storeReadyMs: number;
  editorMountedMs: number;
}

/** One page open: until every shape element is in the DOM, and the phases on the way. */
type PageTiming = PagePhases & { renderMs: number };

/** Opens a board in a fresh page and times it until `shapes` shape elements are in the DOM. */
async function timePageOpen(
  browser: Browser,
  url: string,
  boardId: string,
  cookie: string,
  shapes: number,
): Promise<PageTiming> {
  const context = await contextFor(browser, 'Viewer', { url, value: cookie });
  const page = await context.newPage();
  const started = Date.now();
  await page.goto(`${url}/b/${boardId}`);
  await page.waitForFunction(
    (n) => !!document.querySelector('.tl-canvas') && document.querySelectorAll('.tl-shape').length >= n,
    shapes,
    { timeout: 120_000, polling: 50 },
  );
  const renderMs = Date.now() - started;
  const marks = await page.evaluate(() =>
    Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, Math.round(m.startTime)])),
  );
  await context.close();
  return {
    renderMs,
    connectMs: marks['boardroom:connect']!,
    syncedMs: marks['boardroom:synced']!,
    storeReadyMs: marks['boardroom:store-ready']!,
    editorMountedMs: marks['boardroom:editor-mounted']!,
  };
}

/**
 * A large board: time from navigation until the editor is mounted (it accepts a shape; a large
 * board shows the shapes nearest the view by then) and until all shapes are in the DOM, against
 * the same page on an empty board in the same run (the fixed cost of loading the app), with the
 * page's phases; and the bytes a client receives on join.
 */
export async function largeBoard(count: number): Promise<{
  shapes: number;
  renderMs: number;
  emptyBoardRenderMs: number;
  ratio: number;
  /** Interactive (the editor mounted: it accepts a shape), large against empty. */
  interactiveMs: number;
  emptyBoardInteractiveMs: number;
  interactiveRatio: number;
  joinBytes: number;
  phases: Record<'empty' | 'large', PageTiming>;
}> {
  const server = await startOurs();
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const cookie = await signIn(server.url);
    const empty = await createBoard(server.url, cookie, 'Empty');
    const board = await createBoard(server.url, cookie, 'Large');
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(`${server.url.replace(/^http/, 'ws')}/sync`, board.id, doc, {
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      params: { token: board.token },
      disableBc: true,
    });
    await new Promise<void>((resolve) => provider.once('sync', () => resolve()));
    const kv = tldrawRecords(doc);
    const records = shapeRecords(count);
    for (let i = 0; i < records.length; i += 500) {
      doc.transact(() => {
        for (const r of records.slice(i, i + 500)) kv.set(r.id, r as never);
      });
    }
    // Written once a second client sees all of it.
    const check = new Y.Doc();
    const checker = new WebsocketProvider(`${server.url.replace(/^http/, 'ws')}/sync`, board.id, check, {
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      params: { token: board.token },
      disableBc: true,
    });
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (tldrawRecords(check).map.size >= count + 2) {
          clearInterval(poll);
          resolve();
        }
      }, 50);
    });
    provider.destroy();
    checker.destroy();

    // Bytes on join: everything a new client receives until its first sync completes.
    const joinBytes = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${server.url.replace(/^http/, 'ws')}/sync/${board.id}?token=${board.token}`);
      let bytes = 0;
      ws.on('message', (data: Buffer) => {
        bytes += data.length;
        if (data[0] === 0 && data[1] === 1) {
          ws.close();
          resolve(bytes);
        }
      });
      ws.on('open', () => ws.send(Uint8Array.from([0, 0, 1, 0]))); // sync step 1 with an empty state vector
    });

    // Warm the server's page cache once, then alternate empty / large, three each; medians.
    await timePageOpen(browser, server.url, empty.id, cookie, 0);
    const runs: Array<Record<'empty' | 'large', PageTiming>> = [];
    for (let r = 0; r < 3; r++) {
      runs.push({
        empty: await timePageOpen(browser, server.url, empty.id, cookie, 0),
        large: await timePageOpen(browser, server.url, board.id, cookie, count),
      });
    }
    const median = (which: 'empty' | 'large'): PageTiming => {
      const of = (k: keyof PageTiming) =>
        round(
          percentile(
            runs.map((x) => x[which][k]),
            50,
          ),
          0,
        );
      return {
        renderMs: of('renderMs'),
        connectMs: of('connectMs'),
        syncedMs: of('syncedMs'),
        storeReadyMs: of('storeReadyMs'),
        editorMountedMs: of('editorMountedMs'),
      };
    };
    const phases = { empty: median('empty'), large: median('large') };
    return {
      shapes: count,
      renderMs: phases.large.renderMs,
      emptyBoardRenderMs: phases.empty.renderMs,
      ratio: round(phases.large.renderMs / phases.empty.renderMs, 2),
      interactiveMs: phases.large.editorMountedMs,
      emptyBoardInteractiveMs: phases.empty.editorMountedMs,
      interactiveRatio: round(phases.large.editorMountedMs / phases.empty.editorMountedMs, 2),
      joinBytes,
      phases,
    };
  } finally {
    await browser.close();
    await server.stop();
  }
}
