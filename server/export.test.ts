import { monitorEventLoopDelay } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { unzipSync } from 'fflate';
import { Resvg } from '@resvg/resvg-js';
import { parseTldrawJsonFile } from 'tldraw';
import {
  connectProvider,
  createBoard,
  startTestServer,
  synced,
  waitFor,
  type TestBoard,
} from './testing/harness';
import { PNG_SIGNATURE } from './testing/png';
import {
  arrowBetween,
  componentShape,
  drawShape,
  frameShape,
  geoShape,
  lineShape,
  noteShape,
  putRecords,
  textShape,
} from '../lib/board/fixtures';
import { addScopeItem } from '../lib/board/scope';
import { createBoardTLSchema } from '../lib/board/tldrawSchema';
import type { RecordJson } from '../lib/board/schema';
import type { BoardroomServer } from './app';
import { storeWithHeldLoads } from './testing/heldLoads';

async function get(url: string, cookie?: string) {
  const res = await fetch(url, { headers: cookie ? { cookie } : {} });
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    disposition: res.headers.get('content-disposition'),
    bytes: new Uint8Array(await res.arrayBuffer()),
  };
}

/** Writes records as the candidate and waits until the server has stored them. */
async function draw(server: BoardroomServer, board: TestBoard, records: RecordJson[]) {
  const client = connectProvider(server.url, board.id, { token: board.candidateToken });
  await synced(client);
  const before = (await server.store.readLog(board.id)).length;
  putRecords(client.doc, records);
  await waitFor(async () => (await server.store.readLog(board.id)).length > before, 10_000, 'records stored');
  return client;
}

function pngSize(png: Uint8Array): { w: number; h: number } {
  const view = Buffer.from(png);
  return { w: view.readUInt32BE(16), h: view.readUInt32BE(20) };
}

const SHAPES: RecordJson[] = [
  componentShape('client', 'Mobile app', { id: 'shape:client', x: 0, y: 0 }),
  componentShape('load-balancer', 'Edge balancer', {
    id: 'shape:lb',
    x: 260,
    y: 0,
    props: { replicas: 3, tech: 'Envoy', capacity: '40k QPS' },
  }),
  componentShape('nosql-db', 'Link store', {
    id: 'shape:db',
    x: 520,
    y: 0,
    props: { estimate: 'storage 12 TB' },
  }),
  ...arrowBetween('shape:client', 'shape:lb', { id: 'shape:a1', text: 'HTTPS requests' }),
  ...arrowBetween('shape:lb', 'shape:db', { id: 'shape:a2', props: { color: 'red', bend: 30 } }),
  geoShape({
    id: 'shape:geo',
    x: 0,
    y: 200,
    text: 'Cache & <warm> "keys"',
    props: { fill: 'solid', color: 'blue', w: 320 },
  }),
  noteShape('Shard hot keys', { id: 'shape:note', x: 200, y: 200 }),
  textShape('Read-heavy: 100:1', { id: 'shape:text', x: 450, y: 220 }),
  frameShape('Deep dive', { id: 'shape:frame', x: 0, y: 450 }),
  {
    ...geoShape({ id: 'shape:inner', x: 20, y: 20, text: 'Inside the frame', props: { w: 260 } }),
    parentId: 'shape:frame',
  },
  drawShape(
    [
      { x: 0, y: 0 },
      { x: 30, y: 40 },
      { x: 60, y: 10 },
    ],
    { id: 'shape:draw', x: 400, y: 450 },
  ),
  lineShape(
    [
      { x: 0, y: 0 },
      { x: 120, y: 60 },
    ],
    { id: 'shape:line', x: 500, y: 450 },
  ),
];

describe('GET /api/boards/<id>/export.zip', () => {
  it('bundles summary.md, board.svg, board.png and board.tldr of the final board', async () => {
    const server = await startTestServer();
    const board = await createBoard(server.url, 'Design a URL shortener');
    const client = await draw(server, board, SHAPES);
    addScopeItem(client.doc, {
      kind: 'assumption',
      text: 'Assume 100M links a month',
      step: 0,
      by: { id: 'c', name: 'Cai' },
      at: Date.now(),
    });
    await waitFor(async () => {
      const res = await get(`${server.url}/api/boards/${board.id}/summary.md`, board.interviewer);
      return new TextDecoder().decode(res.bytes).includes('Assume 100M links a month');
    });

    const res = await get(`${server.url}/api/boards/${board.id}/export.zip`, board.interviewer);
    expect(res.status).toBe(200);
    expect(res.type).toBe('application/zip');
    expect(res.disposition).toContain('.zip');
    const files = unzipSync(res.bytes);
    expect(Object.keys(files).sort()).toEqual(['board.png', 'board.svg', 'board.tldr', 'summary.md']);
    const text = (name: string) => new TextDecoder().decode(files[name]);

    const summary = text('summary.md');
    expect(summary).toContain('# Design a URL shortener');
    expect(summary).toContain('Assume 100M links a month');
    expect(summary).toContain('![The board](board.svg)');

    // The SVG is well-formed XML (resvg's parser is strict) and holds every label, escaped.
    const svg = text('board.svg');
    const parsed = new Resvg(svg, { font: { loadSystemFonts: false } });
    expect(parsed.width).toBeGreaterThan(600);
    expect(parsed.height).toBeGreaterThan(500);
    for (const label of [
      'Mobile app',
      'Edge balancer',
      'Envoy · 40k QPS',
      '≈ storage 12 TB',
      'Link store',
      'HTTPS requests',
      'Cache &amp; &lt;warm&gt; &quot;keys&quot;',
      'Shard hot keys',
      'Read-heavy: 100:1',
      'Deep dive',
      'Inside the frame',
      '×3',
    ]) {
      expect(svg).toContain(label);
    }
    for (const id of ['shape:client', 'shape:a1', 'shape:a2', 'shape:draw', 'shape:line', 'shape:inner'])
      expect(svg).toContain(`data-shape="${id}"`);
    expect(svg).toContain('#e03131'); // the red arrow keeps its colour

    // The PNG: a real PNG, twice the SVG's size (under the 2,400 px cap).
    const png = files['board.png']!;
    expect(Buffer.from(png.subarray(0, 8))).toEqual(PNG_SIGNATURE);
    const size = pngSize(png);
    expect(size.w).toBe(Math.round(parsed.width * 2));
    expect(size.h).toBe(Math.round(parsed.height * 2));
    expect(Math.max(size.w, size.h)).toBeLessThanOrEqual(2_400);

    // The .tldr opens with tldraw's own file parser and our schema.
    const opened = parseTldrawJsonFile({ json: text('board.tldr'), schema: createBoardTLSchema() });
    expect(opened.ok).toBe(true);
    if (opened.ok) {
      const shapes = opened.value.allRecords().filter((r) => r.typeName === 'shape');
      expect(shapes.map((s) => s.id).sort()).toEqual(
        SHAPES.filter((r) => r.typeName === 'shape')
          .map((r) => r.id)
          .sort(),
      );
      expect(opened.value.allRecords().filter((r) => r.typeName === 'binding')).toHaveLength(4);
    }
  });

  it('answers the interviewer and the review link; a candidate 403, nobody 401, an unknown board 404', async () => {
    const server = await startTestServer();
    const board = await createBoard(server.url);
    const url = `${server.url}/api/boards/${board.id}/export.zip`;
    const review = await get(`${url}?token=${board.reviewToken}`);
    expect(review.status).toBe(200);
    // An empty board still gives four files; its picture says so.
    const files = unzipSync(review.bytes);
    expect(Object.keys(files).sort()).toEqual(['board.png', 'board.svg', 'board.tldr', 'summary.md']);
    expect(new TextDecoder().decode(files['board.svg'])).toContain('Nothing on the canvas');
    // The review link never gets the interviewer's private notes.
    expect(new TextDecoder().decode(files['summary.md'])).not.toContain('Interviewer notes');
    expect(
      new TextDecoder().decode(unzipSync((await get(url, board.interviewer)).bytes)['summary.md']),
    ).toContain('Interviewer notes (private)');

    const candidate = await get(`${url}?token=${board.candidateToken}`);
    expect(candidate.status).toBe(403);
    expect(JSON.parse(new TextDecoder().decode(candidate.bytes))).toEqual({
      error: 'not allowed for the candidate role',
    });
    expect((await get(url)).status).toBe(401);
    expect((await get(`${url}?token=${'x'.repeat(43)}`)).status).toBe(401);
    expect(
      (await get(`${server.url}/api/boards/${'a'.repeat(22)}/export.zip`, board.interviewer)).status,
    ).toBe(404);
    const post = await fetch(url, { method: 'POST', headers: { cookie: board.interviewer } });
    expect(post.status).toBe(405);
  });

  it('past one running and four waiting bundles, the next request gets 503 with Retry-After', async () => {
    // The seam: loading the board's document (the first step of a bundle) is held, so the first
    // request holds its turn until every other one has been answered or queued. (The interviewer's
    // notes, loaded beside it, are not held.)
    const loads = storeWithHeldLoads();
    const server = await startTestServer({}, { store: loads.store });
    const board = await createBoard(server.url);
    const client = await draw(server, board, [componentShape('service', 'API', { id: 'shape:api' })]);
    client.destroy();
    const release = loads.hold(board.id);
    const url = `${server.url}/api/boards/${board.id}/export.zip`;
    const answers: Array<{ status: number; retryAfter: string | null; body: Uint8Array }> = [];
    const requests = Array.from({ length: 8 }, () =>
      fetch(url, { headers: { cookie: board.interviewer } }).then(async (res) => {
        answers.push({
          status: res.status,
          retryAfter: res.headers.get('retry-after'),
          body: new Uint8Array(await res.arrayBuffer()),
        });
      }),
    );
    // One builds (held at the gate), four wait their turn, and three are turned away at once.
    await waitFor(() => loads.waiting === 1 && answers.length === 3, 10_000, 'three requests turned away');
    for (const a of answers) {
      expect(a.status).toBe(503);
      expect(a.retryAfter).toBe('5');
      expect(JSON.parse(new TextDecoder().decode(a.body))).toEqual({
        error: 'exports are busy: try again in a few seconds',
      });
    }
    release();
    await Promise.all(requests);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 200, 503, 503, 503]);
    // Once the queue drains, exports work again.
    expect((await get(url, board.interviewer)).status).toBe(200);
  });

  it('a big board is drawn in slices: the event loop keeps turning while it exports', async () => {
    const server = await startTestServer();
    const board = await createBoard(server.url);
    // 2,000 components in a grid, each bound by an arrow to its right neighbour.
    const records: RecordJson[] = [];
    for (let i = 0; i < 2_000; i++) {
      records.push(
        componentShape('service', `Service ${i}`, {
          id: `shape:c${i}`,
          x: (i % 50) * 220,
          y: Math.floor(i / 50) * 160,
        }),
      );
      if (i % 50 !== 0)
        records.push(...arrowBetween(`shape:c${i - 1}`, `shape:c${i}`, { id: `shape:a${i}` }));
    }
    await draw(server, board, records);

    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    const started = performance.now();
    let exporting = true;
    const exported = get(`${server.url}/api/boards/${board.id}/export.zip`, board.interviewer).finally(() => {
      exporting = false;
    });
    // The server keeps answering while it builds the bundle.
    let answeredMeanwhile = 0;
    while (exporting) {
      const health = await fetch(`${server.url}/healthz`);
      if (health.status === 200 && exporting) answeredMeanwhile++;
      await new Promise((r) => setTimeout(r, 50)); // paced like a monitor, not a flood
    }
    const res = await exported;
    const took = performance.now() - started;
    delay.disable();
    expect(res.status).toBe(200);
    expect(answeredMeanwhile).toBeGreaterThan(0);
    const files = unzipSync(res.bytes);
    const svg = new TextDecoder().decode(files['board.svg']);
    expect(svg).toContain('Service 1999');
    const size = pngSize(files['board.png']!);
    expect(Math.max(size.w, size.h)).toBe(2_400);
    console.log(
      `export of 2,000 components and 1,960 arrows: ${Math.round(took)} ms, ${res.bytes.length} bytes, ` +
        `/healthz answered ${answeredMeanwhile} times meanwhile, longest event-loop stall ${Math.round(delay.max / 1e6)} ms`,
    );
  });
});
