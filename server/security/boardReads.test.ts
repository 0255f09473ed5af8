/**
 * Reading a whole board (summary, export, dashboard, the whole log, the board at a moment) holds its stored document, and its copy on
 * the read thread, until the read is answered: two reads run at once, 64 more wait, and the rest
 * get 503 (docs/architecture.md, "Storage"). Before, a burst of summaries of a board a candidate
 * grew to 64 MiB held one copy per request.
 */
import { describe, expect, it } from 'vitest';
import { createBoard, startTestServer, waitFor } from '../testing/harness';
import { storeWithHeldLoads } from '../testing/heldLoads';

describe('board reads', () => {
  it('two load at once, 64 wait their turn, the rest (logs and moments too) get 503 with Retry-After; then all are answered', async () => {
    // The seam: loading the board's document is held.
    const loads = storeWithHeldLoads();
    const server = await startTestServer({ reviewReadsPerMinute: 1_000 }, { store: loads.store });
    const board = await createBoard(server.url);
    const release = loads.hold(board.id);

    const url = `${server.url}/api/boards/${board.id}/summary.md`;
    const statuses: number[] = [];
    const refused: Array<{ retryAfter: string | null; body: unknown }> = [];
    const requests = Array.from({ length: 2 + 64 + 3 }, () =>
      fetch(url, { headers: { cookie: board.interviewer } }).then(async (res) => {
        statuses.push(res.status);
        if (res.status === 503)
          refused.push({ retryAfter: res.headers.get('retry-after'), body: await res.json() });
        else await res.arrayBuffer();
      }),
    );
    await waitFor(() => refused.length === 3, 10_000, 'three summaries turned away');
    expect(loads.waiting).toBe(2); // only two documents are being read; 64 requests hold nothing yet
    expect(refused).toEqual(
      Array(3).fill({
        retryAfter: '5',
        body: { error: 'the server is busy reading boards: try again in a few seconds' },
      }),
    );

    // A whole log and a board at a moment are whole-board reads too; following a live board is not.
    const asInterviewer = { headers: { cookie: board.interviewer } };
    const wholeLog = await fetch(`${server.url}/api/boards/${board.id}/log`, asInterviewer);
    const history = await fetch(
      `${server.url}/api/boards/${board.id}/history?at=${Date.now()}`,
      asInterviewer,
    );
    const follow = await fetch(`${server.url}/api/boards/${board.id}/log?after=0`, asInterviewer);
    await Promise.all([wholeLog, history, follow].map((r) => r.arrayBuffer()));
    expect({ wholeLog: wholeLog.status, history: history.status, follow: follow.status }).toEqual({
      wholeLog: 503,
      history: 503,
      follow: 200,
    });

    release();
    await Promise.all(requests);
    expect(statuses.filter((s) => s === 200)).toHaveLength(66);
    // Once the line is empty, reads go on.
    const after = await fetch(url, { headers: { cookie: board.interviewer } });
    expect(after.status).toBe(200);
    expect(await after.text()).toContain('Design a URL shortener');
  });
});
