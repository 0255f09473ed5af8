import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import { test, expect, signInContext } from './support/fixtures';
import { BoardPage } from './support/BoardPage';
import { startServerProcess } from '../server/testing/process';
import { DATABASE_FILE, openSqliteStore } from '../server/storage/sqlite';
import { createSeedUpdate } from '../lib/board/seed';
import { embedShape, putRecords } from '../lib/board/fixtures';
import { randomId } from '../lib/ids';

test('an embed a board holds from before is shown as its address, and nothing loads from its host', async ({
  newActorContext,
}) => {
  // A board written before embeds were refused (the server now refuses them: server/security),
  // in a data directory of its own, served by a server of its own.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'boardroom-e2e-embed-'));
  const store = openSqliteStore(path.join(dataDir, DATABASE_FILE));
  const boardId = randomId(16);
  const doc = new Y.Doc();
  Y.applyUpdate(doc, createSeedUpdate());
  putRecords(doc, [embedShape('https://tracker.example/frame', { x: 200, y: 150 })]);
  await store.createBoard(
    { id: boardId, title: 'Board from before', prompt: '', createdAt: Date.now() },
    Y.encodeStateAsUpdate(doc),
    { candidate: null, reviewer: null },
  );
  await store.close();
  const server = await startServerProcess(dataDir);
  try {
    // The origin guard of this context fails the test on any request to tracker.example.
    const context = await newActorContext(server.url);
    await signInContext(context, server.url);
    const interviewer = new BoardPage(await context.newPage(), 'Ines Interviewer');
    await interviewer.open(`${server.url}/b/${boardId}`);

    const embed = interviewer.page.locator('.tl-shape[data-shape-type="embed"]');
    await expect(embed).toContainText('Embedded page (not loaded)');
    await expect(embed).toContainText('https://tracker.example/frame');
    await expect(interviewer.page.locator('iframe')).toHaveCount(0);

    // Nor can anyone add one: the main menu offers media, not embeds, and its shortcut does nothing.
    await interviewer.page.getByTestId('main-menu.button').click();
    await expect(interviewer.page.getByRole('menuitem', { name: /Upload media/ })).toBeVisible();
    await expect(interviewer.page.getByRole('menuitem', { name: /Insert embed/ })).toHaveCount(0);
    await interviewer.page.keyboard.press('Escape');
    await interviewer.page.locator('.tl-canvas').click({ position: { x: 40, y: 400 } });
    await interviewer.page.keyboard.press('ControlOrMeta+i');
    await expect(interviewer.page.getByRole('dialog')).toHaveCount(0);
    await context.close();
  } finally {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
