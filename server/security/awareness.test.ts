/**
 * Issue 11, finding 6: presence cannot be forged or bloated. An awareness client id belongs to
 * the connection that first announced it in the room; states are small and carry a short name.
 * A violation closes the socket with 4400 "invalid awareness: ..." and nobody sees it.
 *
 * How "nobody sees it" is checked: the reviewer watches every presence change from the start;
 * after the attack the candidate renames itself (a valid change), and once the reviewer has that,
 * anything the server relayed before it has arrived too.
 */
import { describe, expect, it } from 'vitest';
import { CloseCode } from '../../lib/protocol';
import {
  connectProvider,
  createBoard,
  rawSocket,
  startTestServer,
  synced,
  waitFor,
} from '../testing/harness';
import { awarenessFrame, type AwarenessEntry } from '../testing/frames';
import { closedWithin, joined } from '../testing/probes';

const CLOSE_WAIT_MS = 4_000;
const INVALID_AWARENESS = { code: CloseCode.Malformed, reason: expect.stringMatching(/^invalid awareness:/) };

type Provider = ReturnType<typeof connectProvider>;

function nameOf(p: Provider, clientId: number): unknown {
  return (p.awareness.getStates().get(clientId) as { user?: { name?: unknown } } | undefined)?.user?.name;
}

/** A board with an interviewer, a candidate and a reviewer present; the reviewer records every name it ever sees. */
async function presentBoard() {
  const server = await startTestServer();
  const board = await createBoard(server.url);
  const interviewer = connectProvider(server.url, board.id, { cookie: board.interviewer });
  const candidate = connectProvider(server.url, board.id, { token: board.candidateToken });
  const reviewer = connectProvider(server.url, board.id, { token: board.reviewToken });
  await Promise.all([synced(interviewer), synced(candidate), synced(reviewer)]);
  const seenByReviewer: Array<{ clientId: number; name: unknown }> = [];
  reviewer.awareness.on('change', ({ added, updated }: { added: number[]; updated: number[] }) => {
    for (const id of [...added, ...updated])
      seenByReviewer.push({ clientId: id, name: nameOf(reviewer, id) });
  });
  interviewer.awareness.setLocalStateField('user', { id: 'ines', name: 'Ines Interviewer', color: '#d00' });
  candidate.awareness.setLocalStateField('user', { id: 'cai', name: 'Cai Candidate', color: '#0a0' });
  await waitFor(
    () =>
      nameOf(reviewer, interviewer.doc.clientID) === 'Ines Interviewer' &&
      nameOf(reviewer, candidate.doc.clientID) === 'Cai Candidate',
    5_000,
    'everyone present at the reviewer',
  );
  return { server, board, interviewer, candidate, reviewer, seenByReviewer };
}

/** The candidate renames itself (valid); resolves once the reviewer has it, so earlier relays have arrived. */
async function validPresenceChange(candidate: Provider, reviewer: Provider): Promise<void> {
  candidate.awareness.setLocalStateField('user', { id: 'cai', name: 'Cai C.', color: '#0a0' });
  await waitFor(
    () => nameOf(reviewer, candidate.doc.clientID) === 'Cai C.',
    5_000,
    "the candidate's valid presence change at the reviewer",
  );
}

describe('issue 11: presence belongs to its connection and is bounded (finding 6)', () => {
  it("refuses another connection's update of the interviewer's client id; the interviewer stays who they are", async () => {
    const { server, board, interviewer, candidate, reviewer, seenByReviewer } = await presentBoard();
    const victim = interviewer.doc.clientID;
    const clock = reviewer.awareness.meta.get(victim)!.clock;

    const hostile = rawSocket(server.url, board.id, { token: board.candidateToken });
    await joined(hostile);
    hostile.ws.send(
      awarenessFrame([
        {
          clientID: victim,
          clock: clock + 10,
          state: { user: { id: 'ines', name: 'Mallory', color: '#d00' } },
        },
      ]),
    );
    const hostileSocket = await closedWithin(hostile, CLOSE_WAIT_MS);
    await validPresenceChange(candidate, reviewer);

    expect({
      hostileSocket,
      interviewerNameAtReviewer: nameOf(reviewer, victim),
      interviewerNameAtCandidate: nameOf(candidate, victim),
      interviewerOwnName: nameOf(interviewer, victim),
      reviewerEverSawTheForgedName: seenByReviewer.some((s) => s.name === 'Mallory'),
    }).toEqual({
      hostileSocket: INVALID_AWARENESS,
      interviewerNameAtReviewer: 'Ines Interviewer',
      interviewerNameAtCandidate: 'Ines Interviewer',
      interviewerOwnName: 'Ines Interviewer',
      reviewerEverSawTheForgedName: false,
    });
  });

  const badStates: Array<[string, unknown]> = [
    ['a state whose JSON is over 8 KiB', { user: { id: 'm', name: 'Mallory' }, blob: 'x'.repeat(8 * 1024) }],
    ['a user.name of 41 characters', { user: { id: 'm', name: 'M'.repeat(41) } }],
    ['a user.name that is not a string', { user: { id: 'm', name: { first: 'Mallory' } } }],
  ];
  for (const [what, state] of badStates) {
    it(`refuses ${what}; nobody sees it`, async () => {
      const { server, board, candidate, reviewer, seenByReviewer } = await presentBoard();
      const mine: AwarenessEntry = { clientID: 0x5eed, clock: 1, state };

      const hostile = rawSocket(server.url, board.id, { token: board.candidateToken });
      await joined(hostile);
      hostile.ws.send(awarenessFrame([mine]));
      const hostileSocket = await closedWithin(hostile, CLOSE_WAIT_MS);
      await validPresenceChange(candidate, reviewer);

      expect({
        hostileSocket,
        reviewerSawTheState: seenByReviewer.some((s) => s.clientId === mine.clientID),
      }).toEqual({ hostileSocket: INVALID_AWARENESS, reviewerSawTheState: false });
    });
  }

  it('refuses one frame announcing more client ids than a connection may hold (16); nobody sees any', async () => {
    const { server, board, candidate, reviewer, seenByReviewer } = await presentBoard();
    const ids = Array.from({ length: 17 }, (_, i) => 0x7e000 + i);
    const hostile = rawSocket(server.url, board.id, { token: board.candidateToken });
    await joined(hostile);
    hostile.ws.send(
      awarenessFrame(
        ids.map((clientID) => ({
          clientID,
          clock: 1,
          state: { user: { id: 'm', name: 'Interviewer', color: '#d00' } },
        })),
      ),
    );
    const hostileSocket = await closedWithin(hostile, CLOSE_WAIT_MS);
    await validPresenceChange(candidate, reviewer);
    expect({
      hostileSocket,
      reviewerSawAny: seenByReviewer.some((s) => ids.includes(s.clientId)),
    }).toEqual({
      hostileSocket: { code: CloseCode.Malformed, reason: 'invalid awareness: too many client ids' },
      reviewerSawAny: false,
    });
  });

  it("drops removals of client ids nobody announced: the room's presence records do not grow", async () => {
    const { server, board, candidate, reviewer } = await presentBoard();
    const records = () => server.rooms.withRoom(board.id, (room) => room.awareness.meta.size);
    const before = await records();
    const hostile = rawSocket(server.url, board.id, { token: board.candidateToken });
    await joined(hostile);
    for (let frame = 0; frame < 5; frame++) {
      const ids = Array.from({ length: 2_000 }, (_, i) => 0x100000 + frame * 2_000 + i);
      hostile.ws.send(awarenessFrame(ids.map((clientID) => ({ clientID, clock: 1, state: null }))));
    }
    // A frame after them from the same socket, seen by the reviewer: the removals were read first.
    hostile.ws.send(
      awarenessFrame([
        { clientID: 0x5eed, clock: 1, state: { user: { id: 'h', name: 'Hal', color: '#00d' } } },
      ]),
    );
    await waitFor(() => nameOf(reviewer, 0x5eed) === 'Hal', 5_000, "the socket's own presence");
    await validPresenceChange(candidate, reviewer);
    expect(await records()).toBe(before + 1); // the one id it announced
  });
});
