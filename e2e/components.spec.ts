import { test, expect } from './support/fixtures';
import type { BoardPage } from './support/BoardPage';

/** Runs one user action and counts it (a click, a drag, or typing one value). */
function actionCounter() {
  let count = 0;
  return {
    async act(run: () => Promise<unknown>) {
      count++;
      await run();
    },
    get count() {
      return count;
    },
  };
}

/**
 * How many arrows reach the component labelled `label`: the drawn path of the arrow (not its
 * shape box, which starts at the arrow's origin) meets the component's box.
 */
async function arrowsTouching(actor: BoardPage, label: string): Promise<number> {
  const c = await actor.component(label).boundingBox();
  if (!c) return 0;
  const paths = await actor.arrows.evaluateAll((arrows) =>
    arrows.map((arrow) => {
      const boxes = [...arrow.querySelectorAll('path')]
        .map((p) => p.getBoundingClientRect())
        .filter((r) => r.width + r.height > 0);
      return {
        left: Math.min(...boxes.map((r) => r.left)),
        right: Math.max(...boxes.map((r) => r.right)),
        top: Math.min(...boxes.map((r) => r.top)),
        bottom: Math.max(...boxes.map((r) => r.bottom)),
      };
    }),
  );
  const m = 12;
  return paths.filter(
    (a) =>
      a.left <= c.x + c.width + m && a.right >= c.x - m && a.top <= c.y + c.height + m && a.bottom >= c.y - m,
  ).length;
}

test('the candidate draws client → LB → 3 app servers → cache + DB from the palette in under 15 actions', async ({
  interviewer,
  candidate,
  board,
}) => {
  await interviewer.open(board.url);
  await candidate.open(board.candidateUrl);
  const p = candidate.page;
  const steps = actionCounter();

  await steps.act(() => p.getByTestId('palette.item-client').click());
  await steps.act(() => p.getByTestId('palette.item-load-balancer').click()); // placed after the client, connected
  await steps.act(() => p.getByTestId('palette.item-service').click());
  await steps.act(() => p.getByTestId('props.replicas').fill('3'));
  await steps.act(() => p.getByTestId('props.label').fill('App server'));
  await steps.act(() => p.getByTestId('palette.item-cache').click());
  await steps.act(async () =>
    p.mouse.click(...xy(await candidate.centre(candidate.component('App server')))),
  );
  await steps.act(() => p.getByTestId('palette.item-sql-db').click());
  expect(steps.count).toBeLessThan(15);

  // The interviewer sees the same diagram: five components, one of them a stack of three, four arrows.
  await expect(interviewer.components).toHaveCount(5);
  await expect(interviewer.arrows).toHaveCount(4);
  await expect(interviewer.component('App server').getByTestId('canvas.component-replicas')).toHaveText('×3');
  await expect(interviewer.component('App server').locator('.br-comp')).toHaveAttribute('data-replicas', '3');
  for (const label of ['Client', 'Load balancer', 'Cache', 'SQL database'])
    await expect(interviewer.component(label)).toHaveCount(1);

  // Moving the load balancer drags its two arrows along, on both screens: they are bound.
  expect(await arrowsTouching(candidate, 'Load balancer')).toBe(2);
  const lb = interviewer.component('Load balancer');
  const before = await interviewer.centre(lb);
  const candidateBefore = await candidate.centre(candidate.component('Load balancer'));
  await interviewer.drag(before, { x: before.x, y: before.y + 180 });
  await expect.poll(async () => (await interviewer.centre(lb)).y).toBeGreaterThan(before.y + 150);
  await expect
    .poll(async () => (await candidate.centre(candidate.component('Load balancer'))).y)
    .toBeGreaterThan(candidateBefore.y + 60);
  for (const actor of [interviewer, candidate])
    await expect.poll(() => arrowsTouching(actor, 'Load balancer')).toBe(2);
  await expect(candidate.arrows).toHaveCount(4);

  // The summary lists the components and the arrows still join the same ones.
  const md = await (await interviewer.page.request.get(`/api/boards/${board.id}/summary.md`)).text();
  expect(md).toContain('| App server | Service | 3 |');
  expect(md).toContain('- Client → Load balancer');
  expect(md).toContain('- Load balancer → App server');
  expect(md).toContain('- App server → Cache');
  expect(md).toContain('- App server → SQL database');
});

function xy(p: { x: number; y: number }): [number, number] {
  return [p.x, p.y];
}

test('labels wrap between words and never inside one, even on a long single word', async ({
  interviewer,
  board,
}) => {
  await interviewer.open(board.url);
  const p = interviewer.page;
  await p.getByTestId('palette.item-api-gateway').click();
  await p.getByTestId('props.label').fill('Authentication and authorisation gateway for partners');
  await p.getByTestId('palette.item-service').click(); // a second one, connected
  await p.getByTestId('props.label').fill('Internationalisation-and-localisation');

  for (const label of ['Authentication and', 'Internationalisation']) {
    const text = interviewer.component(label).locator('.br-comp__label .tl-text-content');
    await expect(text).toBeVisible();
    const layout = await text.evaluate((el) => {
      const card = el.closest('.br-comp')!.querySelector('.br-comp__card:not(.br-comp__card--back)')!;
      const cardBox = card.getBoundingClientRect();
      const words: Array<{ word: string; rects: number; right: number; left: number }> = [];
      const tops = new Set<number>();
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent ?? '';
        for (const m of text.matchAll(/\S+/g)) {
          const range = document.createRange();
          range.setStart(node, m.index);
          range.setEnd(node, m.index + m[0].length);
          const rects = [...range.getClientRects()].filter((r) => r.width > 0);
          rects.forEach((r) => tops.add(Math.round(r.top)));
          const box = range.getBoundingClientRect();
          words.push({
            word: m[0],
            rects: rects.length,
            left: box.left - cardBox.left,
            right: cardBox.right - box.right,
          });
        }
      }
      return { words, lines: tops.size };
    });
    // Every word sits on one line and inside the card; the long label did wrap.
    for (const w of layout.words) {
      expect(w.rects, `"${w.word}" is split over lines`).toBe(1);
      expect(w.left, `"${w.word}" sticks out left`).toBeGreaterThanOrEqual(0);
      expect(w.right, `"${w.word}" sticks out right`).toBeGreaterThanOrEqual(0);
    }
    if (label === 'Authentication and') expect(layout.lines).toBeGreaterThan(1);
  }

  // Labels are edited in place too: double-click, type, Escape.
  await p.mouse.dblclick(...xy(await interviewer.centre(interviewer.component('Internationalisation'))));
  await p.keyboard.press('ControlOrMeta+a');
  await p.keyboard.type('Edge router');
  await p.keyboard.press('Escape');
  await expect(interviewer.component('Edge router')).toHaveCount(1);
  await expect(interviewer.component('Internationalisation')).toHaveCount(0);
});

test('a component marked as deep-dive focus on the canvas is highlighted for both people', async ({
  interviewer,
  candidate,
  board,
}) => {
  await interviewer.open(board.url);
  await candidate.open(board.candidateUrl);
  const p = candidate.page;
  await p.getByTestId('palette.item-service').click();
  await p.getByTestId('palette.item-cache').click();
  await expect(interviewer.components).toHaveCount(2);

  await p.mouse.click(...xy(await candidate.centre(candidate.component('Cache'))), { button: 'right' });
  await p.getByTestId('context-menu.boardroom-focus-toggle').click();
  for (const actor of [candidate, interviewer]) {
    await expect(actor.page.getByTestId('canvas.focus-ring')).toHaveCount(1);
    await expect(actor.page.getByTestId('canvas.focus-ring')).toContainText('Deep dive: Cache');
  }
  // The ring surrounds the cache, not the service.
  const ring = (await interviewer.page.getByTestId('canvas.focus-ring').boundingBox())!;
  const cache = (await interviewer.component('Cache').boundingBox())!;
  expect(ring.x).toBeLessThan(cache.x);
  expect(ring.x + ring.width).toBeGreaterThan(cache.x + cache.width);
  // It is the panel's focus list too.
  await interviewer.page.getByRole('button', { name: /Deep-dive focus/ }).click();
  await expect(interviewer.page.getByTestId('panel.focus-list')).toContainText('Cache');

  // Unmarked from the properties editor, the ring goes for both.
  await interviewer.page.mouse.click(...xy(await interviewer.centre(interviewer.component('Cache'))));
  await interviewer.page.getByTestId('props.focus').click();
  await expect(candidate.page.getByTestId('canvas.focus-ring')).toHaveCount(0);
});

test('an estimate attached to a component shows on it and in the summary', async ({
  interviewer,
  candidate,
  board,
}) => {
  await interviewer.open(board.url);
  await candidate.open(board.candidateUrl);
  const p = interviewer.page;
  await p.getByRole('button', { name: 'Next step' }).click();
  await p.getByTestId('panel.estimate-mau').fill('300M');
  await p.getByTestId('panel.estimate-dailyActivePercent').fill('50');
  await p.getByTestId('panel.estimate-writesPerUserPerDay').fill('2');
  await p.getByTestId('panel.estimate-objectBytes').fill('1 MB');
  await p.getByTestId('panel.estimate-storedPercent').fill('10');
  await p.getByLabel('Estimate name').fill('Posts');
  await p.getByRole('button', { name: 'Save estimate' }).click();

  // The candidate puts a load balancer down and attaches the peak read rate to it.
  await candidate.page.getByTestId('palette.item-load-balancer').click();
  await candidate.page.getByTestId('props.estimate').selectOption({ label: 'Posts: peak read QPS 69.4K' });
  for (const actor of [candidate, interviewer])
    await expect(actor.component('Load balancer').getByTestId('canvas.component-estimate')).toHaveText(
      '≈ Posts: peak read QPS 69.4K',
    );
  await candidate.page.getByTestId('props.tech').fill('Nginx');
  await expect(interviewer.component('Load balancer').getByTestId('canvas.component-details')).toHaveText(
    'Nginx',
  );

  const md = await (await p.request.get(`/api/boards/${board.id}/summary.md`)).text();
  expect(md).toContain('| Load balancer | Load balancer | 1 | Nginx | — | Posts: peak read QPS 69.4K |');
});

test('components by keyboard and by drag; undo, resize, duplicate; read-only and exported on the review page', async ({
  interviewer,
  reviewer,
  board,
}) => {
  await interviewer.open(board.url);
  const p = interviewer.page;
  // Keyboard: C jumps into the palette, a letter to the next component starting with it, Enter places.
  await p.locator('.tl-canvas').click({ position: { x: 400, y: 300 } });
  await interviewer.press('c');
  await expect(p.getByTestId('palette.item-client')).toBeFocused();
  await p.keyboard.press('m');
  await expect(p.getByTestId('palette.item-queue')).toBeFocused();
  await p.keyboard.press('Enter');
  await expect(interviewer.component('Message queue')).toHaveCount(1);
  await p.keyboard.press('w');
  await p.keyboard.press('Enter'); // a worker, after the selected queue and connected to it
  await expect(interviewer.component('Worker')).toHaveCount(1);
  await expect(interviewer.arrows).toHaveCount(1);
  await p.keyboard.press('Escape'); // back to the canvas

  // Undo takes the worker and its arrow away in one step; redo brings them back.
  await interviewer.press('ControlOrMeta+z');
  await expect(interviewer.components).toHaveCount(1);
  await expect(interviewer.arrows).toHaveCount(0);
  await interviewer.press('ControlOrMeta+Shift+z');
  await expect(interviewer.components).toHaveCount(2);

  // Drag from the palette drops a component where it lands, unconnected.
  const from = await interviewer.centre(p.getByTestId('palette.item-object-store'));
  await p.mouse.move(from.x, from.y);
  await p.mouse.down();
  await p.mouse.move(from.x + 200, 620, { steps: 6 });
  await p.mouse.move(700, 620, { steps: 6 });
  await p.mouse.up();
  const store = interviewer.component('Object store');
  await expect(store).toHaveCount(1);
  const dropped = await interviewer.centre(store);
  expect(Math.abs(dropped.x - 700)).toBeLessThan(30);
  expect(Math.abs(dropped.y - 620)).toBeLessThan(30);
  await expect(interviewer.arrows).toHaveCount(1);

  // Resizing from the selection's corner makes it bigger; the label stays one line.
  await p.mouse.click(dropped.x, dropped.y);
  const box = (await store.boundingBox())!;
  await p.mouse.move(box.x + box.width, box.y + box.height);
  await p.mouse.down();
  await p.mouse.move(box.x + box.width + 60, box.y + box.height + 30, { steps: 6 });
  await p.mouse.up();
  await expect.poll(async () => (await store.boundingBox())!.width).toBeGreaterThan(box.width + 40);

  // Duplicate (Ctrl+D) keeps the kind and label.
  await p.mouse.click(dropped.x, dropped.y);
  await interviewer.press('ControlOrMeta+d');
  await expect(interviewer.component('Object store')).toHaveCount(2);

  // The review link shows them read-only, and the SVG export draws them with their labels.
  await reviewer.visit(board.reviewUrl);
  await expect(reviewer.components).toHaveCount(4);
  await expect(reviewer.page.getByTestId('palette')).toHaveCount(0);
  const [download] = await Promise.all([
    reviewer.page.waitForEvent('download'),
    reviewer.page.getByRole('button', { name: 'SVG' }).click(),
  ]);
  const svg = await (await download.createReadStream()).toArray();
  const text = Buffer.concat(svg).toString('utf8');
  expect(text).toContain('Message queue');
  expect(text).toContain('Object store');
  expect(text).not.toContain('foreignObject'); // drawn by toSvg, not a snapshot of the HTML
});
