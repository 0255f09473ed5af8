/**
 * Named actors, each in its own browser context, a fresh board per test, and a guard that
 * fails the test on any request to a host other than the app's.
 */
import { test as base, expect, type Browser, type BrowserContext } from '@playwright/test';
import { BoardPage } from './BoardPage';

interface Fixtures {
  /** Requests that left the app's origin during the test (must stay empty). */
  offOrigin: string[];
  /** Opens a new isolated browser context with the origin guard (for `origin`, default the app's). */
  newActorContext: (origin?: string) => Promise<BrowserContext>;
  /** A fresh board's id. */
  boardId: string;
  interviewer: BoardPage;
  candidate: BoardPage;
}

/** Creates a board through the API. */
export async function createBoardId(baseURL: string, title = 'Design a URL shortener'): Promise<string> {
  const res = await fetch(`${baseURL}/api/boards`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

function isLocal(url: string, origin: string): boolean {
  if (url.startsWith('data:') || url.startsWith('blob:') || url.startsWith('about:')) return true;
  const u = new URL(url);
  return u.host === new URL(origin).host;
}

async function guardedContext(
  browser: Browser,
  baseURL: string,
  offOrigin: string[],
): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 800 } });
  context.on('request', (req) => {
    if (!isLocal(req.url(), baseURL)) offOrigin.push(req.url());
  });
  context.on('page', (page) =>
    page.on('websocket', (ws) => {
      if (!isLocal(ws.url().replace(/^ws/, 'http'), baseURL)) offOrigin.push(ws.url());
    }),
  );
  return context;
}

export const test = base.extend<Fixtures>({
  offOrigin: async ({}, use) => {
    const list: string[] = [];
    await use(list);
    expect(list, 'requests to other hosts').toEqual([]);
  },
  newActorContext: async ({ browser, baseURL, offOrigin }, use) => {
    const contexts: BrowserContext[] = [];
    await use(async (origin = baseURL!) => {
      const ctx = await guardedContext(browser, origin, offOrigin);
      contexts.push(ctx);
      return ctx;
    });
    for (const ctx of contexts) await ctx.close();
  },
  boardId: async ({ baseURL }, use) => {
    await use(await createBoardId(baseURL!));
  },
  interviewer: async ({ newActorContext }, use) => {
    const ctx = await newActorContext();
    await use(new BoardPage(await ctx.newPage(), 'Ines Interviewer'));
  },
  candidate: async ({ newActorContext }, use) => {
    const ctx = await newActorContext();
    await use(new BoardPage(await ctx.newPage(), 'Cai Candidate'));
  },
});

export { expect };
