/**
 * Who runs the interview, enforced by the server: steps and the clock are framework events only
 * the server writes, from commands it accepts from the interviewer alone; a candidate may only
 * ask to move on. A refused command closes the socket with 4403 and its reason, writes nothing,
 * and the board goes on for everyone else.
 */
import { describe, expect, it } from 'vitest';
import { CloseCode, type Command } from '../../lib/protocol';
import { encodeCommand } from '../../lib/wire';
import { readFrameworkEvents } from '../../lib/board/framework';
import {
  connectProvider,
  createBoard,
  rawSocket,
  sendCommand,
  startTestServer,
  synced,
  waitFor,
} from '../testing/harness';
import { closedWithin, joined } from '../testing/probes';

const CLOSE_WAIT_MS = 5_000;

const refused: { as: 'candidate' | 'reviewer' | 'interviewer'; command: Command; reason: string }[] = [
  { as: 'candidate', command: { type: 'step', step: 2 }, reason: 'only the interviewer runs the interview' },
  {
    as: 'candidate',
    command: { type: 'clock', running: true },
    reason: 'only the interviewer runs the interview',
  },
  {
    as: 'reviewer',
    command: { type: 'clock', running: true },
    reason: 'only the interviewer runs the interview',
  },
  {
    as: 'reviewer',
    command: { type: 'request-step', step: 1 },
    reason: 'only the candidate asks to move on',
  },
  {
    as: 'interviewer',
    command: { type: 'request-step', step: 1 },
    reason: 'only the candidate asks to move on',
  },
];

describe('commands: who runs the interview', () => {
  for (const c of refused) {
    it(`refuses the ${c.as}'s ${c.command.type} command with 4403, and writes nothing`, async () => {
      const server = await startTestServer();
      const board = await createBoard(server.url);
      const interviewer = connectProvider(server.url, board.id, { cookie: board.interviewer });
      await synced(interviewer);
      const logBefore = (await server.store.readLog(board.id)).length;

      const creds =
        c.as === 'candidate'
          ? { token: board.candidateToken }
          : c.as === 'reviewer'
            ? { token: board.reviewToken }
            : { cookie: board.interviewer };
      const sender = rawSocket(server.url, board.id, creds);
      await joined(sender);
      sender.ws.send(encodeCommand(c.command));
      expect(await closedWithin(sender, CLOSE_WAIT_MS)).toEqual({
        code: CloseCode.Forbidden,
        reason: c.reason,
      });

      // The interviewer's own command still works, and is the only event written.
      sendCommand(interviewer, { type: 'step', step: 1 });
      await waitFor(() => readFrameworkEvents(interviewer.doc).length > 0, 5_000, "the interviewer's step");
      expect(readFrameworkEvents(interviewer.doc).map((e) => [e.type, e.by.role])).toEqual([
        ['step', 'interviewer'],
      ]);
      expect((await server.store.readLog(board.id)).length).toBe(logBefore + 1);
    });
  }

  it("accepts the candidate's request to move on, stamped as the candidate's", async () => {
    const server = await startTestServer();
    const board = await createBoard(server.url);
    const candidate = connectProvider(server.url, board.id, { token: board.candidateToken });
    await synced(candidate);
    sendCommand(candidate, { type: 'request-step', step: 1 });
    await waitFor(() => readFrameworkEvents(candidate.doc).length > 0, 5_000, 'the request');
    expect(readFrameworkEvents(candidate.doc)).toMatchObject([
      { type: 'request', step: 1, by: { role: 'candidate' } },
    ]);
  });

  it('stores one request to move on per board every 5 s: a candidate alternating two steps cannot flood the record', async () => {
    const server = await startTestServer();
    const board = await createBoard(server.url);
    const interviewer = connectProvider(server.url, board.id, { cookie: board.interviewer });
    const candidate = connectProvider(server.url, board.id, { token: board.candidateToken });
    const second = rawSocket(server.url, board.id, { token: board.candidateToken }); // another tab
    await Promise.all([synced(interviewer), synced(candidate), joined(second)]);
    // A request for the step already reached changes nothing, and does not hold back the next.
    sendCommand(candidate, { type: 'request-step', step: 0 });
    for (let i = 0; i < 200; i++) {
      sendCommand(candidate, { type: 'request-step', step: 2 + (i % 2) });
      second.ws.send(encodeCommand({ type: 'request-step', step: 3 - (i % 2) }));
    }
    // The interviewer's command after them, once applied, means every request before it was handled.
    sendCommand(interviewer, { type: 'clock', running: true });
    await waitFor(
      () => readFrameworkEvents(interviewer.doc).some((e) => e.type === 'clock'),
      5_000,
      "the interviewer's command",
    );
    const requests = readFrameworkEvents(interviewer.doc).filter((e) => e.type === 'request');
    expect(requests).toHaveLength(1);
    expect([candidate.wsconnected, second.ws.readyState]).toEqual([true, 1]); // dropped, not refused: a tab may repeat itself
  });
});
