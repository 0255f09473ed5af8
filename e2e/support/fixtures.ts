/**
 * Named actors, each in its own browser context: the interviewer (signed in), the candidate
 * and the reviewer (who arrive through their links). Their tabs stay warm from test to test
 * (actors.ts). A fresh board per test, and a guard that fails the test on any request to a
 * host other than the app's.
 */
import { test as base, expect, type Browser, type BrowserContext, type TestInfo } from '@playwright/test';
import { ACTOR_NAMES, ACTOR_VIEWPORT, WarmActors, guardOrigin, type ActorRole } from './actors';
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

interface WorkerFixtures {
  /** This worker's warm actor tabs (see actors.ts). */
  warmActors: WarmActors;
}

interface Fixtures {
  /** Requests that left the app's origin during the test (must stay empty). */
  offOrigin: string[];
  /**
   * Opens a new isolated browser context with the origin guard (for `origin`, default the app's),
   * for tests that need a fresh browser (a fake clock, signing out, another server).
   */
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

async function guardedContext(
  browser: Browser,
  origin: string,
  offOrigin: string[],
): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: origin, viewport: ACTOR_VIEWPORT });
  guardOrigin(context, origin, () => offOrigin);
  return context;
}

/** Runs a test with the worker's warm tab for `role`, then hands it back (or discards it on failure). */
async function withActor(
  warmActors: WarmActors,
  role: ActorRole,
  prepare: (context: BrowserContext) => Promise<void>,
  use: (page: BoardPage) => Promise<void>,
  testInfo: TestInfo,
): Promise<void> {
  const page = await warmActors.take(role, prepare);
  await use(new BoardPage(page, ACTOR_NAMES[role]));
  await warmActors.release(role, testInfo.status === testInfo.expectedStatus);
}

const nothingToPrepare = async () => {};
const signIn = (context: BrowserContext) => signInContext(context, process.env.E2E_BASE_URL!);

export const test = base.extend<Fixtures, WorkerFixtures>({
  warmActors: [
    async ({ browser }, use) => {
      const origin = process.env.E2E_BASE_URL!;
      const actors = new WarmActors(browser, origin);
      const board = await createBoardVia(origin, 'Warm-up');
      await actors.warmUp(
        { interviewer: signIn, candidate: nothingToPrepare, reviewer: nothingToPrepare },
        { interviewer: board.url, candidate: board.candidateUrl, reviewer: board.reviewUrl },
      );
      await use(actors);
      await actors.close();
    },
    // Cold tabs take a while on a busy machine; this is paid once per worker, not per test.
    { scope: 'worker', timeout: 120_000 },
  ],
  offOrigin: async ({ warmActors }, use) => {
    const list: string[] = [];
    warmActors.recordOffOriginIn(list);
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
  // Each actor depends on `offOrigin`, so the origin guard records into this test's list.
  interviewer: async ({ warmActors, offOrigin }, use, testInfo) => {
    void offOrigin;
    await withActor(warmActors, 'interviewer', signIn, use, testInfo);
  },
  candidate: async ({ warmActors, offOrigin }, use, testInfo) => {
    void offOrigin;
    await withActor(warmActors, 'candidate', nothingToPrepare, use, testInfo);
  },
  reviewer: async ({ warmActors, offOrigin }, use, testInfo) => {
    void offOrigin;
    await withActor(warmActors, 'reviewer', nothingToPrepare, use, testInfo);
  },
});

export { expect };
