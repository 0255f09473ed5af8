import { test, expect } from './support/fixtures';

test('home page creates a board and opens it', async ({ newActorContext }) => {
  const page = await (await newActorContext()).newPage();
  await page.goto('/');
  await page.getByLabel('Title').fill('Design a rate limiter');
  await page.getByLabel(/Problem prompt/).fill('Per-user limits for a public API');
  await page.getByRole('button', { name: 'Create board' }).click();
  await expect(page).toHaveURL(/\/b\/[A-Za-z0-9_-]{22}$/);
  await expect(page.getByRole('heading', { name: 'Design a rate limiter' })).toBeVisible();
  await expect(page.getByRole('dialog')).toBeVisible();
});

test('an unknown board shows a friendly 404 page', async ({ newActorContext }) => {
  const page = await (await newActorContext()).newPage();
  const res = await page.goto('/b/AAAAAAAAAAAAAAAAAAAAAA');
  expect(res?.status()).toBe(404);
  await expect(page.getByTestId('not-found')).toContainText('Board not found');
  const garbage = await page.goto('/b/%E0%A4%A');
  expect(garbage?.status()).toBe(404);
});

test('the name prompt is a dialog with one field, and refuses an empty name', async ({
  newActorContext,
  boardId,
}) => {
  const page = await (await newActorContext()).newPage();
  await page.goto(`/b/${boardId}`);
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('textbox')).toHaveCount(1);
  await dialog.getByRole('textbox').fill('   ');
  await page.keyboard.press('Enter');
  await expect(dialog.getByRole('alert')).toHaveText('Please enter a name.');
  await dialog.getByRole('textbox').fill('Grace');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('presence-list')).toContainText('Grace (you)');
});
