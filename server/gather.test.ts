/**
 * "Bring everyone to me" (issue 12): the interviewer's presence carries `gather`, and everyone else
 * starts following them when it changes. Only an interviewer's connection may publish it: anyone
 * else's attempt closes the socket with 4400 and nobody sees it (docs/architecture.md, "Authority").
 */
import { describe, expect, it } from 'vitest';
import { CloseCode } from '../lib/protocol';
import { connectProvider, createBoard, rawSocket, startTestServer, synced, waitFor } from './testing/harness';
import { awarenessFrame } from './testing/frames';
import { closedWithin, joined } from './testing/probes';

const CLOSE_WAIT_MS = 4_000;

type Provider = ReturnType<typeof connectProvider>;

function stateOf(p: Provider, clientId: number): { gather?: unknown; user?: { name?: unknown } } | undefined {
  return p.awareness.getStates().get(clientId) as { gather?: unknown; user?: { name?: unknown } } | undefined;
}

/** A board with an interviewer, a candidate and a reviewer present; the reviewer records every gather it sees. */
async function presentBoard() {
  const server = await startTestServer();
  const board = await createBoard(server.url);
  const interviewer = connectProvider(server.url, board.id, { cookie: board.interviewer });
  const candidate = connectProvider(server.url, board.id, { token: board.candidateToken });
  const reviewer = connectProvider(server.url, board.id, { token: board.reviewToken });
  await Promise.all([synced(interviewer), synced(candidate), synced(reviewer)]);
  const gathersSeen: Array<{ clientId: number; gather: unknown }> = [];
  reviewer.awareness.on('change', ({ added, updated }: { added: number[]; updated: number[] }) => {
    for (const id of [...added, ...updated]) {
      const gather = stateOf(reviewer, id)?.gather;
      if (gather !== undefined) gathersSeen.push({ clientId: id, gather });
    }
  });
  interviewer.awareness.setLocalStateField('user', { id: 'ines', name: 'Ines Interviewer', color: '#d00' });
  candidate.awareness.setLocalStateField('user', { id: 'cai', name: 'Cai Candidate', color: '#0a0' });
  await waitFor(
    () =>
      stateOf(reviewer, interviewer.doc.clientID)?.user?.name === 'Ines Interviewer' &&
      stateOf(reviewer, candidate.doc.clientID)?.user?.name === 'Cai Candidate',
    5_000,
    'everyone present at the reviewer',
  );
  return { server, board, interviewer, candidate, reviewer, gathersSeen };
}

describe('"Bring everyone to me" is the interviewer\'s alone', () => {
  it("relays the interviewer's gather to everyone; their echoes of it are not refused", async () => {
    const { interviewer, candidate, reviewer } = await presentBoard();
    const id = interviewer.doc.clientID;
    interviewer.awareness.setLocalStateField('gather', 1_700_000_000_000);
    await waitFor(
      () =>
        stateOf(candidate, id)?.gather === 1_700_000_000_000 &&
        stateOf(reviewer, id)?.gather === 1_700_000_000_000,
      5_000,
      "the interviewer's gather at the candidate and the reviewer",
    );
    // The candidate's client echoes the interviewer's state (y-websocket does); it stays connected
    // and its own changes still go through.
    candidate.awareness.setLocalStateField('user', { id: 'cai', name: 'Cai C.', color: '#0a0' });
    await waitFor(
      () => stateOf(reviewer, candidate.doc.clientID)?.user?.name === 'Cai C.',
      5_000,
      "the candidate's change at the reviewer",
    );
    expect({ candidate: candidate.wsconnected, interviewer: interviewer.wsconnected }).toEqual({
      candidate: true,
      interviewer: true,
    });
  });

  for (const role of ['candidate', 'reviewer'] as const) {
    it(`refuses a ${role}'s gather (4400); nobody sees it`, async () => {
      const { server, board, candidate, reviewer, gathersSeen } = await presentBoard();
      const token = role === 'candidate' ? board.candidateToken : board.reviewToken;
      const hostile = rawSocket(server.url, board.id, { token });
      await joined(hostile);
      hostile.ws.send(
        awarenessFrame([
          {
            clientID: 0x6a7,
            clock: 1,
            state: { user: { id: 'mallory', name: 'Mallory', color: '#123456' }, gather: 42 },
          },
        ]),
      );
      const closed = await closedWithin(hostile, CLOSE_WAIT_MS);
      // A valid change after it: once the reviewer has that, anything relayed before has arrived.
      candidate.awareness.setLocalStateField('user', { id: 'cai', name: 'Cai C.', color: '#0a0' });
      await waitFor(
        () => stateOf(reviewer, candidate.doc.clientID)?.user?.name === 'Cai C.',
        5_000,
        "the candidate's valid change at the reviewer",
      );
      expect({ closed, gathersSeen, mallory: stateOf(reviewer, 0x6a7) ?? null }).toEqual({
        closed: {
          code: CloseCode.Malformed,
          reason: 'invalid awareness: only the interviewer may bring everyone to them',
        },
        gathersSeen: [],
        mallory: null,
      });
    });
  }
});
