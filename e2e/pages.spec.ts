import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Route } from '@playwright/test';
import { test, expect, createBoardVia, signInContext } from './support/fixtures';
import { startServerProcess, TEST_SECRET } from '../server/testing/process';

test('an interviewer signs in, creates a board, gets its links and opens it', async ({ newActorContext }) => {
  const page = await (await newActorContext()).newPage();
  await page.goto('/');
  await page.getByRole('link', { name: 'Interviewer sign-in' }).click();
  await page.getByLabel('Workspace secret').fill('wrong');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'wrong secret' })).toBeVisible();
  await page.getByLabel('Workspace secret').fill(TEST_SECRET);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/dashboard$/);

  await page.getByLabel('Title', { exact: true }).fill('Design a rate limiter');
  await page.getByLabel(/Problem prompt/).fill('Per-user limits for a public API');
  await page.getByRole('button', { name: 'Create board' }).click();
  await expect(page.getByTestId('created.candidate-url')).toHaveValue(/\/b\/[A-Za-z0-9_-]{22}\?token=/);
  await expect(page.getByTestId('created.review-url')).toHaveValue(/\/r\/[A-Za-z0-9_-]{22}\?token=/);
  await expect(page.getByTestId('dashboard.boards')).toContainText('Design a rate limiter');
  await page.getByRole('link', { name: 'Open board' }).click();
  await expect(page.getByRole('heading', { name: 'Design a rate limiter' })).toBeVisible();
  await expect(page.getByRole('dialog')).toBeVisible();
  await page.getByRole('dialog').getByRole('textbox').fill('Ines');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('panel.prompt')).toHaveText('Per-user limits for a public API');

  // The board page keeps a copy for offline edits; signing out deletes every such copy.
  const localCopies = () =>
    page.evaluate(async () =>
      (await indexedDB.databases()).map((d) => d.name).filter((n) => n?.startsWith('boardroom:')),
    );
  await expect.poll(localCopies).not.toEqual([]);
  await page.goto('/dashboard');
  await expect(page.getByTestId('dashboard.boards')).toContainText('Design a rate limiter');
  // One request for the boards per page load, started by the page's HTML (a preload link): the
  // dashboard's own request takes it over (a mismatch would ask the server twice).
  const boardLists = await page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .filter((e) => new URL(e.name).pathname === '/api/boards')
      .map((e) => (e as PerformanceResourceTiming).initiatorType),
  );
  expect(boardLists).toEqual(['link']);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect.poll(localCopies).toEqual([]);
  await page.goto('/dashboard');
  await expect(page).toHaveURL(/\/signin$/);
});

test('an unknown board shows a friendly 404 page', async ({ interviewer }) => {
  const res = await interviewer.page.goto('/b/AAAAAAAAAAAAAAAAAAAAAA');
  expect(res?.status()).toBe(404);
  await expect(interviewer.page.getByTestId('not-found')).toContainText('Board not found');
  const garbage = await interviewer.page.goto('/b/%E0%A4%A');
  expect(garbage?.status()).toBe(404);
});

test('the name prompt is a dialog with one field, refuses an empty name, and is asked only once', async ({
  newActorContext,
  board,
}) => {
  const page = await (await newActorContext()).newPage(); // a browser that never gave a name
  await page.goto(board.candidateUrl);
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('textbox')).toHaveCount(1);
  await dialog.getByRole('textbox').fill('   ');
  await page.keyboard.press('Enter');
  await expect(dialog.getByRole('alert')).toHaveText('Please enter a name.');
  await dialog.getByRole('textbox').fill('Grace');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('presence-list')).toContainText('Grace (you)');
  await page.reload();
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'connected');
  await expect(page.getByTestId('presence-list')).toContainText('Grace (you)');
  await expect(dialog).toHaveCount(0);
});

test('pages carry a strict CSP with a nonce, no referrer, and no framing', async ({ interviewer, board }) => {
  const res = await interviewer.page.goto(board.url);
  const headers = res!.headers();
  expect(headers['content-security-policy']).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
  expect(headers['content-security-policy']).toContain("connect-src 'self'");
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(headers['referrer-policy']).toBe('no-referrer');
  await interviewer.open(board.url); // the page works under that policy
});

test('the board page’s scripts arrive as the build compressed them, cached for good', async ({
  newActorContext,
  board,
}) => {
  // A candidate's first visit: a fresh browser, so every script comes from the server.
  const page = await (await newActorContext()).newPage();
  const scripts: Array<{ url: string; headers: Promise<Record<string, string>> }> = [];
  page.on('response', (res) => {
    const url = new URL(res.url());
    if (url.pathname.startsWith('/_next/static/') && url.pathname.endsWith('.js')) {
      scripts.push({ url: url.pathname, headers: res.allHeaders() });
    }
  });
  await page.goto(board.candidateUrl);
  await expect(page.getByRole('dialog')).toBeVisible(); // the name prompt: the board's code ran
  expect(scripts.length).toBeGreaterThan(5);
  for (const script of scripts) {
    const headers = await script.headers;
    expect([script.url, headers['content-encoding']]).toEqual([script.url, 'br']);
    expect(headers['cache-control']).toBe('public, max-age=31536000, immutable');
  }
});

test('leaving a board before its screen has loaded closes the connection the page opened for it', async ({
  newActorContext,
  board,
}) => {
  const context = await newActorContext();
  await signInContext(context, new URL(board.url).origin);
  const page = await context.newPage();
  // Every WebSocket the page opens, to look at afterwards.
  await page.addInitScript(() => {
    const sockets: WebSocket[] = [];
    Object.assign(window, { sockets });
    window.WebSocket = class extends window.WebSocket {
      constructor(...args: ConstructorParameters<typeof WebSocket>) {
        super(...args);
        sockets.push(this);
      }
    };
  });
  // The scripts the board page's HTML names load; the code it requests once it runs (the board's
  // screen and the canvas) is held back, so the person is still waiting for it when they leave.
  const html = await (await context.request.get(board.url)).text();
  const named = new Set([...html.matchAll(/\/_next\/static\/chunks\/[^"'\s]+\.js/g)].map((m) => m[0]));
  const held: Route[] = [];
  let leaving = false;
  await page.route('**/_next/static/chunks/*.js', (route) => {
    const path = new URL(route.request().url()).pathname;
    if (named.has(path) || leaving) return route.continue();
    held.push(route);
  });
  // Not until `load`: the held scripts hold that back.
  await page.goto(board.url, { waitUntil: 'domcontentloaded' });
  const openSyncSockets = () =>
    page.evaluate(
      () =>
        (window as unknown as { sockets: WebSocket[] }).sockets.filter(
          (ws) => ws.url.includes('/sync/') && ws.readyState === WebSocket.OPEN,
        ).length,
    );
  await expect.poll(openSyncSockets).toBe(1); // the page's early connection
  expect(held.length).toBeGreaterThan(0);
  await expect(page.locator('.tl-canvas')).toHaveCount(0);

  // Away to the dashboard, inside the app, as a link there would go.
  leaving = true;
  await Promise.all(held.map((route) => route.abort()));
  await page.evaluate(() =>
    (window as unknown as { next: { router: { push(to: string): void } } }).next.router.push('/dashboard'),
  );
  await expect(page.getByTestId('dashboard.boards')).toBeVisible();
  await expect.poll(openSyncSockets).toBe(0);
  await context.close();
});

test('the dashboard table fits its column from 1024 px up, each cell holds its text, and a row scrolled to is drawn', async ({
  interviewer,
  baseURL,
}) => {
  await createBoardVia(
    baseURL!,
    'Internationalisation-and-localisation service for a company of 40,000 people',
  );
  const page = interviewer.page;
  await interviewer.visit('/dashboard');
  const rows = page.getByTestId('dashboard.row');
  // Not necessarily the first row: other workers create boards on the shared server meanwhile.
  const ours = rows.filter({ hasText: 'Internationalisation' }).first(); // newest first: this run's
  await ours.scrollIntoViewIfNeeded();
  await expect(ours).toBeVisible();
  /** How far the table or any cell of the rows on screen sticks out (px; 0 when all fit). */
  const overflow = () =>
    page.evaluate(() => {
      const main = document.querySelector('main.dashboard')!;
      const table = document.querySelector('[data-testid="dashboard.boards"]')!;
      const inner = main.getBoundingClientRect().right - parseFloat(getComputedStyle(main).paddingRight);
      let worst = Math.max(0, table.getBoundingClientRect().right - inner);
      for (const cell of table.querySelectorAll<HTMLElement>('th, td')) {
        const box = cell.getBoundingClientRect();
        if (box.bottom < 0 || box.top > innerHeight) continue; // off screen: not drawn yet
        worst = Math.max(worst, cell.scrollWidth - cell.clientWidth);
      }
      return worst;
    });
  for (const width of [1024, 1280, 1440]) {
    await page.setViewportSize({ width, height: 768 });
    await ours.scrollIntoViewIfNeeded(); // the long title's cells are among those measured
    await expect.poll(overflow, `at ${width} px`).toBeLessThanOrEqual(1);
  }
  // Rows below the screen are skipped until scrolled near; the last one, once there, is laid out.
  const last = rows.last();
  await last.scrollIntoViewIfNeeded();
  await expect(last).toBeVisible();
  await expect(last.getByRole('link', { name: 'Review' })).toBeVisible();
  await expect.poll(overflow).toBeLessThanOrEqual(1);
  await page.setViewportSize({ width: 1280, height: 800 });
});

test('a long board list paints a screenful of rows first, then every row', async ({ newActorContext }) => {
  // A server of its own: this many boards would use up the shared server's creation limit.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'boardroom-e2e-rows-'));
  const server = await startServerProcess(dataDir, { env: { CREATE_BOARD_PER_MINUTE: '1000' } });
  try {
    const session = await fetch(`${server.url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ secret: TEST_SECRET }),
    });
    const cookie = session.headers.get('set-cookie')!.split(';')[0]!;
    const BOARDS = 120;
    for (let i = 0; i < BOARDS; i++) {
      const res = await fetch(`${server.url}/api/boards`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify({ title: `Board ${i}` }),
      });
      expect(res.status).toBe(201);
    }
    const context = await newActorContext(server.url);
    await signInContext(context, server.url);
    const page = await context.newPage();
    // How many rows each frame had, from the first frame with any.
    await page.addInitScript(() => {
      const counts: number[] = [];
      Object.assign(window, { rowCounts: counts });
      const count = () => {
        const rows = document.querySelectorAll('[data-testid="dashboard.row"]').length;
        if (rows > 0) counts.push(rows);
        requestAnimationFrame(count);
      };
      requestAnimationFrame(count);
    });
    await page.goto(`${server.url}/dashboard`);
    const rows = page.getByTestId('dashboard.row');
    await expect(rows).toHaveCount(BOARDS);
    await expect(rows.last()).toContainText('Board 0'); // newest first: the oldest is last
    const counts = await page.evaluate(() => (window as unknown as { rowCounts: number[] }).rowCounts);
    expect(counts[0], 'rows in the first frame (FIRST_ROWS in components/dashboard/Dashboard.tsx)').toBe(50);
    await context.close();
  } finally {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

test('a browser past the per-address request limit gets a readable page saying when to reload', async ({
  newActorContext,
}) => {
  // A server of its own with a limit of 6 a minute (a burst of one, then one every ten seconds).
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'boardroom-e2e-limit-'));
  const server = await startServerProcess(dataDir, { env: { REQUESTS_PER_MINUTE: '6' } });
  try {
    const page = await (await newActorContext(server.url)).newPage();
    // The first page takes the burst; one of the next few navigations is refused (a refill takes
    // ten seconds, these take milliseconds).
    let status = (await page.goto(`${server.url}/`))?.status();
    for (let i = 0; i < 3 && status !== 429; i++) status = (await page.goto(`${server.url}/`))?.status();
    expect(status).toBe(429);
    await expect(page.getByRole('heading', { name: 'Boardroom' })).toBeVisible();
    await expect(page.getByText('Too many requests from this address; try again later.')).toBeVisible();
    await expect(page.getByText(/^You can reload this page in \d+ seconds\.$/)).toBeVisible();
  } finally {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
