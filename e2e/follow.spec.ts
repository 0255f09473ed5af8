/**
 * Seeing what the other person sees (issue 12): follow someone's view from the header, the
 * interviewer's "Bring everyone to me", a reload that keeps the camera and the panel's scroll,
 * and other people's cursor labels over tldraw's style panel.
 */
import { test, expect } from './support/fixtures';
import type { BoardPage } from './support/BoardPage';

type Box = { x: number; y: number; width: number; height: number };

/** Screen box of the board's one shape as `actor` sees it. */
async function shapeBox(actor: BoardPage): Promise<Box> {
  return (await actor.shapes.first().boundingBox())!;
}

/** True when two screen boxes are the same within `tolerance` pixels. */
function same(a: Box, b: Box, tolerance = 2): boolean {
  return (
    Math.abs(a.x - b.x) <= tolerance &&
    Math.abs(a.y - b.y) <= tolerance &&
    Math.abs(a.width - b.width) <= tolerance &&
    Math.abs(a.height - b.height) <= tolerance
  );
}

/** Both people see the shape at the same place on screen (same window size: same view). */
async function expectSameView(follower: BoardPage, leader: BoardPage): Promise<void> {
  await expect
    .poll(async () => same(await shapeBox(follower), await shapeBox(leader)), {
      message: `${follower.name} sees what ${leader.name} sees`,
    })
    .toBe(true);
}

/** Pans (and with `zoom`, zooms) the view with the mouse wheel over the canvas; waits until the shape moved. */
async function moveView(actor: BoardPage, dx: number, dy: number, zoom = 0): Promise<Box> {
  const before = await shapeBox(actor);
  const canvas = (await actor.page.locator('.tl-canvas').boundingBox())!;
  await actor.page.mouse.move(canvas.x + canvas.width / 2, canvas.y + canvas.height / 2);
  await actor.page.mouse.wheel(dx, dy);
  if (zoom) {
    await actor.page.keyboard.down('Control');
    await actor.page.mouse.wheel(0, zoom);
    await actor.page.keyboard.up('Control');
  }
  await expect.poll(async () => same(await shapeBox(actor), before)).toBe(false);
  return shapeBox(actor);
}

/** The interviewer and the candidate on one board with one rectangle, both seeing it. */
async function boardWithShape(
  interviewer: BoardPage,
  candidate: BoardPage,
  urls: { url: string; candidateUrl: string },
) {
  await interviewer.open(urls.url);
  await candidate.open(urls.candidateUrl);
  await interviewer.drawRectangle({ x: 420, y: 300 }, { x: 560, y: 400 });
  await interviewer.page.keyboard.press('Escape');
  await expect(candidate.shapes).toHaveCount(1);
}

test('clicking a person follows their view; "Stop following" or moving one\'s own view ends it', async ({
  interviewer,
  candidate,
  board,
}) => {
  await boardWithShape(interviewer, candidate, board);
  await moveView(interviewer, 200, 120, 200);
  const cp = candidate.page;
  const ines = candidate.presence.getByRole('button', { name: new RegExp(interviewer.name) });
  await ines.click();
  const bar = cp.getByTestId('follow-bar');
  await expect(bar).toContainText(`Following ${interviewer.name}`);
  await expect(ines).toHaveAttribute('aria-pressed', 'true');
  await expectSameView(candidate, interviewer);
  // The interviewer moves on: the candidate's view goes along.
  await moveView(interviewer, -300, 0);
  await expectSameView(candidate, interviewer);

  await cp.getByRole('button', { name: 'Stop following' }).click();
  await expect(bar).toHaveCount(0);
  await expect(ines).toHaveAttribute('aria-pressed', 'false');

  // Following again, then moving one's own view ends it too.
  await ines.click();
  await expect(bar).toBeVisible();
  await expectSameView(candidate, interviewer);
  await moveView(candidate, 0, 150);
  await expect(bar).toHaveCount(0);
});

test('"Bring everyone to me" makes the candidate follow the interviewer until they move', async ({
  interviewer,
  candidate,
  board,
}) => {
  await boardWithShape(interviewer, candidate, board);
  await expect(candidate.page.getByTestId('canvas.bring-everyone')).toHaveCount(0); // the interviewer's alone
  await moveView(interviewer, 250, -100, -150);
  const bar = candidate.page.getByTestId('follow-bar');
  await expect(bar).toHaveCount(0);

  await interviewer.page.getByRole('button', { name: 'Bring everyone to me' }).click();
  await expect(bar).toContainText(`Following ${interviewer.name}`);
  await expectSameView(candidate, interviewer);
  await expect(interviewer.page.getByTestId('follow-bar')).toHaveCount(0); // not themselves
  await expect(interviewer.page.getByTestId('canvas.followers')).toHaveText('1 following you');

  // The candidate looks elsewhere: no longer following, and the interviewer sees it.
  await moveView(candidate, -200, 0);
  await expect(bar).toHaveCount(0);
  await expect(interviewer.page.getByTestId('canvas.followers')).toHaveCount(0);
  // Asked again, the candidate follows again.
  await interviewer.page.getByRole('button', { name: 'Bring everyone to me' }).click();
  await expect(bar).toBeVisible();
  await expectSameView(candidate, interviewer);
});

test('a reload keeps the camera and the panel scroll', async ({ interviewer, board }) => {
  await interviewer.open(board.url);
  await interviewer.drawRectangle({ x: 420, y: 300 }, { x: 560, y: 400 });
  await interviewer.page.keyboard.press('Escape');
  const view = await moveView(interviewer, 180, 140, 250);

  const body = interviewer.page.locator('.panel-body');
  const room = await body.evaluate((el) => el.scrollHeight - el.clientHeight);
  expect(room, 'the panel has something to scroll').toBeGreaterThan(200);
  const panel = (await body.boundingBox())!;
  await interviewer.page.mouse.move(panel.x + panel.width / 2, panel.y + panel.height / 2);
  await interviewer.page.mouse.wheel(0, 200);
  const scrollTop = () => body.evaluate((el) => el.scrollTop);
  await expect.poll(scrollTop).toBeGreaterThan(100);
  // Smooth scrolling may still be under way: wait until it stands still.
  let last = -1;
  await expect
    .poll(async () => {
      const now = await scrollTop();
      const still = now === last;
      last = now;
      return still;
    })
    .toBe(true);

  await interviewer.reload();
  await expect(interviewer.shapes).toHaveCount(1);
  await expect.poll(async () => same(await shapeBox(interviewer), view, 1)).toBe(true);
  await expect.poll(async () => Math.abs((await scrollTop()) - last)).toBeLessThanOrEqual(1);
});

test("another person's cursor and name stay in sight over the style panel", async ({
  interviewer,
  candidate,
  board,
}) => {
  await boardWithShape(interviewer, candidate, board);
  const ip = interviewer.page;
  // tldraw's style panel, at the top right of the interviewer's canvas.
  const style = (await ip.locator('.tlui-style-panel').boundingBox())!;
  const canvas = (await ip.locator('.tl-canvas').boundingBox())!;
  // The page point under the middle of that panel (the interviewer's view is where it started).
  const target = { x: style.x + style.width / 2 - canvas.x, y: style.y + 60 - canvas.y };

  // The candidate points there, having panned so that point is clear of their own menus.
  const cp = candidate.page;
  const cc = (await cp.locator('.tl-canvas').boundingBox())!;
  await cp.mouse.move(cc.x + 300, cc.y + 400);
  await cp.mouse.wheel(400, -300);
  await expect.poll(async () => (await shapeBox(candidate)).x).toBeLessThan(cc.x + 100);
  const at = { x: cc.x + target.x - 400, y: cc.y + target.y + 300 };
  await cp.mouse.move(at.x - 30, at.y - 30);
  await cp.mouse.move(at.x, at.y, { steps: 4 });

  const label = ip.locator('.tl-collaborators .tl-nametag', { hasText: candidate.name });
  await expect
    .poll(async () => {
      const b = await label.boundingBox();
      return (
        !!b && b.x > style.x && b.x < style.x + style.width && b.y > style.y && b.y < style.y + style.height
      );
    })
    .toBe(true);
  // What is on top at the label's centre is the label, not the style panel. (Hit testing follows
  // paint order; the cursor layer takes no pointer events, so it takes them for this one look.)
  const b = (await label.boundingBox())!;
  const onTop = await ip.evaluate(
    ({ x, y }) => {
      const layer = document.querySelector<HTMLElement>('.tl-collaborators')!;
      const all = [layer, ...layer.querySelectorAll<HTMLElement>('*')];
      for (const el of all) el.style.pointerEvents = 'auto';
      const hit = document.elementFromPoint(x, y);
      for (const el of all) el.style.pointerEvents = '';
      return !!hit?.closest('.tl-nametag');
    },
    { x: b.x + b.width / 2, y: b.y + b.height / 2 },
  );
  expect(onTop, 'the name label is drawn above the style panel').toBe(true);
});

test('the view zooms from 10% to 400% and no further, and tldraw draws pattern images for that range only', async ({
  interviewer,
  board,
}) => {
  await interviewer.open(board.url);
  const page = interviewer.page;
  // One light and one dark image per power of two up to 400% / 10% = 40 (1x to 64x): 14, not 18.
  await expect(page.locator('[data-testid="ready-pattern-fill-defs"] pattern')).toHaveCount(14);
  const zoom = page.getByTestId('minimap.zoom-menu-button');
  await expect(zoom).toHaveText('100%');
  const canvas = (await page.locator('.tl-canvas').boundingBox())!;
  await page.mouse.move(canvas.x + canvas.width / 2, canvas.y + canvas.height / 2);
  /** Turns the wheel (with Control: zoom) until the zoom shows `end`, where it must stop. */
  const wheelTo = async (dy: number, end: string) => {
    await page.keyboard.down('Control');
    await expect
      .poll(
        async () => {
          for (let i = 0; i < 5; i++) await page.mouse.wheel(0, dy); // tldraw: at most 10% a notch
          return zoom.textContent();
        },
        { intervals: [50] },
      )
      .toBe(end);
    await page.keyboard.up('Control');
  };
  await wheelTo(-400, '400%');
  await wheelTo(400, '10%');
  await page.keyboard.press('='); // the keyboard's steps are the same: one step in from 10% is 25%
  await expect(zoom).toHaveText('25%');
});
