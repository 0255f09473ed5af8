import { test, expect } from './support/fixtures';

// A 2x2 red PNG.
const PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAYAAABytg0kAAAAFklEQVR42mP8z8DwnwEIGBkZGRgYGAA/GAP9w5Q6ogAAAABJRU5ErkJggg==';

test('a dropped image is uploaded to the server; the document keeps only its URL', async ({
  interviewer,
  candidate,
  board,
}) => {
  await interviewer.open(board.url);
  await candidate.open(board.candidateUrl);
  await candidate.page.evaluate(async (b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const file = new File([bytes], 'diagram.png', { type: 'image/png' });
    const dt = new DataTransfer();
    dt.items.add(file);
    const target = document.querySelector('.tl-canvas')!;
    const at = { clientX: 400, clientY: 300, bubbles: true, cancelable: true, dataTransfer: dt };
    target.dispatchEvent(new DragEvent('dragenter', at));
    target.dispatchEvent(new DragEvent('dragover', at));
    target.dispatchEvent(new DragEvent('drop', at));
  }, PNG_BASE64);

  const image = interviewer.page.locator('.tl-image');
  await expect(image).toHaveCount(1);
  await expect
    .poll(
      async () =>
        (await image.getAttribute('src')) ??
        (await image.evaluate((el) => getComputedStyle(el).backgroundImage)),
    )
    .toMatch(new RegExp(`/api/assets/${board.id}/[A-Za-z0-9_-]{22}`));

  const log = await interviewer.page.request.get(`/api/boards/${board.id}/log`);
  const text = Buffer.from(await log.body()).toString('latin1');
  expect(text).toContain(`/api/assets/${board.id}/`);
  expect(text).not.toContain('data:image');
  expect(text).not.toContain(PNG_BASE64.slice(0, 40));
});
