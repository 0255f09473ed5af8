/**
 * What happens to a board while a connection's room is still loading applies to that connection
 * as to a joined one (docs/architecture.md, "Authority"). The loads are held at the store (a slow
 * disk), so the window that is a few milliseconds on a quiet machine stays open for the test.
 * Before the fix a socket was counted and reachable by board events only once its room loaded:
 * a link revoked meanwhile left it joined, an interview ended meanwhile left the candidate
 * writing, and more than sixteen sockets opened at once all passed the per-credential cap.
 */
import { describe, expect, it } from 'vitest';
import { CloseCode } from '../../lib/protocol';
import { MAX_SOCKETS_PER_CREDENTIAL } from '../sync/policy';
import { connectProvider, createBoard, rawSocket, waitFor } from '../testing/harness';
import { startFaultyServer } from '../testing/faultyStore';
import { geoShape, putRecords, shapeIds } from '../../lib/board/fixtures';
import { loadDocument } from '../documents';

/** The close a socket got, or null while it is open. */
function closeOf(socket: ReturnType<typeof rawSocket>): () => { code: number; reason: string } | null {
  let closed: { code: number; reason: string } | null = null;
  void socket.closed.then((c) => (closed = c));
  return () => closed;
}

const interviewerCall = (url: string, method: string, cookie: string) =>
  fetch(url, { method, headers: { cookie, origin: new URL(url).origin } });

describe('a connection whose room is still loading', () => {
  it('is closed by a link revoked meanwhile (4401 "link revoked")', async () => {
    const { server, faulty } = await startFaultyServer();
    const board = await createBoard(server.url);
    const release = faulty.holdLoads();
    const candidate = rawSocket(server.url, board.id, { token: board.candidateToken });
    const close = closeOf(candidate);
    await waitFor(() => faulty.loadsHeld > 0, 5_000, 'the room to start loading');
    const revoked = await interviewerCall(
      `${server.url}/api/boards/${board.id}/links/candidate`,
      'DELETE',
      board.interviewer,
    );
    expect(revoked.status).toBe(204);
    release();
    await waitFor(() => close() !== null, 5_000, 'the revoked socket to close');
    expect(close()).toEqual({ code: CloseCode.Unauthorized, reason: 'link revoked' });
  });

  it('is closed by a link revoked between its check and its tracking, read again once tracked', async () => {
    const { server, faulty } = await startFaultyServer();
    const board = await createBoard(server.url);
    // The link hash is read, then the link is revoked before the connection is tracked (here:
    // right after the read, without the revoke's event), so only the second read can catch it.
    const inner = faulty.store.getLinkHashes.bind(faulty.store);
    let revokeFirst = true;
    faulty.store.getLinkHashes = async (id) => {
      const hashes = await inner(id);
      if (revokeFirst) {
        revokeFirst = false;
        await faulty.store.replaceLinkHash(id, 'candidate', null, Date.now());
      }
      return hashes;
    };
    const close = closeOf(rawSocket(server.url, board.id, { token: board.candidateToken }));
    await waitFor(() => close() !== null, 5_000, 'the revoked socket to close');
    expect(close()).toEqual({ code: CloseCode.Unauthorized, reason: 'link revoked' });
  });

  it('is read-only once the interview ended meanwhile: what the candidate sends is not stored', async () => {
    const { server, faulty } = await startFaultyServer();
    const board = await createBoard(server.url);
    const release = faulty.holdLoads();
    const candidate = connectProvider(server.url, board.id, { token: board.candidateToken });
    await waitFor(() => faulty.loadsHeld > 0, 5_000, 'the room to start loading');
    const ended = interviewerCall(`${server.url}/api/boards/${board.id}/end`, 'POST', board.interviewer);
    await waitFor(
      async () => (await server.store.getBoard(board.id))?.status === 'ended',
      5_000,
      'the end stored',
    );
    release();
    expect((await ended).status).toBe(200);
    await waitFor(() => candidate.synced, 5_000, 'the candidate to sync');
    const interviewer = connectProvider(server.url, board.id, { cookie: board.interviewer });
    await waitFor(() => interviewer.synced, 5_000, 'the interviewer to sync');
    putRecords(candidate.doc, [geoShape({ id: 'shape:after-the-end' })]);
    putRecords(interviewer.doc, [geoShape({ id: 'shape:interviewer' })]);
    // Updates are handled in order per room: once the interviewer's arrives, the candidate's was judged.
    await waitFor(
      () => shapeIds(candidate.doc).includes('shape:interviewer'),
      5_000,
      "the interviewer's shape",
    );
    await server.rooms.withRoom(board.id, (room) => room.persisted());
    const stored = await loadDocument(server.store, board.id);
    expect(shapeIds(stored)).toEqual(['shape:interviewer']);
    stored.destroy();
  });

  it('is closed by the board deleted meanwhile (4404), and so is one admitted while the rows were deleted', async () => {
    const { server, faulty } = await startFaultyServer();
    const board = await createBoard(server.url);
    const release = faulty.holdLoads();
    const loading = closeOf(rawSocket(server.url, board.id, { token: board.candidateToken }));
    await waitFor(() => faulty.loadsHeld > 0, 5_000, 'the room to start loading');
    release();
    // While the rows are deleted, after the connections were closed, another socket is admitted:
    // it read the board while it still existed.
    const inner = faulty.store.deleteBoard.bind(faulty.store);
    const innerGetBoard = faulty.store.getBoard.bind(faulty.store);
    let reads = 0;
    faulty.store.getBoard = async (id) => {
      const found = await innerGetBoard(id);
      reads++;
      return found;
    };
    let late: (() => { code: number; reason: string } | null) | null = null;
    faulty.store.deleteBoard = async (id) => {
      reads = 0;
      late = closeOf(rawSocket(server.url, board.id, { token: board.candidateToken }));
      await waitFor(() => reads >= 2, 5_000, 'the late socket checked twice'); // admitted and tracked
      return inner(id);
    };
    const deleted = await interviewerCall(
      `${server.url}/api/boards/${board.id}`,
      'DELETE',
      board.interviewer,
    );
    expect(deleted.status).toBe(204);
    await waitFor(() => loading() !== null && late?.() != null, 5_000, 'both sockets to close');
    expect(loading()).toMatchObject({ code: CloseCode.NotFound });
    expect(late!()).toMatchObject({ code: CloseCode.NotFound });
  });

  it(`counts against the cap of ${MAX_SOCKETS_PER_CREDENTIAL} sockets per credential while it loads`, async () => {
    const { server, faulty } = await startFaultyServer();
    const board = await createBoard(server.url);
    const release = faulty.holdLoads();
    const sockets = Array.from({ length: MAX_SOCKETS_PER_CREDENTIAL + 3 }, () =>
      rawSocket(server.url, board.id, { token: board.candidateToken }),
    );
    const closes = sockets.map(closeOf);
    await waitFor(
      () => closes.filter((c) => c()?.code === CloseCode.TryAgainLater).length === 3,
      5_000,
      'three sockets over the cap refused while the room loads',
    );
    expect(closes.map((c) => c()?.reason).filter(Boolean)).toEqual(Array(3).fill('too many connections'));
    release();
    await Promise.all(sockets.map((s) => s.opened));
    await waitFor(() => server.rooms.size > 0, 5_000, 'the room loaded');
  });
});
