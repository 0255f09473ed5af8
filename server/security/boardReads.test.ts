/**
 * Reading a whole board (summary, export, dashboard, the whole log, the board at a moment) holds its stored document, and its copy on
 * the read thread, until the read is answered: two reads run at once, 64 more wait, and the rest
 * get 503 (docs/architecture.md, "Storage"). Before, a burst of summaries of a board a candidate
 * grew to 64 MiB held one copy per request.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../storage/sqlite';
import { createBoard, startTestServer, tempDir, waitFor } from '../testing/harness';

describe('board reads', () => {
  it('two load at once, 64 wait their turn, the rest (logs and moments too) get 503 with Retry-After; then all are answered', async () => {
    // The seam: loading the board's document waits while `gate` is set.
    const stored = openSqliteStore(path.join(tempDir(), 'boardroom.db'));
    let gate: Promise<void> | null = null;
    let loading = 0;
    let boardId = '';
    const store = new Proxy(stored, {
      get(target, key, receiver) {
        if (key === 'loadDoc')
          return async (docId: string) => {
            if (gate && docId === boardId) {
              loading++;
              await gate;
            }
            return target.loadDoc(docId);
          };
        const value: unknown = Reflect.get(target, key, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const server = await startTestServer({ reviewReadsPerMinute: 1_000 }, { store });
    const board = await createBoard(server.url);
    boardId = board.id;
    let open!: () => void;
    gate = new Promise<void>((resolve) => (open = resolve));

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
    expect(loading).toBe(2); // only two documents are being read; 64 requests hold nothing yet
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

    gate = null;
    open();
    await Promise.all(requests);
    expect(statuses.filter((s) => s === 200)).toHaveLength(66);
    // Once the line is empty, reads go on.
    const after = await fetch(url, { headers: { cookie: board.interviewer } });
    expect(after.status).toBe(200);
    expect(await after.text()).toContain('Design a URL shortener');
  });
});
