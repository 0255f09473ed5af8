import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext } from '@playwright/test';
import { test, expect, createBoardVia, signInContext, type E2EBoard } from './support/fixtures';
import { BoardPage, PAGE_LOAD_TIMEOUT } from './support/BoardPage';
import { startServerProcess, type ServerProcess } from '../server/testing/process';

/**
 * A session on a server process of its own (so the test can kill and restart it): a fresh data
 * directory, a board, the interviewer and the candidate on it, and an interviewer rectangle
 * both see. `run` gets them; the server and the directory are cleaned up afterwards.
 */
async function onOwnServer(
  newActorContext: (origin?: string) => Promise<BrowserContext>,
  port: number,
  title: string,
  run: (s: {
    server: () => ServerProcess;
    restart: () => Promise<void>;
    board: E2EBoard;
    interviewer: BoardPage;
    candidate: BoardPage;
    candidateContext: BrowserContext;
  }) => Promise<void>,
): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'boardroom-e2e-restart-'));
  let server: ServerProcess = await startServerProcess(dataDir, { port });
  try {
    const board = await createBoardVia(server.url, title);
    const interviewerContext = await newActorContext(server.url);
    await signInContext(interviewerContext, server.url);
    const interviewer = new BoardPage(await interviewerContext.newPage(), 'Ines');
    const candidateContext = await newActorContext(server.url);
    const candidate = new BoardPage(await candidateContext.newPage(), 'Cai');
    await interviewer.open(board.url);
    await candidate.open(board.candidateUrl);
    await interviewer.drawRectangle({ x: 300, y: 300 }, { x: 420, y: 380 });
    await expect(candidate.shapes).toHaveCount(1);
    await run({
      server: () => server,
      restart: async () => {
        server = await startServerProcess(dataDir, { port });
      },
      board,
      interviewer,
      candidate,
      candidateContext,
    });
  } finally {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

// These tests start, kill and restart server processes of their own and open their boards in fresh
// browsers on that server's origin: about 30 s on a quiet machine, so they get three times the
// usual timeout.
test('the board survives a server crash mid-session, and edits made meanwhile are merged', async ({
  newActorContext,
}, testInfo) => {
  test.slow();
  const port = 3400 + testInfo.workerIndex;
  await onOwnServer(newActorContext, port, 'Design a news feed', async (s) => {
    const { interviewer, candidate } = s;
    await s.server().stop('SIGKILL');
    await expect(candidate.connection).toHaveAttribute('data-state', /reconnecting|offline/);
    // Drawn while the server is down: kept in the tab, sent when it returns.
    await candidate.drawRectangle({ x: 600, y: 300 }, { x: 720, y: 380 });
    await expect(candidate.shapes).toHaveCount(2);

    await s.restart();
    await interviewer.expectConnected(PAGE_LOAD_TIMEOUT);
    await candidate.expectConnected(PAGE_LOAD_TIMEOUT);
    await expect(interviewer.shapes).toHaveCount(2);

    for (const actor of [interviewer, candidate]) {
      await actor.reload();
      await expect(actor.shapes).toHaveCount(2);
    }
  });
});

/** How many updates this page's browser keeps for a document in IndexedDB (0 when there is no copy). */
function localUpdates(actor: BoardPage, docId: string): Promise<number> {
  return actor.page.evaluate(async (name) => {
    if (!(await indexedDB.databases()).some((d) => d.name === name)) return 0;
    return new Promise<number>((resolve, reject) => {
      const open = indexedDB.open(name);
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const db = open.result;
        const count = db.transaction('updates', 'readonly').objectStore('updates').count();
        count.onsuccess = () => {
          db.close();
          resolve(count.result);
        };
      };
    });
  }, `boardroom:${docId}`);
}

test('a drawing made while the server is down survives closing the tab, and arrives when the board is reopened', async ({
  newActorContext,
}, testInfo) => {
  test.slow();
  const port = 3450 + testInfo.workerIndex;
  await onOwnServer(newActorContext, port, 'Design a chat app', async (s) => {
    const { board, interviewer, candidate } = s;
    await s.server().stop('SIGKILL');
    await expect(candidate.connection).toHaveAttribute('data-state', /reconnecting|offline/);
    const before = await localUpdates(candidate, board.id);
    await candidate.drawRectangle({ x: 600, y: 300 }, { x: 720, y: 380 });
    await expect(candidate.shapes).toHaveCount(2);
    await expect.poll(() => localUpdates(candidate, board.id)).toBeGreaterThan(before);
    await candidate.page.close(); // the only copy of that rectangle is now in the browser's storage

    await s.restart();
    await interviewer.expectConnected(PAGE_LOAD_TIMEOUT);
    await expect(interviewer.shapes).toHaveCount(1);

    const reopened = new BoardPage(await s.candidateContext.newPage(), 'Cai');
    await reopened.open(`${s.server().url}/b/${board.id}`); // the link's cookie is still in the browser
    await expect(reopened.shapes).toHaveCount(2);
    await expect(interviewer.shapes).toHaveCount(2);
  });
});
