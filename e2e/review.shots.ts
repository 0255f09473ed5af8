/**
 * Screenshots of the review page for people to look at (not assertions): the summary it opens on
 * and the timeline, at 1440×900 and 1024×768, after a short scripted interview.
 */
import path from 'node:path';
import { test, expect } from './support/fixtures';

const DIR = process.env.SCREENSHOT_DIR;

test('review summary and timeline at 1440x900 and 1024x768', async ({
  interviewer,
  candidate,
  reviewer,
  board,
}) => {
  await interviewer.open(board.url);
  await candidate.open(board.candidateUrl);
  await interviewer.page.getByRole('button', { name: 'Start clock' }).click();
  for (const text of [
    'Assume 100M daily active users',
    'Short links, 7 characters',
    'Reads outnumber writes 100:1',
  ]) {
    await candidate.page.getByLabel('Add scope item').fill(text);
    await candidate.page.getByLabel('Add scope item').press('Enter');
  }
  await candidate.page.getByTestId('panel.scope-pin').first().click();
  await interviewer.press('Alt+KeyM');
  await interviewer.page.getByTestId('panel.moment-input').fill('Scoped quickly and well');
  await interviewer.page.getByTestId('panel.moment-input').press('Enter');
  await interviewer.page.getByRole('button', { name: 'Next step' }).click();
  await candidate.drawRectangle({ x: 200, y: 200 }, { x: 320, y: 280 });
  await interviewer.drawRectangle({ x: 450, y: 220 }, { x: 570, y: 300 });
  await candidate.drawRectangle({ x: 300, y: 400 }, { x: 420, y: 480 });
  await expect(interviewer.shapes).toHaveCount(3);
  await interviewer.page.getByRole('button', { name: 'Next step' }).click();
  await candidate.drawRectangle({ x: 650, y: 420 }, { x: 760, y: 500 });
  await expect(interviewer.shapes).toHaveCount(4);

  for (const size of [
    { width: 1440, height: 900 },
    { width: 1024, height: 768 },
  ]) {
    for (const actor of [reviewer, interviewer]) {
      const p = actor.page;
      await p.setViewportSize(size);
      await p.goto(actor === reviewer ? board.reviewUrl : `/r/${board.id}`);
      const who = actor === reviewer ? 'reviewer' : 'interviewer';
      const shot = (name: string) =>
        p.screenshot({ path: path.join(DIR!, `review-${name}-${who}-${size.width}x${size.height}.png`) });
      await expect(p.getByTestId('review.summary')).toBeVisible();
      await expect(actor.shapes).toHaveCount(4);
      await shot('summary');
      await p.getByTestId('review.open-replay').click();
      await p.getByTestId('review.by-author').check();
      await shot('timeline');
      const scope = p.getByTestId('replay.moment-scope').first();
      if (await scope.isVisible()) {
        await scope.click();
        await shot('scope-moment');
      }
    }
  }
});
