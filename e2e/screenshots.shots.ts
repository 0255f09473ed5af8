/**
 * Screenshots of the component kit for people to look at (not assertions): the palette and a
 * finished diagram at 1280×720 and 1024×768. Not part of the test suite: `npm run screenshots`
 * (SCREENSHOT_DIR, default /tmp/boardroom-screenshots) runs the `*.shots.ts` files instead.
 */
import path from 'node:path';
import { test, expect } from './support/fixtures';

const DIR = process.env.SCREENSHOT_DIR;

for (const size of [
  { width: 1280, height: 720 },
  { width: 1024, height: 768 },
]) {
  test(`palette and a finished diagram at ${size.width}x${size.height}`, async ({ interviewer, board }) => {
    const p = interviewer.page;
    await p.setViewportSize(size);
    await interviewer.open(board.url);
    const shot = (name: string) =>
      p.screenshot({ path: path.join(DIR!, `${name}-${size.width}x${size.height}.png`) });
    await shot('palette');
    const showPanel = p.getByRole('button', { name: 'Show panel' });
    if (await showPanel.isVisible()) await showPanel.click(); // closed by default below 1280 px

    await p.getByRole('button', { name: 'Next step' }).click();
    await p.getByTestId('panel.estimate-dau').fill('100M');
    await p.getByTestId('panel.estimate-writesPerUserPerDay').fill('1');
    await p.getByTestId('panel.estimate-objectBytes').fill('500 B');
    await p.getByTestId('panel.estimate-readsPerWrite').fill('100');
    await p.getByLabel('Estimate name').fill('Links');
    await p.getByRole('button', { name: 'Save estimate' }).click();
    // Below 1280 px the panel starts closed; put it back so the canvas keeps its room.
    if (size.width < 1280) await p.getByRole('button', { name: 'Hide panel' }).click();

    await p.getByTestId('palette.item-client').click();
    await p.getByTestId('palette.item-load-balancer').click();
    await p.getByTestId('props.estimate').selectOption({ index: 1 });
    await p.getByTestId('palette.item-service').click();
    await p.getByTestId('props.replicas').fill('3');
    await p.getByTestId('props.label').fill('App server');
    await p.getByTestId('props.tech').fill('Go');
    await p.getByTestId('palette.item-cache').click();
    await p.getByTestId('props.tech').fill('Redis');
    await p.getByTestId('props.capacity').fill('100k QPS');
    await p.mouse.click(...centre(await interviewer.component('App server').boundingBox()));
    await p.getByTestId('palette.item-sql-db').click();
    await p.getByTestId('props.label').fill('Link database (primary + replicas)');
    await p.getByTestId('props.focus').click();
    await expect(interviewer.components).toHaveCount(5);
    await shot('diagram-selected');
    await p.locator('.tl-canvas').click({ position: { x: 20, y: size.height - 200 } }); // deselect
    await p.mouse.move(5, size.height - 5);
    await shot('diagram');

    // The PNG export, drawn by the shapes' toSvg.
    if (size.width === 1280) {
      await p.goto(`/r/${board.id}`);
      await expect(interviewer.components).toHaveCount(5);
      const [download] = await Promise.all([
        p.waitForEvent('download'),
        p.getByRole('button', { name: 'PNG' }).click(),
      ]);
      await download.saveAs(path.join(DIR!, 'export.png'));
    }
  });
}

function centre(box: { x: number; y: number; width: number; height: number } | null): [number, number] {
  return [box!.x + box!.width / 2, box!.y + box!.height / 2];
}
