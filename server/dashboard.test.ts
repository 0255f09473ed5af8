/**
 * The dashboard's rows (`GET /api/boards`): what a row takes from a board's document is kept until
 * the document changes, and its timing is computed at each request (server/documents.ts).
 */
import { describe, expect, it } from 'vitest';
import { BoardList } from '../lib/api';
import {
  connectProvider,
  createBoard,
  sendCommand,
  startTestServer,
  synced,
  waitFor,
} from './testing/harness';

describe('dashboard rows', () => {
  it('show a running clock as it is at each request, and a step change at once', async () => {
    const server = await startTestServer();
    const board = await createBoard(server.url);
    const other = await createBoard(server.url, 'Another board', board.interviewer);
    const interviewer = connectProvider(server.url, board.id, { cookie: board.interviewer });
    await synced(interviewer);
    const rows = async () => {
      const res = await fetch(`${server.url}/api/boards`, { headers: { cookie: board.interviewer } });
      return BoardList.parse(await res.json()).boards;
    };
    const row = async () => (await rows()).find((b) => b.id === board.id)!;
    expect(await row()).toMatchObject({ started: false, totalMs: 0, currentStep: 0 });

    sendCommand(interviewer, { type: 'clock', running: true });
    await waitFor(async () => (await row()).started, 5_000, 'the clock started');
    const first = (await row()).totalMs;
    // Nothing changes on the board meanwhile: the time still moves on.
    await waitFor(async () => (await row()).totalMs > first, 5_000, 'the clock moves on between requests');

    sendCommand(interviewer, { type: 'step', step: 1 });
    await waitFor(async () => (await row()).currentStep === 1, 5_000, 'the step change');
    expect((await rows()).find((b) => b.id === other.id)).toMatchObject({ started: false, totalMs: 0 });
  });
});
