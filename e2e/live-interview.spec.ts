/**
 * The live interview as the two people in it feel it (issue 12): the clock in the header, the
 * end of the interview, the room the panel leaves for drawing.
 */
import { test, expect, signInContext } from './support/fixtures';
import { BoardPage } from './support/BoardPage';
import { ACTOR_NAMES } from './support/actors';
import type { Locator, Page } from '@playwright/test';

async function headerMs(page: Page): Promise<number> {
  return Number(await page.getByTestId('header.clock-total').getAttribute('data-ms'));
}

/** Ends the interview from the interviewer's header (accepting the confirmation). */
async function endInterview(interviewer: BoardPage): Promise<void> {
  interviewer.page.once('dialog', (d) => void d.accept());
  await interviewer.page.getByRole('button', { name: 'End interview' }).click();
  await expect(interviewer.page.getByTestId('ended-banner')).toBeVisible();
}

test('ending the interview stops the clock for good, for everyone, with the dashboard figure', async ({
  candidate,
  newActorContext,
  board,
  baseURL,
}) => {
  // The interviewer's browser gets a fake clock of its own so minutes can pass at once (the
  // same arrangement as the panel's overrun test; a warm tab must not keep a fake clock).
  const context = await newActorContext();
  await signInContext(context, baseURL!);
  const interviewer = new BoardPage(await context.newPage(), ACTOR_NAMES.interviewer);
  await interviewer.page.clock.install();
  await interviewer.open(board.url);
  await candidate.open(board.candidateUrl);
  await interviewer.page.getByRole('button', { name: 'Start clock' }).click();
  await expect.poll(() => headerMs(candidate.page)).toBeGreaterThanOrEqual(1_000);
  await endInterview(interviewer);
  await expect(candidate.page.getByTestId('ended-banner')).toBeVisible();
  await expect(candidate.page.getByTestId('header.clock')).toHaveAttribute('data-state', 'ended');

  const listed = await interviewer.page.request.get(`${baseURL}/api/boards`);
  const row = ((await listed.json()) as { boards: Array<{ id: string; totalMs: number }> }).boards.find(
    (b) => b.id === board.id,
  )!;
  expect(row.totalMs).toBeGreaterThanOrEqual(1_000);
  await expect.poll(() => headerMs(candidate.page)).toBe(row.totalMs);
  await expect.poll(() => headerMs(interviewer.page)).toBe(row.totalMs);

  // Four minutes later (less than the browser's clock resync period) nothing has moved.
  await interviewer.page.clock.fastForward('04:00');
  await expect(interviewer.page.getByTestId('header.clock-step')).toHaveText(/^step 0:0\d \/ 5:00$/);
  expect(await headerMs(interviewer.page)).toBe(row.totalMs);
  await expect(interviewer.page.getByTestId('header.overrun')).toHaveCount(0);

  // The candidate reloads: the same figure, stopped.
  await candidate.page.reload();
  await expect(candidate.page.getByTestId('header.clock')).toHaveAttribute('data-state', 'ended');
  await expect.poll(() => headerMs(candidate.page)).toBe(row.totalMs);
  const again = await candidate.page.request.get(`${baseURL}/api/boards/${board.id}`);
  expect(again.status()).toBe(200);
});

test('the clock and the step stay in the header with the panel hidden, and the canvas takes the room', async ({
  interviewer,
  candidate,
  board,
}) => {
  await interviewer.page.setViewportSize({ width: 1280, height: 720 });
  await interviewer.open(board.url);
  await candidate.page.setViewportSize({ width: 1024, height: 768 });
  await candidate.open(board.candidateUrl);

  // Wide enough: the panel starts open; "Add scope item" is in sight without scrolling.
  const ip = interviewer.page;
  await expect(ip.getByTestId('panel')).toBeVisible();
  await expect(ip.getByTestId('header.step')).toHaveText(/Step 1\/4\s+Understand the problem and scope/);
  await expect(ip.getByLabel('Add scope item')).toBeInViewport({ ratio: 1 });
  await ip.getByRole('button', { name: 'Start clock' }).click();
  await expect.poll(() => headerMs(ip)).toBeGreaterThanOrEqual(1_000);

  // Hidden, the canvas gets the whole width; the clock and the step stay.
  await ip.getByTestId('header.panel-toggle').click();
  await expect(ip.getByTestId('panel')).toHaveCount(0);
  await expect.poll(async () => (await ip.locator('.canvas-area').boundingBox())?.width).toBe(1280);
  await expect(ip.getByTestId('header.clock-total')).toBeVisible();
  await expect(ip.getByTestId('header.step')).toBeVisible();

  // 1024 px: the candidate starts with the panel hidden and the clock in sight.
  const cp = candidate.page;
  await expect(cp.getByTestId('header.panel-toggle')).toHaveText('Show panel');
  await expect(cp.getByTestId('panel')).toHaveCount(0);
  await expect.poll(async () => (await cp.locator('.canvas-area').boundingBox())?.width).toBe(1024);
  await expect(cp.getByTestId('header.clock-total')).toBeInViewport({ ratio: 1 });
  await expect.poll(() => headerMs(cp)).toBeGreaterThanOrEqual(1_000);
  await interviewer.page.getByTestId('header.panel-toggle').click();
  await ip.getByRole('button', { name: 'Next step' }).click();
  await expect(cp.getByTestId('header.step')).toContainText('Step 2/4');
});

test('the panel width is remembered in this browser; guidance folds to one line once read', async ({
  candidate,
  board,
}) => {
  const cp = candidate.page;
  await candidate.open(board.candidateUrl);
  const panel = cp.getByTestId('panel');
  const before = (await panel.boundingBox())!.width;
  await cp.getByRole('separator', { name: 'Resize panel' }).focus();
  await cp.keyboard.press('ArrowLeft');
  await cp.keyboard.press('ArrowLeft');
  await expect.poll(async () => (await panel.boundingBox())!.width).toBe(before + 40);

  const guidance = cp.getByTestId('panel.guidance');
  await expect(guidance.getByText('Questions to consider')).toBeVisible();
  await guidance.getByRole('button', { name: /Got it/ }).click();
  await expect(guidance.getByText('Questions to consider')).toBeHidden();
  await guidance.getByRole('button', { name: 'Guidance' }).click();
  await expect(guidance.getByText('Questions to consider')).toBeVisible();

  await cp.reload();
  await candidate.expectConnected();
  await expect.poll(async () => (await cp.getByTestId('panel').boundingBox())!.width).toBe(before + 40);
  await expect(cp.getByTestId('panel.guidance').getByText('Questions to consider')).toBeHidden();
});

test('the interviewer reaches their notes on the current step in one click', async ({
  interviewer,
  board,
}) => {
  const ip = interviewer.page;
  await ip.setViewportSize({ width: 1280, height: 720 });
  await interviewer.open(board.url);
  await ip.getByTestId('panel.notes-jump').click();
  const field = ip.getByLabel('Notes on step 1', { exact: true });
  await expect(field).toBeFocused();
  await expect(field).toBeInViewport();
});

test('one identity: tldraw’s people menu names and colours each person as the header does, and two people never share a colour', async ({
  interviewer,
  candidate,
  board,
}) => {
  // Both browsers chose the same colour: the board still shows them apart.
  for (const actor of [interviewer, candidate]) {
    await actor.page.goto('/healthz');
    await actor.page.evaluate(() => {
      const v = JSON.parse(localStorage.getItem('boardroom.identity') ?? 'null') as { color: string } | null;
      if (v) localStorage.setItem('boardroom.identity', JSON.stringify({ ...v, color: '#e03131' }));
    });
  }
  await interviewer.open(board.url);
  await candidate.open(board.candidateUrl);
  for (const actor of [interviewer, candidate]) {
    await expect(actor.presence.locator('li')).toHaveCount(2);
    const colours = () =>
      actor.presence
        .locator('.avatar')
        .evaluateAll((els) => els.map((e) => getComputedStyle(e).backgroundColor));
    await expect.poll(async () => new Set(await colours()).size).toBe(2);
  }
  const cp = candidate.page;
  const headerColour = await cp
    .getByTestId('presence-list')
    .locator('li', { hasText: '(you)' })
    .locator('.avatar')
    .evaluate((e) => getComputedStyle(e).backgroundColor);
  await cp.locator('.tlui-people-menu__avatars-button').click();
  await expect(cp.locator('.tlui-people-menu__user__name')).toHaveText(candidate.name);
  await expect(cp.locator('.tlui-people-menu__user__color')).toHaveCSS('color', headerColour);
  // The other person's cursor is named and coloured as in the header.
  await cp.keyboard.press('Escape');
  await interviewer.page.mouse.move(500, 300);
  await interviewer.page.mouse.move(520, 330);
  await expect(cp.locator('.tl-nametag', { hasText: interviewer.name })).toBeVisible();
});

test('a focus component zooms to it with its arrows and neighbours, never past 125%', async ({
  interviewer,
  board,
}) => {
  const p = interviewer.page;
  await interviewer.open(board.url);
  await p.getByTestId('palette.item-client').click();
  await p.getByTestId('palette.item-load-balancer').click();
  await p.getByTestId('palette.item-service').click();
  await expect(interviewer.components).toHaveCount(3);
  // The load balancer in the middle is the focus.
  await p.mouse.click(...(await centreOf(interviewer.component('Load balancer'))));
  await p.getByTestId('props.focus').click();
  await p.keyboard.press('Escape');
  const base = (await interviewer.component('Load balancer').boundingBox())!; // 100% after placing
  await p.keyboard.press('Shift+0'); // 100%
  const at100 = (await interviewer.component('Load balancer').boundingBox())!.width;
  for (let i = 0; i < 3; i++) await p.keyboard.press('Minus'); // far out
  void base;

  await p.getByRole('button', { name: /Deep-dive focus/ }).click();
  await p.getByTestId('panel.focus-list').getByRole('button', { name: 'Load balancer', exact: true }).click();
  await expect
    .poll(async () => (await interviewer.component('Load balancer').boundingBox())!.width / at100)
    .toBeLessThanOrEqual(1.26);
  // Its neighbours and arrows are in sight, clear of the menus.
  for (const label of ['Client', 'Service']) {
    await expect(interviewer.component(label)).toBeInViewport({ ratio: 1 });
  }
  const lb = (await interviewer.component('Load balancer').boundingBox())!;
  expect(lb.width / at100).toBeGreaterThan(0.5);
});

test('"To canvas" puts a compact note beside the drawing, each one below the last, never on a shape', async ({
  interviewer,
  board,
}) => {
  const p = interviewer.page;
  await interviewer.open(board.url);
  await interviewer.drawRectangle({ x: 300, y: 300 }, { x: 500, y: 420 });
  await interviewer.drawRectangle({ x: 560, y: 300 }, { x: 700, y: 420 });
  await p.keyboard.press('Escape');
  const field = p.getByLabel('Add scope item');
  for (const text of ['Assume 100M daily users', 'Reads outnumber writes 100:1']) {
    await field.fill(text);
    await field.press('Enter');
  }
  const items = p.getByTestId('panel.scope-item');
  await expect(items).toHaveCount(2);
  await items.nth(0).getByRole('button', { name: 'To canvas' }).click();
  await items.nth(1).getByRole('button', { name: 'To canvas' }).click();
  const notes = p.locator('.tl-shape[data-shape-type="note"]');
  await expect(notes).toHaveCount(2);
  await p.keyboard.press('Escape');
  await p.keyboard.press('Shift+1'); // zoom to fit: everything in sight
  await expect(notes.nth(1)).toBeInViewport({ ratio: 1 });
  const boxes = await p.locator('.tl-shape').evaluateAll((els) =>
    els.map((e) => {
      const r = e.getBoundingClientRect();
      return { type: e.getAttribute('data-shape-type'), x: r.x, y: r.y, w: r.width, h: r.height };
    }),
  );
  const overlap = (a: (typeof boxes)[0], b: (typeof boxes)[0]) =>
    a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
  const geo = boxes.filter((b) => b.type === 'geo');
  const placed = boxes.filter((b) => b.type === 'note');
  for (const n of placed) for (const g of geo) expect(overlap(n, g)).toBe(false);
  expect(overlap(placed[0]!, placed[1]!)).toBe(false);
  // Beside the drawing (to its right), and compact: no taller than it is wide, for one line.
  const right = Math.max(...geo.map((g) => g.x + g.w));
  for (const n of placed) {
    expect(n.x).toBeGreaterThanOrEqual(right);
    expect(n.h).toBeLessThanOrEqual(n.w * 1.2);
  }
  await expect(notes.first().locator('.tl-rich-text')).toHaveCSS('text-align', /start|left/);
});

test('the dashboard says "Not started" until the clock starts, with its actions in line', async ({
  interviewer,
  board,
}) => {
  const p = interviewer.page;
  await interviewer.visit('/dashboard');
  const row = p.getByTestId('dashboard.row').filter({ has: p.locator(`a[href="/b/${board.id}"]`) });
  await expect(row.getByTestId('dashboard.status')).toHaveText('Not started');
  // One line of cells, each centred on the row, left to right, the actions last (grid tracks).
  await row.scrollIntoViewIfNeeded();
  const cells = await row
    .locator('td')
    .evaluateAll((els) =>
      els
        .map((e) => e.getBoundingClientRect())
        .map((r) => ({ middle: (r.top + r.bottom) / 2, left: r.left, right: r.right })),
    );
  expect(cells).toHaveLength(8);
  for (const [i, c] of cells.entries()) {
    expect(Math.abs(c.middle - cells[0]!.middle)).toBeLessThanOrEqual(1);
    if (i > 0) expect(c.left).toBeGreaterThanOrEqual(cells[i - 1]!.right - 0.5);
  }
  await interviewer.open(board.url);
  await p.getByRole('button', { name: 'Start clock' }).click();
  await expect.poll(() => headerMs(p)).toBeGreaterThan(0);
  await interviewer.visit('/dashboard');
  await expect(row.getByTestId('dashboard.status')).toHaveText('Live');
});

test('estimate labels say what they count, and the daily share waits for monthly users', async ({
  interviewer,
  board,
}) => {
  const p = interviewer.page;
  await interviewer.open(board.url);
  await p.getByRole('button', { name: 'Next step' }).click();
  const share = p.getByTestId('panel.estimate-dailyActivePercent');
  await expect(share).toHaveValue('');
  await expect(share).toBeDisabled();
  await p.getByTestId('panel.estimate-dau').fill('100M');
  await p.getByTestId('panel.estimate-writesPerUserPerDay').fill('1');
  await p.getByTestId('panel.estimate-objectBytes').fill('500 B');
  await p.getByTestId('panel.estimate-replication').fill('3');
  const preview = p.getByTestId('panel.estimate-preview');
  await expect(preview).toContainText('Storage per day (one copy)');
  await expect(preview).toContainText('Storage over 5 y (×3 replicas)');
  await p.getByTestId('panel.estimate-mau').fill('300M');
  await expect(share).toBeEnabled();
});

async function centreOf(locator: Locator): Promise<[number, number]> {
  const b = (await locator.boundingBox())!;
  return [b.x + b.width / 2, b.y + b.height / 2];
}

test('the keyboard stays with the drawing: Enter in the panel returns to the canvas, Alt+Shift+S comes back', async ({
  interviewer,
  board,
}) => {
  const p = interviewer.page;
  await interviewer.open(board.url);
  const field = p.getByLabel('Add scope item');
  await field.fill('Assume 10M links a day');
  await field.press('Enter');
  await expect(p.getByTestId('panel.scope-item')).toHaveCount(1);
  await expect(field).not.toBeFocused();
  await p.keyboard.press('r'); // tldraw's rectangle shortcut reaches the canvas
  await expect(p.getByTestId('tools.rectangle')).toHaveAttribute('aria-pressed', 'true');
  await p.keyboard.press('Alt+Shift+S');
  await expect(field).toBeFocused();

  // The same shortcut brings a hidden panel back, straight into the field.
  await p.getByTestId('header.panel-toggle').click();
  await p.locator('.tl-canvas').click({ position: { x: 400, y: 400 } });
  await p.keyboard.press('Alt+Shift+S');
  await expect(p.getByLabel('Add scope item')).toBeFocused();

  // Notes say how to add a line.
  await p.getByTestId('panel.notes-jump').click();
  await expect(p.getByTestId('panel.notes')).toContainText('Shift+Enter adds a line');
});

test('a new candidate gets one dismissible line on what to do now, naming the laser, one click away', async ({
  candidate,
  board,
}) => {
  const cp = candidate.page;
  await cp.setViewportSize({ width: 1024, height: 768 });
  await candidate.open(board.candidateUrl);
  const hint = cp.getByTestId('board.first-hint');
  await expect(hint).toContainText('Ask questions and write assumptions');
  await expect(hint).toContainText('laser pointer');
  await expect(cp.getByTestId('tools.laser')).toBeVisible();
  await hint.getByRole('button', { name: 'Dismiss the hint' }).click();
  await expect(hint).toHaveCount(0);
  await cp.reload();
  await candidate.expectConnected();
  await expect(cp.locator('.tl-canvas')).toBeVisible();
  await expect(cp.getByTestId('board.first-hint')).toHaveCount(0);
});

test('deleting a scope item offers Undo; deleting someone else’s asks first', async ({
  interviewer,
  candidate,
  board,
}) => {
  await interviewer.open(board.url);
  await candidate.open(board.candidateUrl);
  const field = candidate.page.getByLabel('Add scope item');
  await field.fill('Assume 100M daily users');
  await field.press('Enter');
  const theirs = interviewer.page.getByTestId('panel.scope-item');
  await expect(theirs).toHaveCount(1);

  // The interviewer did not write it: a confirmation, and dismissing it keeps the item.
  interviewer.page.once('dialog', (d) => void d.dismiss());
  await theirs.getByRole('button', { name: 'Delete item' }).click();
  await expect(theirs).toHaveCount(1);

  // The candidate deletes their own at once, and takes it back.
  const mine = candidate.page.getByTestId('panel.scope-item');
  await mine.getByRole('button', { name: 'Delete item' }).click();
  await expect(theirs).toHaveCount(0);
  await candidate.page.getByTestId('panel.scope-undo').getByRole('button', { name: 'Undo' }).click();
  await expect(theirs).toHaveCount(1);
  await expect(theirs).toContainText('Assume 100M daily users');
  await expect(theirs).toContainText(candidate.name);
  await expect(candidate.page.getByTestId('panel.scope-undo')).toHaveCount(0);
});
