/**
 * Screenshots of the live board for people to look at (not assertions): interviewer and candidate
 * at 1440x900, 1280x720 and 1024x768, with a little drawn and the clock running.
 */
import path from 'node:path';
import { test, expect } from './support/fixtures';

const DIR = process.env.SCREENSHOT_DIR;

for (const size of [
  { width: 1440, height: 900 },
  { width: 1280, height: 720 },
  { width: 1024, height: 768 },
]) {
  test(`live board at ${size.width}x${size.height}`, async ({ interviewer, candidate, board }) => {
    await interviewer.page.setViewportSize(size);
    await candidate.page.setViewportSize(size);
    await interviewer.open(board.url);
    await candidate.open(board.candidateUrl);
    const ip = interviewer.page;
    await ip.getByTestId('palette.item-client').click();
    await ip.getByTestId('palette.item-load-balancer').click();
    await ip.getByTestId('palette.item-service').click();
    await ip.keyboard.press('Escape');
    if (await ip.getByTestId('panel').isHidden()) await ip.getByTestId('header.panel-toggle').click();
    await ip.getByRole('button', { name: 'Start clock' }).click();
    if (await candidate.page.getByTestId('panel').isVisible()) {
      await candidate.page.getByLabel('Add scope item').fill('Assume 100M daily users');
      await candidate.page.getByLabel('Add scope item').press('Enter');
    }
    await expect(candidate.components).toHaveCount(3);
    await candidate.page.mouse.move(size.width / 3, size.height / 2);
    await ip.screenshot({ path: path.join(DIR!, `live-interviewer-${size.width}x${size.height}.png`) });
    await candidate.page.screenshot({
      path: path.join(DIR!, `live-candidate-${size.width}x${size.height}.png`),
    });
    await ip.getByTestId('header.panel-toggle').click();
    await ip.screenshot({
      path: path.join(DIR!, `live-interviewer-hidden-${size.width}x${size.height}.png`),
    });
  });
}
