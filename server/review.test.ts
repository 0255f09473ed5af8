import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode, notesDocId } from '../lib/protocol';
import { addScopeItem } from '../lib/board/scope';
import { decodeLog } from '../lib/history';
import {
  connectProvider,
  createBoard,
  rawSocket,
  sendCommand,
  startTestServer,
  synced,
  tempDir,
  waitFor,
} from './testing/harness';
import { DATABASE_FILE } from './storage/sqlite';
import { BoardList } from '../lib/api';
import { geoShape, putRecords, shapeIds } from '../lib/board/fixtures';

const ada = { id: 'a', name: 'Ada' };
/** Reads of a board's record a minute, for tests that poll it (server/security/recordReads.test.ts tests the limit). */
const UNLIMITED = 1_000_000;

async function get(url: string, cookie?: string) {
  const res = await fetch(url, { headers: cookie ? { cookie } : {} });
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    bytes: new Uint8Array(await res.arrayBuffer()),
  };
}

async function storedCount(server: { store: { readLog(id: string): Promise<unknown[]> } }, id: string) {
  return (await server.store.readLog(id)).length;
}

describe('review endpoints', () => {
  it('history?at= rebuilds the board as it was then; the log replays it; access is interviewer or review link', async () => {
    const server = await startTestServer();
    const board = await createBoard(server.url);
    const client = connectProvider(server.url, board.id, { token: board.candidateToken });
    await synced(client);
    const before = Date.now() - 1;

    let n = await storedCount(server, board.id);
    putRecords(client.doc, [geoShape({ id: 'shape:first', x: 1 })]);
    await waitFor(async () => (await storedCount(server, board.id)) > n, 5_000, 'first stored');
    await new Promise((r) => setTimeout(r, 5)); // distinct server timestamps: time is the subject here
    const afterFirst = Date.now();
    await new Promise((r) => setTimeout(r, 5));
    n = await storedCount(server, board.id);
    putRecords(client.doc, [geoShape({ id: 'shape:second', x: 2 })]);
    await waitFor(async () => (await storedCount(server, board.id)) > n, 5_000, 'second stored');

    const history = (at: number, cookie = board.interviewer) =>
      get(`${server.url}/api/boards/${board.id}/history?at=${at}`, cookie);
    const stateAt = async (at: number) => {
      const res = await history(at);
      expect(res.status).toBe(200);
      expect(res.type).toBe('application/octet-stream');
      const doc = new Y.Doc();
      Y.applyUpdate(doc, res.bytes);
      return shapeIds(doc);
    };
    expect(await stateAt(0)).toEqual([]); // before the board existed: empty
    expect(await stateAt(before)).toEqual([]);
    expect(await stateAt(afterFirst)).toEqual(['shape:first']);
    expect(await stateAt(Date.now())).toEqual(['shape:first', 'shape:second']);

    const log = await get(`${server.url}/api/boards/${board.id}/log?token=${board.reviewToken}`);
    expect(log.status).toBe(200);
    const entries = decodeLog(log.bytes);
    expect(entries.length).toBeGreaterThanOrEqual(3);
    expect(entries.map((e) => e.at)).toEqual([...entries.map((e) => e.at)].sort((a, b) => a - b));

    expect(
      (await get(`${server.url}/api/boards/${board.id}/history?at=${Date.now()}&token=${board.reviewToken}`))
        .status,
    ).toBe(200);
    expect(
      (
        await get(
          `${server.url}/api/boards/${board.id}/history?at=${Date.now()}&token=${board.candidateToken}`,
        )
      ).status,
    ).toBe(403);
    expect((await get(`${server.url}/api/boards/${board.id}/history?at=${Date.now()}`)).status).toBe(401);
    expect((await history(Number.NaN)).status).toBe(400);
    expect((await get(`${server.url}/api/boards/${board.id}/history?at=-5`, board.interviewer)).status).toBe(
      400,
    );
    expect((await get(`${server.url}/api/boards/${board.id}/history`, board.interviewer)).status).toBe(400);
    const logQuery = (query: string) =>
      get(`${server.url}/api/boards/${board.id}/log?${query}`, board.interviewer);
    for (const bad of ['after=-1', 'after=x', 'after=', 'from=1&after=1', 'from=-1']) {
      expect((await logQuery(bad)).status, bad).toBe(400);
    }
    expect(decodeLog((await logQuery('after=0')).bytes)).toEqual(entries);
    expect(decodeLog((await logQuery('after=99999999')).bytes)).toEqual([]);
  });

  it('the log stamps every entry with the step and the actor as the server knew the connection', async () => {
    // It reads the whole log at every step of its waits: not the subject of the read limit here.
    const server = await startTestServer({ reviewReadsPerMinute: UNLIMITED });
    const board = await createBoard(server.url);
    const candidate = connectProvider(server.url, board.id, { token: board.candidateToken });
    const interviewer = connectProvider(server.url, board.id, { cookie: board.interviewer });
    await Promise.all([synced(candidate), synced(interviewer)]);
    // A name is announced (presence); the role is the credential's.
    candidate.awareness.setLocalStateField('user', { id: 'c', name: 'Cai', color: '#000000' });
    interviewer.awareness.setLocalStateField('user', { id: 'i', name: 'Ivy', color: '#111111' });
    const logOf = async () =>
      decodeLog((await get(`${server.url}/api/boards/${board.id}/log`, board.interviewer)).bytes);
    await waitFor(async () => {
      putRecords(candidate.doc, [geoShape({ id: 'shape:one', x: (await logOf()).length })]);
      return (await logOf()).some((e) => e.actor?.name === 'Cai');
    });
    sendCommand(interviewer, { type: 'step', step: 1 });
    await waitFor(async () => (await logOf()).some((e) => e.step === 1), 5_000, 'step stored');
    putRecords(candidate.doc, [geoShape({ id: 'shape:two', x: 2 })]);
    await waitFor(async () => (await logOf()).at(-1)?.actor?.name === 'Cai', 5_000, 'second shape');

    const entries = await logOf();
    expect(entries[0]).toMatchObject({ step: null, actor: null }); // the seed
    const cai = entries.filter((e) => e.actor?.name === 'Cai');
    expect(cai.every((e) => e.actor?.role === 'candidate')).toBe(true);
    expect(cai[0]!.step).toBe(0);
    expect(cai.at(-1)!.step).toBe(1);
    const moved = entries.find((e) => e.step === 1)!;
    expect(moved.actor).toEqual({ role: 'interviewer', name: 'Ivy' });
  });

  it('summary.md has the scope and step times, and the private notes only for interviewers', async () => {
    // It reads the summary at every step of a wait: not the subject of the read limit here.
    const server = await startTestServer({ reviewReadsPerMinute: UNLIMITED });
    const board = await createBoard(server.url, 'Design a chat service');
    const candidate = connectProvider(server.url, board.id, { token: board.candidateToken });
    const interviewer = connectProvider(server.url, board.id, { cookie: board.interviewer });
    const notes = connectProvider(server.url, notesDocId(board.id), { cookie: board.interviewer });
    await Promise.all([synced(candidate), synced(interviewer), synced(notes)]);
    candidate.awareness.setLocalStateField('user', { id: 'c', name: 'Cai Candidate', color: '#000000' });
    const t0 = Date.now();
    addScopeItem(candidate.doc, {
      kind: 'assumption',
      text: 'Assume 50M daily users',
      step: 0,
      by: ada,
      at: t0,
    });
    sendCommand(interviewer, { type: 'step', step: 1 });
    notes.doc.getMap('notes').set('overall', 'Clear thinker');
    await waitFor(async () => (await storedCount(server, notesDocId(board.id))) > 0, 5_000, 'notes stored');
    await waitFor(async () => {
      const res = await get(`${server.url}/api/boards/${board.id}/summary.md`, board.interviewer);
      return new TextDecoder().decode(res.bytes).includes('Assume 50M daily users');
    });

    const mine = await get(`${server.url}/api/boards/${board.id}/summary.md`, board.interviewer);
    expect(mine.type).toBe('text/markdown; charset=utf-8');
    const text = new TextDecoder().decode(mine.bytes);
    expect(text).toContain('# Design a chat service');
    expect(text).toContain('- Assume 50M daily users');
    expect(text).toMatch(/\| 1\. Understand the problem and scope \| \d+:\d\d \| 5 min \|/);
    expect(text).toMatch(/\| 2\. High-level design \| \d+:\d\d \| 15 min \|/);
    expect(text).toContain('Clear thinker');
    expect(text).toContain('Candidate: Cai Candidate');

    const review = new TextDecoder().decode(
      (await get(`${server.url}/api/boards/${board.id}/summary.md?token=${board.reviewToken}`)).bytes,
    );
    expect(review).toContain('Assume 50M daily users');
    expect(review).not.toContain('Clear thinker');
    expect(review).not.toContain('Interviewer notes');
    expect(
      (await get(`${server.url}/api/boards/${board.id}/summary.md?token=${board.candidateToken}`)).status,
    ).toBe(403);

    const list = BoardList.parse(
      JSON.parse(new TextDecoder().decode((await get(`${server.url}/api/boards`, board.interviewer)).bytes)),
    );
    expect(list.boards[0]).toMatchObject({ id: board.id, candidateName: 'Cai Candidate', currentStep: 1 });
  });

  it('deleting a board closes its connections and removes every stored byte of it', async () => {
    const dataDir = tempDir();
    const server = await startTestServer({ dataDir });
    const board = await createBoard(server.url, 'Board to forget');
    const keep = await createBoard(server.url, 'Board to keep', board.interviewer);
    const candidate = connectProvider(server.url, board.id, { token: board.candidateToken });
    await synced(candidate);
    const marker = 'UNIQUE-MARKER-' + 'x'.repeat(40);
    putRecords(candidate.doc, [geoShape({ id: 'shape:secret', text: marker })]);
    await waitFor(async () => (await storedCount(server, board.id)) > 1, 5_000, 'stored');
    const closed = new Promise<{ code: number }>((resolve) => candidate.on('closed', resolve));

    expect(
      (
        await fetch(`${server.url}/api/boards/${board.id}?token=${board.candidateToken}`, {
          method: 'DELETE',
        })
      ).status,
    ).toBe(403);
    const del = await fetch(`${server.url}/api/boards/${board.id}`, {
      method: 'DELETE',
      headers: { cookie: board.interviewer },
    });
    expect(del.status).toBe(204);
    expect((await closed).code).toBe(CloseCode.NotFound);
    expect((await get(`${server.url}/api/boards/${board.id}`, board.interviewer)).status).toBe(404);
    const again = rawSocket(server.url, board.id, { cookie: board.interviewer });
    expect((await again.closed).code).toBe(CloseCode.NotFound);
    expect((await get(`${server.url}/api/boards/${keep.id}`, board.interviewer)).status).toBe(200);

    await server.close();
    const files = fs.readdirSync(dataDir).filter((f) => f.startsWith(DATABASE_FILE));
    const bytes = Buffer.concat(files.map((f) => fs.readFileSync(path.join(dataDir, f))));
    expect(bytes.includes(Buffer.from(marker))).toBe(false);
    expect(bytes.includes(Buffer.from('Board to forget'))).toBe(false);
    expect(bytes.includes(Buffer.from('Board to keep'))).toBe(true);
  });
});
