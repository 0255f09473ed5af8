/**
 * Warm actors: one browser context and one tab per actor per worker, reused from test to test.
 *
 * Opening a board in a new tab costs about 4 s and 6-7 s of CPU on this project's machines (the
 * tldraw bundle is parsed, compiled and run from scratch in a fresh renderer). The same tab
 * opening the next board takes about 1.2 s and 2 s of CPU: its renderer keeps the compiled code.
 * So each actor keeps its tab, and between tests only what a test could leave behind is reset:
 * listeners, the board copies and panel settings in browser storage, and the page itself. A test
 * that fails, or that changes the context in ways that cannot be undone (a fake clock, signing
 * out), gets its context thrown away so the next test starts clean.
 */
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { BoardPage } from './BoardPage';

/** The named people of a board. */
export type ActorRole = 'interviewer' | 'candidate' | 'reviewer';

/** Each actor's display name (typed into the name prompt the first time its tab opens a board). */
export const ACTOR_NAMES: Record<ActorRole, string> = {
  interviewer: 'Ines Interviewer',
  candidate: 'Cai Candidate',
  reviewer: 'Rey Reviewer',
};

/** The viewport every actor starts with. */
export const ACTOR_VIEWPORT = { width: 1280, height: 800 };

interface Slot {
  context: BrowserContext;
  page: Page;
}

function isLocal(url: string, origin: string): boolean {
  return /^(data|blob|about):/.test(url) || new URL(url).host === new URL(origin).host;
}

/** WebSockets of `page` that leave `origin` go to `sink()`. */
function guardPage(page: Page, origin: string, sink: () => string[]): void {
  page.on('websocket', (ws) => {
    if (!isLocal(ws.url().replace(/^ws/, 'http'), origin)) sink().push(ws.url());
  });
}

/** Requests and WebSockets that leave `origin` go to `sink()` (the current test's list). */
export function guardOrigin(context: BrowserContext, origin: string, sink: () => string[]): void {
  context.on('request', (req) => {
    if (!isLocal(req.url(), origin)) sink().push(req.url());
  });
  context.on('page', (page) => guardPage(page, origin, sink));
}

/** The warm tabs of one worker. */
export class WarmActors {
  private readonly slots = new Map<ActorRole, Slot>();
  private sink: string[] = [];

  constructor(
    private readonly browser: Browser,
    private readonly origin: string,
  ) {}

  /** Where off-origin requests of the current test are recorded. */
  recordOffOriginIn(list: string[]): void {
    this.sink = list;
  }

  /** The actor's tab, created (and prepared with `prepare`) the first time. */
  async take(role: ActorRole, prepare: (context: BrowserContext) => Promise<void>): Promise<Page> {
    let slot = this.slots.get(role);
    if (!slot || slot.page.isClosed()) {
      const context = await this.browser.newContext({ baseURL: this.origin, viewport: ACTOR_VIEWPORT });
      guardOrigin(context, this.origin, () => this.sink);
      await prepare(context);
      slot = { context, page: await context.newPage() };
      this.slots.set(role, slot);
    }
    return slot.page;
  }

  /**
   * Opens a board once in every actor's tab, so the first test of the worker does not pay for
   * cold tabs inside its own timeout. `prepare` and `links` come from the fixtures.
   */
  async warmUp(
    prepare: Record<ActorRole, (context: BrowserContext) => Promise<void>>,
    links: Record<ActorRole, string>,
  ): Promise<void> {
    for (const role of ['interviewer', 'candidate', 'reviewer'] as const) {
      const actor = new BoardPage(await this.take(role, prepare[role]), ACTOR_NAMES[role]);
      if (role === 'reviewer') {
        await actor.page.goto(links.reviewer);
        await actor.page.locator('.tl-canvas').waitFor();
      } else {
        await actor.open(links[role]);
      }
      await this.release(role, true);
    }
  }

  /**
   * Hands the tab back after a test. A clean tab is reset for the next test; a failed test's
   * context (or one marked `tainted`) is closed instead.
   */
  async release(role: ActorRole, clean: boolean): Promise<void> {
    const slot = this.slots.get(role);
    if (!slot) return;
    if (!clean || slot.page.isClosed() || slot.context.pages().length !== 1) {
      this.slots.delete(role);
      await slot.context.close().catch(() => {});
      return;
    }
    const { page } = slot;
    page.removeAllListeners();
    guardPage(page, this.origin, () => this.sink);
    try {
      const onOrigin = page.url().startsWith(this.origin);
      // Parked on a light app page, the tab keeps its loaded code for the next test (BoardPage.visit);
      // elsewhere it goes blank. Either way no board stays open: an idle board keeps using CPU.
      const parked = onOrigin && (await park(page));
      if (onOrigin) await page.evaluate(resetStorage);
      await page.setViewportSize(ACTOR_VIEWPORT);
      if (parked) await page.evaluate(() => (document.body.dataset.parked = '1'));
      else await page.goto('about:blank');
    } catch {
      this.slots.delete(role);
      await slot.context.close().catch(() => {});
    }
  }

  /** Closes every context (end of the worker). */
  async close(): Promise<void> {
    for (const slot of this.slots.values()) await slot.context.close().catch(() => {});
    this.slots.clear();
  }
}

/**
 * Moves an app tab to the sign-in page (the dashboard, for the interviewer) with Next.js's
 * client-side navigation and waits until no board is mounted; false where the page has no router.
 */
async function park(page: Page): Promise<boolean> {
  const pushed = await page.evaluate(() => {
    const router = (window as { next?: { router?: { push(href: string): void } } }).next?.router;
    router?.push('/signin');
    return !!router;
  });
  if (!pushed) return false;
  await page.waitForFunction(
    () => !/^\/[br]\//.test(location.pathname) && !document.querySelector('.tl-container'),
    undefined,
    { timeout: 10_000 },
  );
  return true;
}

/** Runs in the page: forgets what one test could leave for the next, keeps the person's name. */
async function resetStorage(): Promise<void> {
  const identity = localStorage.getItem('boardroom.identity');
  localStorage.clear();
  if (identity) localStorage.setItem('boardroom.identity', identity);
  sessionStorage.clear();
  const dbs = (await indexedDB.databases?.()) ?? [];
  await Promise.all(
    dbs
      .filter((d) => d.name?.startsWith('boardroom:'))
      .map(
        (d) =>
          new Promise<void>((resolve) => {
            const req = indexedDB.deleteDatabase(d.name!);
            req.onsuccess = req.onerror = req.onblocked = () => resolve();
          }),
      ),
  );
}
