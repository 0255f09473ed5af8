/**
 * Issue 11, finding 11: a storage failure closes the board's connections (1013, clients retry)
 * and, once storage works again, the board opens again, without a restart. Before the fix the
 * failed write never ran the callbacks waiting for it, so unloading the room waited forever and
 * every later connection to the board waited on the unload.
 */
import { describe, expect, it } from 'vitest';
import { CloseCode } from '../../lib/protocol';
import { connectProvider, createBoard, synced, waitFor } from '../testing/harness';
import { startFaultyServer } from '../testing/faultyStore';
import { geoShape, putRecords } from '../testing/content';

type Provider = ReturnType<typeof connectProvider>;

/** Records the provider's first close code and stops it from reconnecting. */
function firstClose(p: Provider): () => number | 'still open' {
  let code: number | 'still open' = 'still open';
  p.on('connection-close', (event: CloseEvent | null) => {
    if (code !== 'still open') return;
    code = event?.code ?? -1;
    p.disconnect();
  });
  return () => code;
}

describe('issue 11: a storage failure does not leave a board unreachable (finding 11)', () => {
  it('closes the connected clients with 1013; once storage recovers a new connection syncs within 5 s', async () => {
    const { server, faulty } = await startFaultyServer();
    const board = await createBoard(server.url);
    const a = connectProvider(server.url, board.id, { token: board.candidateToken });
    const b = connectProvider(server.url, board.id, { token: board.candidateToken });
    await Promise.all([synced(a), synced(b)]);
    const aClose = firstClose(a);
    const bClose = firstClose(b);

    faulty.failAppends(100);
    // Two writes in flight when the disk fails: the first failure starts unloading the room, which
    // waits for the second; with one write in flight the bug does not show.
    putRecords(a.doc, [geoShape({ x: 100 })]);
    putRecords(a.doc, [geoShape({ x: 200 })]);
    await waitFor(() => aClose() !== 'still open' && bClose() !== 'still open', 5_000, 'both clients closed');
    await waitFor(() => faulty.failedAppends > 0, 5_000, 'the failed append');
    faulty.recover();

    const later = connectProvider(server.url, board.id, { cookie: board.interviewer });
    const syncedLater = await waitFor(() => later.synced, 5_000, 'a new connection to sync').then(
      () => 'synced within 5 s',
      () => 'did not sync within 5 s',
    );

    expect({ a: aClose(), b: bClose(), newConnection: syncedLater }).toEqual({
      a: CloseCode.TryAgainLater,
      b: CloseCode.TryAgainLater,
      newConnection: 'synced within 5 s',
    });
  });
});
