/**
 * Screenshots of the dashboard for people to look at (not assertions): a list with a board whose
 * clock runs and boards not started (one with a long hyphenated title), at 1440×900, 1280×720 and
 * 1024×768.
 */
import path from 'node:path';
import { test, expect, createBoardVia } from './support/fixtures';

const DIR = process.env.SCREENSHOT_DIR;

test('dashboard at 1440x900, 1280x720 and 1024x768', async ({ interviewer, candidate, board, baseURL }) => {
  for (const title of [
    'Design a rate limiter for the public API',
    'Design a URL shortener',
    'Internationalisation-and-localisation service',
  ])
    await createBoardVia(baseURL!, title);
  await interviewer.open(board.url);
  await candidate.open(board.candidateUrl);
  await interviewer.page.getByRole('button', { name: 'Start clock' }).click();
  await interviewer.page.getByRole('button', { name: 'Next step' }).click();

  const p = interviewer.page;
  await p.goto('/dashboard');
  await expect(p.getByTestId('dashboard.row').first()).toBeVisible();
  for (const size of [
    { width: 1440, height: 900 },
    { width: 1280, height: 720 },
    { width: 1024, height: 768 },
  ]) {
    await p.setViewportSize(size);
    await p.screenshot({ path: path.join(DIR!, `dashboard-${size.width}x${size.height}.png`) });
  }
});
