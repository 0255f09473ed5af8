import { test, expect } from './support/fixtures';

const NOTE = 'Skipped capacity planning; strong on caching';

test('the candidate never sees the interviewer notes, not even in the bytes it receives', async ({
  interviewer,
  candidate,
  board,
}) => {
  await interviewer.open(board.url);
  const notes = interviewer.page.getByTestId('panel.notes');
  await notes.getByRole('button', { name: /^Notes on step 1/ }).click();
  await interviewer.page.getByLabel('Notes on step 1').fill(NOTE);
  await interviewer.page.getByLabel('Notes on step 1').press('Enter');
  await expect(notes).toContainText(NOTE);
  await notes.getByLabel('Overall score').selectOption('3');

  const received: string[] = [];
  candidate.page.on('websocket', (ws) => ws.on('framereceived', (f) => received.push(String(f.payload))));
  await candidate.open(board.candidateUrl);
  await expect(candidate.page.getByTestId('role')).toHaveText('Candidate');
  await expect(candidate.page.getByTestId('panel')).toBeVisible();
  await expect(candidate.page.getByTestId('panel.notes')).toHaveCount(0);
  expect(await candidate.page.content()).not.toContain(NOTE);
  expect(received.join('')).not.toContain('capacity planning');
  // the interviewer's notes survive a reload
  await interviewer.page.reload();
  await expect(interviewer.page.getByTestId('panel.notes')).toContainText(NOTE);
});

test('after the interviewer ends the interview, the candidate can no longer draw', async ({
  interviewer,
  candidate,
  board,
}) => {
  await interviewer.open(board.url);
  await candidate.open(board.candidateUrl);
  await candidate.drawRectangle({ x: 250, y: 250 }, { x: 350, y: 330 });
  await expect(interviewer.shapes).toHaveCount(1);
  const localCopies = () =>
    candidate.page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
  await expect.poll(localCopies).toContain(`boardroom:${board.id}`); // for edits made offline

  interviewer.page.once('dialog', (d) => void d.accept());
  await interviewer.page.getByRole('button', { name: 'End interview' }).click();
  await expect(candidate.page.getByTestId('ended-banner')).toHaveText(
    'The interview has ended; the board is read-only',
  );
  await expect(interviewer.page.getByTestId('ended-banner')).toBeVisible();
  await expect(candidate.page.getByTestId('tools.rectangle')).toHaveCount(0);
  await expect(candidate.page.getByLabel('Add scope item')).toBeDisabled();
  await expect.poll(localCopies).not.toContain(`boardroom:${board.id}`); // nothing left to edit

  // Even keyboard shortcuts do nothing now, and the interviewer sees no change.
  await candidate.focus();
  await candidate.page.keyboard.press('r');
  await candidate.page.mouse.move(600, 400);
  await candidate.page.mouse.down();
  await candidate.page.mouse.move(700, 480, { steps: 5 });
  await candidate.page.mouse.up();
  await candidate.page.keyboard.press('Delete');
  await interviewer.drawRectangle({ x: 500, y: 500 }, { x: 560, y: 560 }); // the interviewer still can
  await expect(candidate.shapes).toHaveCount(2);
  await expect(interviewer.shapes).toHaveCount(2);
  await candidate.page.reload();
  await expect(candidate.page.getByTestId('ended-banner')).toBeVisible();
  await expect(candidate.shapes).toHaveCount(2);
});

test('revoking the candidate link disconnects the candidate, and the link then says it was revoked', async ({
  interviewer,
  candidate,
  board,
}) => {
  await interviewer.open(board.url);
  await candidate.open(board.candidateUrl);
  await interviewer.page.getByRole('button', { name: 'Share' }).click();
  interviewer.page.once('dialog', (d) => void d.accept());
  await interviewer.page.getByTestId('share.candidate-revoke').click();
  await expect(
    candidate.page.getByRole('alert').filter({ hasText: 'This link was revoked by the interviewer.' }),
  ).toBeVisible();
  await expect(candidate.page.locator('.tl-canvas')).toHaveCount(0);

  const again = await candidate.page.goto(board.candidateUrl);
  expect(again?.status()).toBe(401);
  await expect(candidate.page.getByTestId('unauthorized')).toContainText('This link was revoked');
  expect(await candidate.page.content()).not.toContain('Design a URL shortener');

  // a new link works
  interviewer.page.once('dialog', (d) => void d.accept());
  await interviewer.page.getByTestId('share.candidate-regenerate').click();
  const fresh = await interviewer.page.getByTestId('share.candidate-url').inputValue();
  await candidate.open(fresh);
  await expect(candidate.page.getByTestId('role')).toHaveText('Candidate');
});

test('the review link opens a read-only board without notes', async ({ interviewer, reviewer, board }) => {
  await interviewer.open(board.url);
  await interviewer.drawRectangle({ x: 300, y: 300 }, { x: 400, y: 380 });
  await reviewer.page.goto(board.reviewUrl);
  await expect(reviewer.page).toHaveURL(new RegExp(`/r/${board.id}$`)); // the token left the address bar
  await expect(reviewer.page.getByTestId('role')).toHaveText('Review');
  await expect(reviewer.shapes).toHaveCount(1);
  await expect(reviewer.page.getByTestId('tools.rectangle')).toHaveCount(0);
  await expect(reviewer.page.getByLabel('Add scope item')).toHaveCount(0); // a record: no input forms
  await expect(reviewer.page.getByText('No assumptions or requirements were written down.')).toBeVisible();
  await expect(reviewer.page.getByRole('button', { name: 'Next step' })).toHaveCount(0); // a record, no controls
  await expect(reviewer.page.getByTestId('panel.notes')).toHaveCount(0);
  // the review link does not open the live board page
  await reviewer.page.goto(`/b/${board.id}`);
  await expect(reviewer.page).toHaveURL(new RegExp(`/r/${board.id}$`));
});

test('a board address without a link or session shows a 401 page that reveals nothing', async ({
  newActorContext,
  board,
}) => {
  const page = await (await newActorContext()).newPage();
  const res = await page.goto(`/b/${board.id}`);
  expect(res?.status()).toBe(401);
  await expect(page.getByTestId('unauthorized')).toContainText('You need a link to open this board');
  expect(await page.content()).not.toContain('Design a URL shortener');
  const bad = await page.goto(`/b/${board.id}?token=forged`);
  expect(bad?.status()).toBe(401);
  await expect(page.getByTestId('unauthorized')).toContainText('This link is not valid');
  expect((await page.goto('/dashboard'))?.url()).toMatch(/\/signin$/);
});
