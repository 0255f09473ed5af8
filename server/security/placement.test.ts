/**
 * What placing an update's items costs Yjs is bounded (docs/architecture.md, "Authority"): items
 * that all name one neighbour cost the square of their number, and an 80 KB update of them held
 * the server for seconds. Past the bound for one update: 4400 and nothing of it applied; past the
 * room's allowance: 1013 (a stale client may ask again). Either way the board goes on.
 */
import { describe, expect, it } from 'vitest';
import { CloseCode } from '../../lib/protocol';
import { encodeSyncUpdate } from '../../lib/wire';
import { MAX_PLACEMENT_STEPS } from '../../lib/board/authority';
import { readTldrawRecords } from '../../lib/board/schema';
import {
  connectProvider,
  createBoard,
  rawSocket,
  startTestServer,
  synced,
  waitFor,
} from '../testing/harness';
import { geoShape, putRecords } from '../testing/content';
import { concurrentAppends } from '../../lib/board/fixtures';
import { closedWithin, interviewerStillDraws, joined } from '../testing/probes';

const CLOSE_WAIT_MS = 5_000;

describe('placement work', () => {
  it(`refuses an update that would take more than ${MAX_PLACEMENT_STEPS} steps to place; the board goes on`, async () => {
    const server = await startTestServer();
    const board = await createBoard(server.url);
    const interviewer = connectProvider(server.url, board.id, { cookie: board.interviewer });
    await synced(interviewer);
    const hostile = rawSocket(server.url, board.id, { token: board.candidateToken });
    await joined(hostile);
    hostile.ws.send(
      encodeSyncUpdate(concurrentAppends(interviewer.doc, Math.ceil(Math.sqrt(MAX_PLACEMENT_STEPS)) + 1)),
    );
    expect(await closedWithin(hostile, CLOSE_WAIT_MS)).toEqual({
      code: CloseCode.Malformed,
      reason: `invalid update: placing it would take more than ${MAX_PLACEMENT_STEPS} steps`,
    });
    // Nothing of it applied; the interviewer still draws.
    const seen = await interviewerStillDraws(server.url, board.id, interviewer, board.candidateToken);
    expect(seen.filter((r) => r.typeName === 'shape')).toHaveLength(1);
  });

  it("closes with 1013 an update past the link's allowance; the updates before it stay, others go on", async () => {
    const server = await startTestServer({ placement: { burstSteps: 20_000, stepsPerSecond: 1 } });
    const board = await createBoard(server.url);
    const interviewer = connectProvider(server.url, board.id, { cookie: board.interviewer });
    await synced(interviewer);
    const base = interviewer.doc;
    const first = concurrentAppends(base, 100); // 100 x 100 steps: half the allowance
    const second = concurrentAppends(base, 100); // steps over the first's 100 too: 100 x 200
    const sender = rawSocket(server.url, board.id, { token: board.candidateToken });
    await joined(sender);
    sender.ws.send(encodeSyncUpdate(first));
    sender.ws.send(encodeSyncUpdate(second));
    expect(await closedWithin(sender, CLOSE_WAIT_MS)).toEqual({
      code: CloseCode.TryAgainLater,
      reason: 'too much placement work from this link or session; try again later',
    });
    await waitFor(
      () => readTldrawRecords(interviewer.doc).filter((r) => r.typeName === 'shape').length === 100,
      5_000,
      "the first update's shapes",
    );
    // The allowance is the link's: the interviewer still draws, and a fresh candidate sees it.
    await interviewerStillDraws(server.url, board.id, interviewer, board.candidateToken, 'shape:interviewer');
  });

  it('refuses updates past the structs a document may hold with 4413; a drag merged by Yjs does not count', async () => {
    const server = await startTestServer({ maxDocumentStructs: 200 });
    const board = await createBoard(server.url);
    const interviewer = connectProvider(server.url, board.id, { cookie: board.interviewer });
    await synced(interviewer);
    // One shape dragged 300 times: 300 updates, but Yjs merges the old positions as they go.
    const shape = geoShape({ id: 'shape:dragged' });
    for (let x = 0; x < 300; x++) putRecords(interviewer.doc, [{ ...shape, x }]);
    const candidate = connectProvider(server.url, board.id, { token: board.candidateToken });
    await synced(candidate);
    await waitFor(
      () => readTldrawRecords(candidate.doc).some((r) => r.id === shape.id && r.x === 299),
      5_000,
      'the last position',
    );
    // 250 shapes in one update: structs Yjs cannot merge (each its own author).
    const many = concurrentAppends(interviewer.doc, 250);
    const sender = rawSocket(server.url, board.id, { token: board.candidateToken });
    await joined(sender);
    sender.ws.send(encodeSyncUpdate(many));
    expect(await closedWithin(sender, CLOSE_WAIT_MS)).toEqual({
      code: CloseCode.DocumentTooLarge,
      reason: 'document is at its size limit',
    });
  });
});
