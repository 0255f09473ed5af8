/**
 * Issue 11, findings 1, 5 and 8: the server is the only authority over what a board contains.
 * Each invalid kind of content, sent in a well-framed update by the role it is forbidden to,
 * closes the socket with 4400 "invalid update: ..." and leaves no trace: nothing stored, nothing
 * relayed, the room's document unchanged, and the board still opens everywhere.
 *
 * How "no trace" is checked: after the hostile update, a candidate makes one valid change (a
 * rectangle). The server stores, then relays, in order, so once the interviewer has the valid
 * change, anything the server did with the hostile update is visible too. Every copy of the
 * board (the interviewer's live one, a fresh client's, the stored log) must then equal the board
 * before the attack plus that one valid change.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '../../lib/protocol';
import { encodeSyncUpdate } from '../../lib/wire';
import { frameworkEvents, readTldrawRecords } from '../../lib/board/schema';
import {
  connectProvider,
  createBoard,
  rawSocket,
  startTestServer,
  synced,
  waitFor,
} from '../testing/harness';
import {
  appendStored,
  captureUpdate,
  cloneDoc,
  docFromUpdates,
  geoShape,
  hasNoPending,
  putRecords,
  sameDocState,
} from '../testing/content';
import { HOSTILE_CASES, hostileUpdate, serverStepEvent } from '../testing/hostile';
import { closedWithin, joined } from '../testing/probes';

/** How long the server gets to close a hostile socket (it answers in milliseconds when it does). */
const CLOSE_WAIT_MS = 4_000;

/** Compares a copy of the board with what it should hold. */
function verdict(doc: Y.Doc, expected: Y.Doc): string {
  if (sameDocState(doc, expected)) return 'old state + the valid change';
  if (!hasNoPending(doc)) return 'waits on missing dependencies';
  return 'holds (part of) the hostile update';
}

/** Resolves true once the provider synced, false after `ms`. */
async function syncsWithin(provider: Parameters<typeof synced>[0], ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((r) => (timer = setTimeout(() => r(false), ms)));
  const ok = await Promise.race([synced(provider).then(() => true), timeout]);
  clearTimeout(timer);
  return ok;
}

describe('issue 11: invalid content is refused, leaving no trace (findings 1, 5, 8)', () => {
  for (const c of HOSTILE_CASES) {
    it(`the ${c.as} sends ${c.title} (${c.finding === 'origin' ? 'no request leaves the origin' : `finding ${c.finding}`})`, async () => {
      const server = await startTestServer();
      const board = await createBoard(server.url);
      if (c.needsFrameworkEvent) {
        // The event the client deletes or edits; written as the server would stamp it.
        await appendStored(server.store, board.id, (d) => frameworkEvents(d).push([serverStepEvent(1)]));
      }
      const interviewer = connectProvider(server.url, board.id, { cookie: board.interviewer });
      const candidate = connectProvider(server.url, board.id, { token: board.candidateToken });
      await Promise.all([synced(interviewer), synced(candidate)]);
      const before = cloneDoc(interviewer.doc);

      const hostile = rawSocket(
        server.url,
        board.id,
        c.as === 'candidate' ? { token: board.candidateToken } : { cookie: board.interviewer },
      );
      await joined(hostile);
      hostile.ws.send(encodeSyncUpdate(hostileUpdate(c, before)));
      const hostileSocket = await closedWithin(hostile, CLOSE_WAIT_MS);

      const valid = geoShape({ x: 600, y: 400 });
      const validUpdate = captureUpdate(candidate.doc, (d) => putRecords(d, [valid]));
      await waitFor(
        () => readTldrawRecords(interviewer.doc).some((r) => r.id === valid.id),
        5_000,
        'a valid change made after the hostile one to reach the interviewer',
      );
      const expected = before; // the board before the attack, plus the valid change
      Y.applyUpdate(expected, validUpdate);

      const fresh = connectProvider(server.url, board.id, { token: board.reviewToken });
      const freshSyncs = await syncsWithin(fresh, 5_000);
      const stored = docFromUpdates((await server.store.readLog(board.id)).map((u) => u.bytes));
      const summary = await fetch(`${server.url}/api/boards/${board.id}/summary.md`, {
        headers: { cookie: board.interviewer },
      });
      const log = await fetch(`${server.url}/api/boards/${board.id}/log?token=${board.reviewToken}`);

      expect({
        hostileSocket,
        interviewerCopy: verdict(interviewer.doc, expected),
        freshClientCopy: freshSyncs ? verdict(fresh.doc, expected) : 'did not sync within 5 s',
        storedLog: verdict(stored, expected),
        summaryMdStatus: summary.status,
        logStatus: log.status,
      }).toEqual({
        hostileSocket: { code: CloseCode.Malformed, reason: expect.stringMatching(/^invalid update:/) },
        interviewerCopy: 'old state + the valid change',
        freshClientCopy: 'old state + the valid change',
        storedLog: 'old state + the valid change',
        summaryMdStatus: 200,
        logStatus: 200,
      });
    });
  }
});
