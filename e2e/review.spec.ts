import fs from 'node:fs';
import { test, expect } from './support/fixtures';
import { consoleErrors } from './support/console';
import { writeBoxes } from './support/shapes';

test('review replays the session step by step, and exports Markdown, PNG, SVG and .tldr', async ({
  interviewer,
  candidate,
  reviewer,
  board,
}) => {
  // A scripted session: draw in step 1, advance, draw more in step 2, add an assumption.
  await interviewer.open(board.url);
  await candidate.open(board.candidateUrl);
  await candidate.drawRectangle({ x: 200, y: 200 }, { x: 300, y: 280 });
  await expect(interviewer.shapes).toHaveCount(1);
  await interviewer.page.getByRole('button', { name: 'Start clock' }).click();
  await interviewer.page.getByRole('button', { name: 'Next step' }).click();
  await expect(candidate.page.getByTestId('panel.steps').locator('li[aria-current="step"]')).toContainText(
    'High-level design',
  );
  await candidate.drawRectangle({ x: 500, y: 300 }, { x: 620, y: 380 });
  await candidate.page.getByLabel('Add scope item').fill('Assume 10M daily active users');
  await candidate.page.getByLabel('Add scope item').press('Enter');
  await expect(interviewer.page.getByTestId('panel.scope-item')).toHaveCount(1);
  await expect(interviewer.shapes).toHaveCount(2);

  // The interviewer reviews.
  const page = interviewer.page;
  const errors = consoleErrors(page);
  await page.getByRole('link', { name: 'Review' }).click();
  await expect(page).toHaveURL(new RegExp(`/r/${board.id}$`));
  await expect(page.getByTestId('replay')).toBeVisible();
  await expect(interviewer.shapes).toHaveCount(2);
  await expect(page.getByTestId('replay.band-1')).toBeVisible();
  await expect(page.getByTestId('panel.notes')).toBeVisible();

  await page.getByTestId('replay.end-of-step-0').click();
  await expect(interviewer.shapes).toHaveCount(1);
  await expect(page.getByTestId('panel.scope-item')).toHaveCount(0);
  await page.getByTestId('replay.position').fill('0');
  await expect(interviewer.shapes).toHaveCount(0);
  await page.getByTestId('replay.end').click();
  await expect(interviewer.shapes).toHaveCount(2);
  await expect(page.getByTestId('panel.scope-item')).toContainText('Assume 10M daily active users');

  // Playing from the end of step 1 reaches the end (seeking checked the content above; this
  // checks that Play moves forward and stops there).
  await page.getByTestId('replay.end-of-step-0').click();
  await expect(interviewer.shapes).toHaveCount(1);
  await page.getByLabel('Replay speed').selectOption('16');
  await page.getByRole('button', { name: 'Play' }).click();
  await expect(interviewer.shapes).toHaveCount(2);
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
  // Opening, seeking and playing logged nothing (a replayed change once logged an error on each Play).
  expect(errors).toEqual([]);
  // One download of the log per page load: the replay's request takes over the preload that the
  // page's HTML starts (a mismatch would download the whole log twice).
  await page.reload();
  await expect(interviewer.shapes).toHaveCount(2);
  // (A live board's page also polls `log?after=`: those are not the whole log.)
  const logDownloads = await page.evaluate(
    () =>
      performance.getEntriesByType('resource').filter((e) => {
        const url = new URL(e.name);
        return url.pathname.endsWith('/log') && url.search === '';
      }).length,
  );
  expect(logDownloads).toBe(1);

  // Markdown summary: the assumption and both step durations.
  const md = await (await page.request.get(`/api/boards/${board.id}/summary.md`)).text();
  expect(md).toContain('Assume 10M daily active users');
  expect(md).toMatch(/\| 1\. Understand the problem and scope \| \d+:\d\d \| 5 min \|/);
  expect(md).toMatch(/\| 2\. High-level design \| \d+:\d\d \| 15 min \|/);

  // PNG: a valid image with real content, and the export says it is busy while it runs (it can
  // take seconds): an observer, installed before the click, records whether the busy state showed.
  const exportGroup = page.getByRole('group', { name: 'Export', exact: true });
  await exportGroup.evaluate((group) => {
    const seen = { busy: false };
    (window as unknown as { exportBusySeen: typeof seen }).exportBusySeen = seen;
    const busyNow = () =>
      group.getAttribute('aria-busy') === 'true' || (group.textContent ?? '').includes('Exporting PNG');
    new MutationObserver((records) => {
      if (busyNow()) seen.busy = true;
      // also a state already gone again when the observer ran
      for (const r of records) {
        if (r.attributeName === 'aria-busy' && r.oldValue === 'true') seen.busy = true;
        if (r.type === 'characterData' && (r.oldValue ?? '').includes('Exporting PNG')) seen.busy = true;
      }
    }).observe(group, {
      attributes: true,
      attributeOldValue: true,
      attributeFilter: ['aria-busy'],
      childList: true,
      characterData: true,
      characterDataOldValue: true,
      subtree: true,
    });
  });
  const [pngDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'PNG' }).click(),
  ]);
  const png = fs.readFileSync((await pngDownload.path())!);
  expect(png.subarray(0, 8)).toEqual(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]));
  const inked = await page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const canvas = new OffscreenCanvas(img.naturalWidth, img.naturalHeight);
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    const bitmap = { width: img.naturalWidth, height: img.naturalHeight };
    const data = ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
    let dark = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i]! < 128 && data[i + 3]! > 0) dark++;
    return { width: bitmap.width, height: bitmap.height, dark };
  }, png.toString('base64'));
  expect(inked.width).toBeGreaterThan(200);
  // Capped (this small drawing stays well under the cap; its 2x scale is checked against the SVG below).
  expect(Math.max(inked.width, inked.height)).toBeLessThanOrEqual(2_400);
  expect(inked.dark).toBeGreaterThan(200); // the rectangles' strokes
  expect(
    await page.evaluate(
      () => (window as unknown as { exportBusySeen: { busy: boolean } }).exportBusySeen.busy,
    ),
  ).toBe(true);
  await expect(exportGroup).toHaveAttribute('aria-busy', 'false');

  const [svgDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'SVG' }).click(),
  ]);
  const svg = fs.readFileSync((await svgDownload.path())!, 'utf8');
  expect(svg).toMatch(/^<svg/);
  // The PNG is the same picture as the SVG (drawing and padding, in page units) at twice its size.
  const svgWidth = Number(/^<svg[^>]*\swidth="([\d.]+)"/.exec(svg)?.[1]);
  expect(svgWidth).toBeGreaterThan(100);
  expect(Math.abs(inked.width - 2 * svgWidth)).toBeLessThanOrEqual(2);
  const [tldrDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: '.tldr' }).click(),
  ]);
  const tldr = JSON.parse(fs.readFileSync((await tldrDownload.path())!, 'utf8')) as {
    tldrawFileFormatVersion: number;
    records: Array<{ typeName: string }>;
  };
  expect(tldr.tldrawFileFormatVersion).toBeGreaterThan(0);
  expect(tldr.records.filter((r) => r.typeName === 'shape')).toHaveLength(2);

  // The review link sees the same history but never the notes.
  await reviewer.visit(board.reviewUrl);
  await expect(reviewer.page.getByTestId('replay')).toBeVisible();
  await expect(reviewer.shapes).toHaveCount(2);
  await expect(reviewer.page.getByTestId('panel.notes')).toHaveCount(0);
  // Read-only, every section still opens; what would change the board stays disabled.
  const focusTool = reviewer.page.getByRole('button', { name: /Deep-dive focus/ });
  await expect(focusTool).toHaveAttribute('aria-expanded', 'false');
  await focusTool.click();
  await expect(focusTool).toHaveAttribute('aria-expanded', 'true');
  await expect(reviewer.page.getByText('No focus components were marked.')).toBeVisible();
  await expect(reviewer.page.getByLabel('Focus component name')).toHaveCount(0);
  const reviewerMd = await (await reviewer.page.request.get(`/api/boards/${board.id}/summary.md`)).text();
  expect(reviewerMd).toContain('Assume 10M daily active users');
  expect(reviewerMd).not.toContain('Interviewer notes');
});

test('a long jump shows its shapes over a few frames, and ends fitted to the whole drawing', async ({
  interviewer,
  board,
}) => {
  // 120 boxes in one update, from the candidate's link (a 12 x 10 grid).
  await writeBoxes(board, 120, 12);

  const page = interviewer.page;
  const errors = consoleErrors(page);
  await interviewer.visit(`/r/${board.id}`);
  await page.getByTestId('review.open-replay').click();
  await expect(interviewer.shapes).toHaveCount(120);

  // Back to the start: the next frame already shows the first slice gone, and the rest goes in the
  // frames after (counted in the page, frame by frame).
  const frames = await page.evaluate(async () => {
    const input = document.querySelector<HTMLInputElement>('[data-testid="replay.position"]')!;
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, '0');
    input.dispatchEvent(new Event('input', { bubbles: true }));
    const counts: number[] = [];
    do {
      await new Promise(requestAnimationFrame);
      counts.push(document.querySelectorAll('.tl-shape').length);
    } while (counts.at(-1)! > 0 && counts.length < 600);
    return counts;
  });
  expect(frames[0]).toBeGreaterThan(0);
  expect(frames[0]).toBeLessThan(120);
  expect(frames.at(-1)).toBe(0);

  // To the end: every box comes back, and the jump fits the view to all of them once they are
  // all there (not to the first slice).
  await page.getByTestId('replay.end').click();
  await expect(interviewer.shapes).toHaveCount(120);
  const area = (await page.locator('.canvas-wrap').boundingBox())!;
  await expect
    .poll(async () => {
      const boxes = await interviewer.shapes.evaluateAll((els) =>
        els.map((el) => {
          const r = el.getBoundingClientRect();
          return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
        }),
      );
      return boxes.filter(
        (b) =>
          b.left < area.x - 1 ||
          b.top < area.y - 1 ||
          b.right > area.x + area.width + 1 ||
          b.bottom > area.y + area.height + 1,
      ).length;
    })
    .toBe(0);
  expect(errors).toEqual([]);
});

test('the dashboard lists boards with candidate and time, searches, and deletes', async ({
  interviewer,
  candidate,
  board,
}) => {
  await candidate.open(board.candidateUrl);
  await interviewer.open(board.url); // both browsers now keep a copy for offline edits
  const page = interviewer.page;
  const localCopies = (actor: typeof interviewer) =>
    actor.page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
  await expect.poll(() => localCopies(interviewer)).toContain(`boardroom:${board.id}`);
  await interviewer.visit('/dashboard');
  // other tests create boards with the same title: find this one by its link
  const row = page.getByTestId('dashboard.row').filter({ has: page.locator(`a[href="/b/${board.id}"]`) });
  await expect(row).toContainText(candidate.name);
  await expect(row).toContainText('Not started'); // the clock never started
  await page.getByLabel('Search by title or candidate').fill(candidate.name.toUpperCase());
  await expect(page.getByTestId('dashboard.row').first()).toContainText(candidate.name);
  await page.getByLabel('Search by title or candidate').fill('no board is called this');
  await expect(page.getByText('No board matches.')).toBeVisible();
  await page.getByLabel('Search by title or candidate').fill('');

  page.once('dialog', (d) => void d.accept());
  await row.getByRole('button', { name: /^Delete/ }).click();
  await expect(page.locator(`a[href="/b/${board.id}"]`)).toHaveCount(0);
  await expect(
    candidate.page.getByRole('alert').filter({ hasText: 'This board does not exist any more.' }),
  ).toBeVisible();
  // The deleting browser drops its copy at once; the candidate's when the server says the board is gone.
  await expect.poll(() => localCopies(interviewer)).not.toContain(`boardroom:${board.id}`);
  await expect.poll(() => localCopies(candidate)).not.toContain(`boardroom:${board.id}`);
  expect((await page.goto(`/b/${board.id}`))?.status()).toBe(404);
});
