import { test, expect, signInContext } from './support/fixtures';
import { BoardPage } from './support/BoardPage';

function currentStep(actor: BoardPage) {
  return actor.page.getByTestId('panel.steps').locator('li[aria-current="step"]');
}

async function clockMs(actor: BoardPage): Promise<number> {
  return Number(await actor.page.getByTestId('header.clock-total').getAttribute('data-ms'));
}

test('the interviewer moves the steps, the candidate asks to move on, and every move is recorded', async ({
  interviewer,
  candidate,
  board,
}) => {
  await interviewer.open(board.url);
  await candidate.open(board.candidateUrl);
  await expect(currentStep(candidate)).toContainText('Understand the problem and scope');
  // Only the interviewer runs the interview: the candidate has no step buttons.
  await expect(candidate.page.getByRole('button', { name: 'Next step' })).toHaveCount(0);

  await interviewer.page.getByRole('button', { name: 'Next step' }).click();
  await expect(currentStep(candidate)).toContainText('High-level design');
  await expect(currentStep(interviewer)).toContainText('High-level design');

  // The candidate's shortcut asks; the interviewer accepts with one click.
  await candidate.press('Alt+Shift+ArrowRight');
  await expect(candidate.page.getByTestId('panel.step-requested')).toContainText('step 3');
  const request = interviewer.page.getByTestId('panel.step-request');
  await expect(request).toContainText(`${candidate.name} asks to move on to step 3`);
  await request.getByRole('button', { name: 'Move on' }).click();
  await expect(currentStep(candidate)).toContainText('Deep dive');
  await expect(request).toHaveCount(0);
  await interviewer.press('Alt+Shift+ArrowLeft');
  await expect(currentStep(candidate)).toContainText('High-level design');

  await candidate.page.getByText(/Step history/).click();
  const history = candidate.page.getByTestId('panel.step-history');
  await expect(history.locator('li')).toHaveCount(3);
  await expect(history).toContainText(`${interviewer.name} moved to step 2`);
  await expect(history).toContainText(`${interviewer.name} moved to step 3`);

  await candidate.reload();
  await expect(currentStep(candidate)).toContainText('High-level design');
});

test('the clock agrees across both browsers, pauses, and survives a reload', async ({
  interviewer,
  candidate,
  board,
}) => {
  await interviewer.open(board.url);
  await candidate.open(board.candidateUrl);
  await interviewer.page.getByRole('button', { name: 'Start clock' }).click();
  await expect(candidate.page.getByTestId('header.clock-total')).not.toContainText('0:00 /');
  await expect.poll(() => clockMs(candidate)).toBeGreaterThanOrEqual(2_000);
  // Sampled a moment apart, the two clocks agree within a second.
  const [a, b] = await Promise.all([clockMs(interviewer), clockMs(candidate)]);
  expect(Math.abs(a - b)).toBeLessThanOrEqual(1_000);

  await expect(candidate.page.getByTestId('panel.clock-toggle')).toHaveCount(0); // the interviewer's
  await interviewer.page.getByRole('button', { name: 'Pause clock' }).click();
  await expect(interviewer.page.getByRole('button', { name: 'Resume clock' })).toBeVisible();
  await expect.poll(async () => (await clockMs(interviewer)) - (await clockMs(candidate))).toBe(0);
  const paused = await clockMs(interviewer);
  await interviewer.reload();
  await expect.poll(() => clockMs(interviewer)).toBe(paused);
  await expect(interviewer.page.getByTestId('header.clock-total')).toContainText(/\b0:0[2-9] \/ 45 min/);
});

test('the interview length can be changed, and a step over its budget shows a warning', async ({
  newActorContext,
  baseURL,
  board,
}) => {
  // A fake clock in a browser of its own lets six minutes pass at once; the clock events stay
  // real server time. (A warm actor's tab must not keep a fake clock for the next test.)
  const context = await newActorContext();
  await signInContext(context, baseURL!);
  const interviewer = new BoardPage(await context.newPage(), 'Ines Interviewer');
  await interviewer.page.clock.install();
  await interviewer.open(board.url);
  const panel = interviewer.page.getByTestId('panel');
  await panel.getByText(/^Plan:/).click();
  await panel.getByLabel('Interview length').selectOption('custom');
  await panel.getByLabel('Custom length (minutes)').fill('5');
  await panel.getByRole('button', { name: 'Set length' }).click();
  await expect(panel.getByRole('alert')).toHaveText('Enter whole minutes from 10 to 240.');
  await panel.getByLabel('Interview length').selectOption('60');
  await expect(panel.getByText('Plan: 60 min (8 / 17 / 27 / 8)')).toBeVisible();
  await panel.getByLabel('Interview length').selectOption('45');
  await expect(panel.getByText('Plan: 45 min (5 / 15 / 20 / 5)')).toBeVisible();

  await panel.getByRole('button', { name: 'Start clock' }).click();
  const header = interviewer.page.getByTestId('header.clock');
  await expect(header.getByTestId('header.clock-step')).toHaveText(/^step 0:0\d \/ 5:00$/);
  await expect(header.getByTestId('header.overrun')).toHaveCount(0);
  await interviewer.page.clock.fastForward('06:00');
  await expect(header.getByTestId('header.overrun')).toContainText('+1:0');
  await expect(panel.getByTestId('panel.step-0')).toContainText(/6:0\d \/ 5m/);
});

test('the candidate adds an assumption and pins it; the interviewer sees it pinned, even after a reload', async ({
  interviewer,
  candidate,
  board,
}) => {
  await interviewer.open(board.url);
  await candidate.open(board.candidateUrl);
  const field = candidate.page.getByLabel('Add scope item');
  await field.fill('Assume 100M daily active users');
  await field.press('Enter');
  await expect(field).toHaveValue('');
  await candidate.page.getByLabel('Kind of scope item').selectOption('question');
  await field.fill('Do we need group chats?');
  await field.press('Enter');

  const items = interviewer.page.getByTestId('panel.scope-item');
  await expect(items).toHaveCount(2);
  await expect(items.first()).toContainText('Assume 100M daily active users');
  await expect(items.first()).toContainText(candidate.name);

  await candidate.page.getByTestId('panel.scope-item').first().getByTestId('panel.scope-pin').click();
  await expect(interviewer.page.getByTestId('panel.pinned')).toContainText('Assume 100M daily active users');

  // edit in place, answer the question, reorder
  await interviewer.page
    .getByTestId('panel.scope-item')
    .nth(1)
    .getByRole('button', { name: /^Answer/ })
    .click();
  await interviewer.page.getByLabel('Answer').fill('Yes, up to 100 people');
  await interviewer.page.keyboard.press('Enter');
  await expect(candidate.page.getByTestId('panel.scope-item').nth(1)).toContainText('Yes, up to 100 people');
  await interviewer.page
    .getByTestId('panel.scope-item')
    .nth(1)
    .getByRole('button', { name: 'Move up' })
    .click();
  await expect(candidate.page.getByTestId('panel.scope-item').first()).toContainText(
    'Do we need group chats?',
  );

  // a pinned item goes onto the canvas as a note, for both
  await interviewer.page.getByTestId('panel.pinned').getByRole('button', { name: 'To canvas' }).click();
  await expect(candidate.shapes).toHaveCount(1);
  await expect(candidate.page.locator('.tl-shape')).toContainText('Assume 100M daily active users');

  await interviewer.reload();
  await expect(interviewer.page.getByTestId('panel.pinned')).toContainText('Assume 100M daily active users');
  await expect(interviewer.page.getByTestId('panel.scope-item')).toHaveCount(2);
});

test('an estimate run by one person shows its results to the other; bad input gets a clear message', async ({
  interviewer,
  candidate,
  board,
}) => {
  await interviewer.open(board.url);
  await candidate.open(board.candidateUrl);
  const p = interviewer.page;
  await p.getByRole('button', { name: 'Next step' }).click();
  await p.getByTestId('panel.estimate-objectBytes').fill('-1 MB');
  await expect(p.getByText('Object size must be a number.')).toBeVisible();
  await p.getByTestId('panel.estimate-mau').fill('300M');
  await p.getByTestId('panel.estimate-dailyActivePercent').fill('50');
  await p.getByTestId('panel.estimate-writesPerUserPerDay').fill('2');
  await p.getByTestId('panel.estimate-objectBytes').fill('1 MB');
  await p.getByTestId('panel.estimate-storedPercent').fill('10');
  await expect(p.getByTestId('panel.estimate-preview')).toContainText('3.47K / 6.94K');
  await p.getByLabel('Estimate name').fill('Posts');
  await p.getByRole('button', { name: 'Save estimate' }).click();

  const saved = candidate.page.getByTestId('panel.estimate');
  await expect(saved).toHaveCount(1);
  await expect(saved).toContainText('Posts');
  await expect(saved).toContainText('3.47K / 6.94K');
  await expect(saved).toContainText('30 TB');
  await saved.getByRole('button', { name: 'Pin' }).click();
  await expect(p.getByTestId('panel.pinned')).toContainText('Posts');
});

test('deep-dive focus marks selected shapes, and clicking one zooms to it for the other person too', async ({
  interviewer,
  candidate,
  board,
}) => {
  await interviewer.open(board.url);
  await candidate.open(board.candidateUrl);
  await interviewer.drawRectangle({ x: 200, y: 200 }, { x: 300, y: 280 });
  await interviewer.page.getByRole('button', { name: /Deep-dive focus/ }).click();
  await interviewer.page.getByLabel('Focus component name').fill('Feed cache');
  await interviewer.page.getByRole('button', { name: 'Mark selection (1)' }).click();

  await expect(candidate.page.getByTestId('panel.focus-list')).toBeHidden(); // collapsed: not this step yet
  await candidate.page.getByRole('button', { name: /Deep-dive focus/ }).click();
  await expect(candidate.page.getByTestId('panel.focus-list')).toContainText('Feed cache');
  const before = await candidate.shapeBox();
  await candidate.page
    .getByTestId('panel.focus-list')
    .getByRole('button', { name: 'Feed cache', exact: true })
    .click();
  // Closer, but never past 125% (issue 12: a focus zoom shows context, not one giant box).
  await expect.poll(async () => (await candidate.shapeBox()).width).toBeGreaterThan(before.width * 1.2);
  expect((await candidate.shapeBox()).width).toBeLessThanOrEqual(before.width * 1.26);
});

test('the wrap-up checklist is shared', async ({ interviewer, candidate, board }) => {
  await interviewer.open(board.url);
  await candidate.open(board.candidateUrl);
  for (let i = 0; i < 3; i++) await interviewer.page.getByRole('button', { name: 'Next step' }).click();
  await expect(currentStep(candidate)).toContainText('Wrap-up');
  await candidate.page.getByRole('checkbox', { name: 'Error cases' }).check();
  await candidate.page.getByRole('button', { name: /^Note on error cases/ }).click();
  await candidate.page.getByLabel('Note on error cases').fill('Retries with backoff; dead-letter queue');
  await candidate.page.getByLabel('Note on error cases').press('Enter');
  await expect(interviewer.page.getByRole('checkbox', { name: 'Error cases' })).toBeChecked();
  await expect(interviewer.page.getByTestId('panel.wrapup')).toContainText(
    'Retries with backoff; dead-letter queue',
  );
});

test('the panel can be hidden and shown, and is keyboard reachable', async ({ interviewer, board }) => {
  await interviewer.open(board.url);
  const panel = interviewer.page.getByTestId('panel');
  await expect(panel).toBeVisible();
  await interviewer.page.getByRole('button', { name: 'Hide panel' }).click();
  await expect(panel).toHaveCount(0);
  await interviewer.page.getByRole('button', { name: 'Show panel' }).click();
  await expect(panel).toBeVisible();
  const separator = interviewer.page.getByRole('separator', { name: 'Resize panel' });
  const width = Number(await separator.getAttribute('aria-valuenow'));
  await separator.focus();
  await interviewer.page.keyboard.press('ArrowLeft');
  await expect(separator).toHaveAttribute('aria-valuenow', String(width + 20));
});
