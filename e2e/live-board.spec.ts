import { test, expect } from './support/fixtures';
import { consoleErrors } from './support/console';
import { storedShapeCount, storedShapePositions, writeBoxes } from './support/shapes';
import { PAGE_LOAD_TIMEOUT } from './support/BoardPage';

test('interviewer draws, candidate sees it; candidate moves it, interviewer sees the move; both reload', async ({
  interviewer,
  candidate,
  board,
}) => {
  await interviewer.open(board.url);
  await candidate.open(board.candidateUrl);
  await expect(interviewer.presence).toContainText(candidate.name);
  await expect(candidate.presence).toContainText(interviewer.name);

  await interviewer.drawRectangle({ x: 300, y: 300 }, { x: 460, y: 400 });
  await expect(interviewer.shapes).toHaveCount(1);
  await expect(candidate.shapes).toHaveCount(1);
  const before = await interviewer.shapeBox();

  // grab the rectangle by its top edge (a hollow shape is not picked up from inside)
  await candidate.drag({ x: 380, y: 301 }, { x: 680, y: 401 });
  await expect
    .poll(async () => Math.round((await interviewer.shapeBox()).x - before.x), {
      message: 'move seen by interviewer',
    })
    .toBeGreaterThan(250);
  const moved = await interviewer.shapeBox();

  for (const actor of [interviewer, candidate]) {
    await actor.reload();
    await expect(actor.shapes).toHaveCount(1);
    await expect.poll(async () => Math.round((await actor.shapeBox()).x)).toBe(Math.round(moved.x));
  }
});

test('each person sees the other named cursor', async ({ interviewer, candidate, board }) => {
  await interviewer.open(board.url);
  await candidate.open(board.candidateUrl);
  await candidate.page.mouse.move(500, 300);
  await candidate.page.mouse.move(520, 320);
  await expect(interviewer.page.locator('.tl-nametag', { hasText: candidate.name })).toBeVisible();
});

test('undo only undoes your own change', async ({ interviewer, candidate, board }) => {
  await interviewer.open(board.url);
  await candidate.open(board.candidateUrl);
  await interviewer.drawRectangle({ x: 250, y: 250 }, { x: 350, y: 330 });
  await expect(candidate.shapes).toHaveCount(1);
  await candidate.drawRectangle({ x: 600, y: 250 }, { x: 700, y: 330 });
  await expect(interviewer.shapes).toHaveCount(2);
  await interviewer.press('ControlOrMeta+z');
  await expect(interviewer.shapes).toHaveCount(1);
  await expect(candidate.shapes).toHaveCount(1);
  // the remaining shape is the candidate's (right-hand side)
  expect((await interviewer.shapeBox()).x).toBeGreaterThan(500);
});

test('two people opening a new board at the same moment get one page and the same drawing', async ({
  interviewer,
  candidate,
  board,
}) => {
  await Promise.all([interviewer.open(board.url), candidate.open(board.candidateUrl)]);
  await Promise.all([
    interviewer.drawRectangle({ x: 250, y: 250 }, { x: 350, y: 330 }),
    candidate.drawRectangle({ x: 600, y: 450 }, { x: 700, y: 530 }),
  ]);
  for (const actor of [interviewer, candidate]) {
    await expect(actor.shapes).toHaveCount(2);
    await actor.page.getByTestId('page-menu.button').click();
    await expect(actor.page.getByTestId('page-menu.item')).toHaveCount(1);
    await actor.page.keyboard.press('Escape');
  }
});

test('a large board opens with the shapes near the view first, every shape arrives, and both people draw meanwhile', async ({
  interviewer,
  candidate,
  board,
}) => {
  // 600 boxes (more than the 200 a board loads at first), 30 wide: most lie outside the first view.
  await writeBoxes(board, 600, 30);
  const errors = consoleErrors(interviewer.page);
  await interviewer.open(board.url);
  await candidate.open(board.candidateUrl);
  await candidate.drawRectangle({ x: 300, y: 300 }, { x: 420, y: 380 });
  await expect(interviewer.shapes).toHaveCount(601);
  await expect(candidate.shapes).toHaveCount(601);
  // The board was loaded in parts (the page marks when the last part is in).
  for (const person of [interviewer, candidate]) {
    expect(
      await person.page.evaluate(() => performance.getEntriesByName('boardroom:board-loaded').length),
    ).toBeGreaterThan(0);
  }
  // Select all and drag: every shape moves by the same offset for the candidate and in the record
  // (a write of more than 16 shapes is ordered and measured before it is sent, lib/board/outbox.ts).
  const before = await storedShapePositions(board);
  // The candidate's rectangle (drawn from 300,300 to 420,380): the shape whose box holds its middle.
  const probe = await candidate.page.evaluate(() => {
    const holds = [...document.querySelectorAll('[data-shape-id]')].filter((el) => {
      const r = el.getBoundingClientRect();
      return r.left <= 360 && r.right >= 360 && r.top <= 340 && r.bottom >= 340;
    });
    return holds[0]?.getAttribute('data-shape-id');
  });
  expect(probe).toBeTruthy();
  const onCandidate = candidate.page.locator(`[data-shape-id="${probe}"]`);
  const startOnCandidate = (await onCandidate.boundingBox())!;
  await interviewer.focus();
  await interviewer.page.mouse.click(700, 600); // the canvas has the keyboard
  await interviewer.press('ControlOrMeta+a');
  const grip = (await interviewer.page.locator(`[data-shape-id="${probe}"]`).boundingBox())!;
  await interviewer.page.mouse.move(grip.x + 2, grip.y + grip.height / 2); // on its left edge
  await interviewer.page.mouse.down();
  for (let i = 1; i <= 8; i++) {
    await interviewer.page.mouse.move(grip.x + 2 + 6 * i, grip.y + grip.height / 2 + 4 * i);
  }
  await interviewer.page.mouse.up();
  await expect.poll(async () => (await onCandidate.boundingBox())!.x - startOnCandidate.x).toBeCloseTo(48, 0);
  await expect
    .poll(async () => {
      const after = await storedShapePositions(board);
      return [...before].filter(([id, p]) => after.get(id)?.x !== p.x + 48 || after.get(id)?.y !== p.y + 32)
        .length;
    })
    .toBe(0);
  // Select all and delete, at once after opening it again, remove the whole board (never only
  // the part loaded so far) for both, and from the record.
  await interviewer.reload();
  await expect(interviewer.shapes.first()).toBeAttached({ timeout: PAGE_LOAD_TIMEOUT }); // the editor shows
  await interviewer.page.mouse.click(500, 400); // the canvas has the keyboard
  await interviewer.press('ControlOrMeta+a');
  await interviewer.press('Delete');
  await expect(interviewer.shapes).toHaveCount(0);
  await expect(candidate.shapes).toHaveCount(0);
  await expect.poll(() => storedShapeCount(board)).toBe(0);
  expect(errors).toEqual([]);
});

test('pointing with the laser for a long stroke keeps the connection (its trail fits what the server accepts)', async ({
  interviewer,
  candidate,
  board,
}) => {
  await interviewer.open(board.url);
  const p = interviewer.page;
  await interviewer.focus();
  await p.getByTestId('tools.laser').click();
  // 300 pointer moves in one stroke: tldraw keeps the trail's points in presence, and past ~8 KiB
  // the server closed the connection ("the server refused a change from this tab").
  await p.mouse.move(800, 400);
  await p.mouse.down();
  for (let i = 1; i <= 60; i++) {
    await p.mouse.move(600 + 200 * Math.cos(i / 3), 400 + 150 * Math.sin(i / 3), { steps: 5 });
  }
  await p.mouse.up();
  await interviewer.expectConnected();
  await candidate.open(board.candidateUrl);
  await interviewer.drawRectangle({ x: 300, y: 250 }, { x: 420, y: 330 });
  await expect(candidate.shapes).toHaveCount(1);
});
