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
