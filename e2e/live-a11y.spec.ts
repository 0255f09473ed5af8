/**
 * Automated accessibility scans (axe) of the pages people use live: sign-in, dashboard, and the
 * board as the interviewer and as the candidate. No serious or critical violation is allowed, and
 * no console error on any of them (the review page is checked in review-story.spec.ts).
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect } from './support/fixtures';
import { consoleErrors } from './support/console';

async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    // tldraw's own canvas and menus are tldraw's; our header, panel and palette are scanned.
    .exclude('.tl-container')
    .analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

test('sign-in and dashboard have no serious accessibility violations and no console errors', async ({
  newActorContext,
  interviewer,
}) => {
  const page = await (await newActorContext()).newPage();
  const errors = consoleErrors(page);
  const dashboardErrors = consoleErrors(interviewer.page);
  await page.goto('/signin');
  await expect(page.getByRole('button', { name: /sign in/i })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);

  await interviewer.visit('/dashboard');
  await expect(interviewer.page.getByRole('heading', { name: 'Boards' })).toBeVisible();
  expect(await seriousViolations(interviewer.page)).toEqual([]);
  expect(errors).toEqual([]);
  expect(dashboardErrors).toEqual([]);
});

test('the board has no serious accessibility violations and no console errors, for the interviewer and the candidate', async ({
  interviewer,
  candidate,
  board,
}) => {
  const errors = [consoleErrors(interviewer.page), consoleErrors(candidate.page)];
  await interviewer.open(board.url);
  await candidate.open(board.candidateUrl);
  await expect(candidate.page.getByTestId('panel')).toBeVisible();
  // Drawing and a panel entry, so the live paths run too.
  await interviewer.drawRectangle({ x: 400, y: 300 }, { x: 520, y: 380 });
  await expect(candidate.shapes).toHaveCount(1);
  expect(await seriousViolations(interviewer.page)).toEqual([]);
  expect(await seriousViolations(candidate.page)).toEqual([]);
  expect(errors).toEqual([[], []]);
});

test('the panel is reached by keyboard in reading order: clock, steps, then scope', async ({
  interviewer,
  board,
}) => {
  const p = interviewer.page;
  await interviewer.open(board.url);
  await p.getByTestId('panel.clock-toggle').focus();
  const order: string[] = [];
  for (let i = 0; i < 40 && !order.includes('Add scope item'); i++) {
    await p.keyboard.press('Tab');
    order.push(
      await p.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        return el?.getAttribute('aria-label') || el?.textContent?.trim().slice(0, 30) || el?.tagName || '';
      }),
    );
  }
  const at = (label: string) => order.findIndex((o) => o.startsWith(label));
  expect(at('Next step')).toBeGreaterThan(-1);
  expect(at('Add scope item')).toBeGreaterThan(at('Next step'));
});
