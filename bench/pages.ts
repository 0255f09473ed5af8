/**
 * Pages as a new user opens them, in Chromium against the built server: the board page of an
 * empty board until its canvas is mounted (it accepts a shape from then on), and the dashboard
 * with 1,000 boards until its first rows are painted, and until every row is in the table and
 * painted. Cold (a fresh browser profile: nothing cached) and warm (the same profile opening the
 * page again), on a quiet machine and with one core kept busy by another process, as a real laptop
 * often is. Bytes and requests are the cold open's. The review page has its own benchmark
 * (`bench/review.ts`).
 */
import { spawn } from 'node:child_process';
import { chromium, type Browser, type Page } from '@playwright/test';
import { createBoard, median, signIn, startOurs } from './common';
import { CHROMIUM_ARGS, contextFor } from './browser';

const BOARDS = 1_000;
const RUNS = 3;

/** One page kind: where it is and when it is ready. */
interface PageKind {
  name: string;
  path: string;
  ready: (page: Page) => Promise<unknown>;
}

/** The figures of one page kind under one load. */
export interface PageLoadFigures {
  page: string;
  load: 'quiet' | 'one core busy';
  coldMs: number;
  warmMs: number;
  /** Bytes the cold open downloaded (bodies) and how many requests it made. */
  coldBytes: number;
  coldRequests: number;
}

export async function pageLoads(): Promise<PageLoadFigures[]> {
  const server = await startOurs();
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const cookie = await signIn(server.url);
    const empty = await createBoard(server.url, cookie, 'Empty');
    for (let i = 1; i < BOARDS; i++) await createBoard(server.url, cookie, `Board ${i}`);
    const kinds: PageKind[] = [
      {
        name: 'board page, empty board (canvas mounted)',
        path: `/b/${empty.id}`,
        ready: (page) =>
          page.waitForFunction(
            () =>
              !!document.querySelector('.tl-canvas') &&
              performance.getEntriesByName('boardroom:editor-mounted').length > 0,
            null,
            { timeout: 60_000, polling: 20 },
          ),
      },
      {
        // What a reader sees first: the page renders a screenful of rows, then the rest.
        name: `dashboard, ${BOARDS} boards (first rows painted)`,
        path: '/dashboard',
        ready: async (page) => {
          await page.waitForFunction(() => !!document.querySelector('[data-testid="dashboard.row"]'), null, {
            timeout: 60_000,
            polling: 20,
          });
          await page.evaluate(
            () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))),
          );
        },
      },
      {
        name: `dashboard, ${BOARDS} boards (every row)`,
        path: '/dashboard',
        // Every row in the table, and the frame that shows them painted (the table's style and
        // layout happen in that frame, after the rows are in the document).
        ready: async (page) => {
          await page.waitForFunction(
            (n) => document.querySelectorAll('[data-testid="dashboard.row"]').length >= n,
            BOARDS,
            { timeout: 60_000, polling: 20 },
          );
          await page.evaluate(
            () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))),
          );
        },
      },
    ];
    // The server's own first render of each page, outside the measurements.
    for (const kind of kinds) await open(browser, server.url, cookie, kind);
    const out: PageLoadFigures[] = [];
    for (const load of ['quiet', 'one core busy'] as const) {
      const busy =
        load === 'quiet' ? null : spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' });
      try {
        for (const kind of kinds) {
          const runs = [];
          for (let r = 0; r < RUNS; r++) runs.push(await open(browser, server.url, cookie, kind));
          out.push({
            page: kind.name,
            load,
            coldMs: median(runs.map((x) => x.coldMs)),
            warmMs: median(runs.map((x) => x.warmMs)),
            coldBytes: runs[0]!.bytes,
            coldRequests: runs[0]!.requests,
          });
        }
      } finally {
        busy?.kill();
      }
    }
    return out;
  } finally {
    await browser.close();
    await server.stop();
  }
}

/** A cold open in a fresh profile, then a warm one in the same profile. */
async function open(
  browser: Browser,
  url: string,
  cookie: string,
  kind: PageKind,
): Promise<{ coldMs: number; warmMs: number; bytes: number; requests: number }> {
  // The interviewer's name is known (no prompt), as for someone who has used the product before.
  const context = await contextFor(browser, 'Bench', { url, value: cookie }, { width: 1440, height: 900 });
  try {
    const page = await context.newPage();
    // Bodies as they came over the wire (compressed where the server compressed them).
    const sizes: Array<Promise<number>> = [];
    page.on('requestfinished', (request) => {
      sizes.push(
        request.sizes().then(
          (s) => s.responseBodySize,
          () => 0,
        ),
      );
    });
    const time = async () => {
      const started = Date.now();
      await page.goto(`${url}${kind.path}`);
      await kind.ready(page);
      return Date.now() - started;
    };
    const coldMs = await time();
    const cold = await Promise.all(sizes.splice(0));
    const warmMs = await time();
    return { coldMs, warmMs, bytes: cold.reduce((a, b) => a + b, 0), requests: cold.length };
  } finally {
    await context.close();
  }
}
