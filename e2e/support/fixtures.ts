/**
 * Named actors, each in its own browser context: the interviewer (signed in), the candidate
 * and the reviewer (who arrive through their links). A fresh board per test, and a guard
 * that fails the test on any request to a host other than the app's.
 */
import { test as base, expect, type Browser, type BrowserContext } from '@playwright/test';
import { BoardPage } from './BoardPage';
import { TEST_SECRET } from '../../server/testing/process';

/** A board created for a test. */
export interface E2EBoard {
  id: string;
  /** The interviewer's address of the board. */
  url: string;
  candidateUrl: string;
  reviewUrl: string;
}

interface Fixtures {
  /** Requests that left the app's origin during the test (must stay empty). */
  offOrigin: string[];
  /** Opens a new isolated browser context with the origin guard (for `origin`, default the app's). */
  newActorContext: (origin?: string) => Promise<BrowserContext>;
  board: E2EBoard;
  interviewer: BoardPage;
  candidate: BoardPage;
  reviewer: BoardPage;
}

/** Signs in through the API and creates a board on `origin`. */
export async function createBoardVia(origin: string, title = 'Design a URL shortener'): Promise<E2EBoard> {
  const session = await fetch(`${origin}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ secret: TEST_SECRET }),
  });
  expect(session.status).toBe(204);
  const res = await fetch(`${origin}/api/boards`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      cookie: session.headers.get('set-cookie')!.split(';')[0]!,
    },
    body: JSON.stringify({ title }),
  });
  expect(res.status).toBe(201);
  const body = (await res.json()) as { id: string; candidateUrl: string; reviewUrl: string };
  return {
    id: body.id,
    url: `${origin}/b/${body.id}`,
    candidateUrl: body.candidateUrl,
    reviewUrl: body.reviewUrl,
  };
}

/** Signs a browser context in as the interviewer (the cookie lands in the context's jar). */
export async function signInContext(context: BrowserContext, origin: string): Promise<void> {
  const res = await context.request.post(`${origin}/api/session`, { data: { secret: TEST_SECRET } });
  expect(res.status()).toBe(204);
}

function isLocal(url: string, origin: string): boolean {
  if (url.startsWith('data:') || url.startsWith('blob:') || url.startsWith('about:')) return true;
  return new URL(url).host === new URL(origin).host;
}

async function guardedContext(
  browser: Browser,
  origin: string,
  offOrigin: string[],
): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: origin, viewport: { width: 1280, height: 800 } });
  context.on('request', (req) => {
    if (!isLocal(req.url(), origin)) offOrigin.push(req.url());
  });
  context.on('page', (page) =>
    page.on('websocket', (ws) => {
      if (!isLocal(ws.url().replace(/^ws/, 'http'), origin)) offOrigin.push(ws.url());
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
  board: async ({ baseURL }, use) => {
    await use(await createBoardVia(baseURL!));
  },
  interviewer: async ({ newActorContext, baseURL }, use) => {
    const ctx = await newActorContext();
    await signInContext(ctx, baseURL!);
    await use(new BoardPage(await ctx.newPage(), 'Ines Interviewer'));
  },
  candidate: async ({ newActorContext }, use) => {
    const ctx = await newActorContext();
    await use(new BoardPage(await ctx.newPage(), 'Cai Candidate'));
  },
  reviewer: async ({ newActorContext }, use) => {
    const ctx = await newActorContext();
    await use(new BoardPage(await ctx.newPage(), 'Rey Reviewer'));
  },
});

export { expect };
