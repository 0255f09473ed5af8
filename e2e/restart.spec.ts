import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect, createBoardVia, signInContext } from './support/fixtures';
import { BoardPage } from './support/BoardPage';
import { startServerProcess, type ServerProcess } from '../server/testing/process';

test('the board survives a server crash mid-session, and edits made meanwhile are merged', async ({
  newActorContext,
}, testInfo) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'boardroom-e2e-restart-'));
  const port = 3400 + testInfo.workerIndex;
  let server: ServerProcess = await startServerProcess(dataDir, { port });
  try {
    const board = await createBoardVia(server.url, 'Design a news feed');
    const interviewerContext = await newActorContext(server.url);
    await signInContext(interviewerContext, server.url);
    const interviewer = new BoardPage(await interviewerContext.newPage(), 'Ines');
    const candidate = new BoardPage(await (await newActorContext(server.url)).newPage(), 'Cai');
    await interviewer.open(board.url);
    await candidate.open(board.candidateUrl);

    await interviewer.drawRectangle({ x: 300, y: 300 }, { x: 420, y: 380 });
    await expect(candidate.shapes).toHaveCount(1);

    await server.stop('SIGKILL');
    await expect(candidate.connection).toHaveAttribute('data-state', /reconnecting|offline/);
    // Drawn while the server is down: kept in the tab, sent when it returns.
    await candidate.drawRectangle({ x: 600, y: 300 }, { x: 720, y: 380 });
    await expect(candidate.shapes).toHaveCount(2);

    server = await startServerProcess(dataDir, { port });
    await interviewer.expectConnected();
    await candidate.expectConnected();
    await expect(interviewer.shapes).toHaveCount(2);

    for (const actor of [interviewer, candidate]) {
      await actor.page.reload();
      await actor.expectConnected();
      await expect(actor.shapes).toHaveCount(2);
    }
  } finally {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
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
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'boardroom-e2e-offline-'));
  const port = 3450 + testInfo.workerIndex;
  let server: ServerProcess = await startServerProcess(dataDir, { port });
  try {
    const board = await createBoardVia(server.url, 'Design a chat app');
    const interviewerContext = await newActorContext(server.url);
    await signInContext(interviewerContext, server.url);
    const interviewer = new BoardPage(await interviewerContext.newPage(), 'Ines');
    const candidateContext = await newActorContext(server.url);
    const candidate = new BoardPage(await candidateContext.newPage(), 'Cai');
    await interviewer.open(board.url);
    await candidate.open(board.candidateUrl);
    await interviewer.drawRectangle({ x: 300, y: 300 }, { x: 420, y: 380 });
    await expect(candidate.shapes).toHaveCount(1);

    await server.stop('SIGKILL');
    await expect(candidate.connection).toHaveAttribute('data-state', /reconnecting|offline/);
    const before = await localUpdates(candidate, board.id);
    await candidate.drawRectangle({ x: 600, y: 300 }, { x: 720, y: 380 });
    await expect(candidate.shapes).toHaveCount(2);
    await expect.poll(() => localUpdates(candidate, board.id)).toBeGreaterThan(before);
    await candidate.page.close(); // the only copy of that rectangle is now in the browser's storage

    server = await startServerProcess(dataDir, { port });
    await interviewer.expectConnected();
    await expect(interviewer.shapes).toHaveCount(1);

    const reopened = new BoardPage(await candidateContext.newPage(), 'Cai');
    await reopened.open(`${server.url}/b/${board.id}`); // the link's cookie is still in the browser
    await expect(reopened.shapes).toHaveCount(2);
    await expect(interviewer.shapes).toHaveCount(2);
  } finally {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
