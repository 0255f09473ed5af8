import WebSocket from 'ws';
import { test, expect } from './support/fixtures';
import { decodeLog } from '../lib/history';
import { encodeSyncUpdate } from '../lib/wire';
import { CloseCode } from '../lib/protocol';
import { TEST_SECRET } from '../server/testing/process';
import { HOSTILE_CASES, hostileUpdate } from '../server/testing/hostile';
import { docFromUpdates, sameDocState } from '../server/testing/content';
import type { Page, APIRequestContext } from '@playwright/test';

/** Console errors and uncaught exceptions of a page, as they happen. */
function collectErrors(page: Page, who: string, into: string[]): void {
  page.on('console', (m) => {
    if (m.type() === 'error') into.push(`${who} console: ${m.text()}`);
  });
  page.on('pageerror', (err) => into.push(`${who} pageerror: ${err.message}`));
}

/** The board as stored: every logged update applied. */
async function storedBoard(request: APIRequestContext, boardId: string) {
  const res = await request.get(`/api/boards/${boardId}/log`);
  expect(res.status()).toBe(200);
  return docFromUpdates(decodeLog(new Uint8Array(await res.body())).map((e) => e.update));
}

/** Sends one update over a new raw sync socket; resolves with the close code and reason, or why not. */
async function sendOnce(url: string, headers: Record<string, string>, update: Uint8Array): Promise<string> {
  const ws = new WebSocket(url, { headers });
  ws.on('error', () => {});
  const closed = new Promise<string>((resolve) =>
    ws.on('close', (code, reason) => resolve(`${code} ${reason}`)),
  );
  const joined = new Promise<boolean>((resolve) => ws.once('message', () => resolve(true)));
  if (!(await Promise.race([joined, closed.then(() => false)])))
    return `refused before joining: ${await closed}`;
  ws.send(encodeSyncUpdate(update));
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    closed,
    new Promise<string>((r) => (timer = setTimeout(() => r('still open after 2 s'), 2_000))),
  ]);
  clearTimeout(timer);
  ws.terminate();
  return outcome;
}

test('a candidate sending every kind of invalid content cannot break the board for the interviewer or the reviewer', async ({
  interviewer,
  reviewer,
  board,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const errors: string[] = [];
  collectErrors(interviewer.page, 'interviewer', errors);
  collectErrors(reviewer.page, 'reviewer', errors);

  await interviewer.open(board.url);
  // One step event, so the kinds that delete or edit one have something to act on.
  await interviewer.page.getByRole('button', { name: 'Next step' }).click();
  await expect(interviewer.page.getByTestId('panel.steps').locator('li[aria-current="step"]')).toContainText(
    'High-level design',
  );
  await reviewer.visit(board.reviewUrl);
  await expect(reviewer.page.getByTestId('replay')).toBeVisible();
  const request = interviewer.page.request;
  await expect.poll(async () => (await storedBoard(request, board.id)).getArray('framework').length).toBe(1);
  const before = await storedBoard(request, board.id);

  // The attacker: a plain WebSocket client with the candidate link (and, for the kinds the
  // interviewer may not write either, an interviewer session), one connection per kind.
  const session = await fetch(`${baseURL}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ secret: TEST_SECRET }),
  });
  const cookie = session.headers.get('set-cookie')!.split(';')[0]!;
  const token = new URL(board.candidateUrl).searchParams.get('token')!;
  const syncUrl = `${baseURL!.replace(/^http/, 'ws')}/sync/${board.id}`;
  const outcomes: Record<string, string> = {};
  for (const c of HOSTILE_CASES) {
    const update = hostileUpdate(c, before);
    outcomes[c.id] =
      c.as === 'candidate'
        ? await sendOnce(`${syncUrl}?token=${token}`, {}, update)
        : await sendOnce(syncUrl, { cookie }, update);
  }

  const refusedAsInvalid = Object.fromEntries(
    HOSTILE_CASES.map((c) => [c.id, expect.stringMatching(/^4400 invalid update:/)]),
  );
  expect.soft(outcomes, `every hostile socket closed with ${CloseCode.Malformed}`).toEqual(refusedAsInvalid);
  expect
    .soft(sameDocState(await storedBoard(request, board.id), before), 'the stored board is unchanged')
    .toBe(true);
  expect.soft(errors, 'console errors after the attack').toEqual([]);

  // Both pages still work: the interviewer draws, the reviewer sees it after a reload.
  await interviewer.expectConnected();
  await interviewer.drawRectangle({ x: 400, y: 300 }, { x: 560, y: 420 });
  await expect(interviewer.shapes).toHaveCount(1);
  await reviewer.page.reload();
  await expect(reviewer.page.getByTestId('replay')).toBeVisible();
  await expect(reviewer.shapes).toHaveCount(1);
  await interviewer.reload();
  await expect(interviewer.shapes).toHaveCount(1);
  expect(errors, 'console errors on either page').toEqual([]);
});
