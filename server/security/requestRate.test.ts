/**
 * Every HTTP request costs the event loop, which every live room shares: one client address may
 * make `requestsPerMinute` of them (API and pages; health checks and static files are not counted),
 * in bursts of up to a sixth of it (docs/architecture.md, "Authority"). Before, one address could
 * send cheap requests (an unknown board's log, a page) as fast as the server answered them.
 */
import { describe, expect, it } from 'vitest';
import { CloseCode } from '../../lib/protocol';
import { createBoard, rawSocket, startTestServer } from '../testing/harness';
import { closedWithin, joined } from '../testing/probes';

const UNKNOWN = 'u0000000000000000000uu';

describe('requests per client address', () => {
  it('answers 429 past the limit, to the API and to pages, for that address only; health checks and static files go on', async () => {
    // Behind a trusted proxy, as a deployment would be: the forwarded address is the client.
    const server = await startTestServer({ requestsPerMinute: 6, trustProxy: ['127.0.0.1'] });
    const from = (address: string, path: string) =>
      fetch(`${server.url}${path}`, { headers: { 'x-forwarded-for': address } });
    // A burst of one, then one every ten seconds: the test has ten seconds before a request refills.
    const burst = 6 / 6;
    const statuses: number[] = [];
    for (let i = 0; i < burst + 3; i++) {
      const res = await from('203.0.113.5', `/api/boards/${UNKNOWN}/log`);
      statuses.push(res.status);
      if (res.status === 429) {
        expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
        expect(await res.json()).toEqual({ error: 'too many requests from this address; try again later' });
      } else await res.arrayBuffer();
    }
    expect(statuses).toEqual([...Array<number>(burst).fill(404), 429, 429, 429]);

    const page = await from('203.0.113.5', `/r/${UNKNOWN}`);
    // A browser navigating there gets the same refusal as a page it can read.
    const browserPage = await fetch(`${server.url}/r/${UNKNOWN}`, {
      headers: { 'x-forwarded-for': '203.0.113.5', accept: 'text/html,application/xhtml+xml' },
    });
    expect(browserPage.status).toBe(429);
    expect(browserPage.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(browserPage.headers.get('retry-after')).toMatch(/^\d+$/);
    const html = await browserPage.text();
    expect(html).toContain('<p>Too many requests from this address; try again later.</p>');
    expect(html).not.toContain('<script');
    const health = await from('203.0.113.5', '/healthz');
    const staticFile = await from('203.0.113.5', '/_next/static/chunks/nothing.js');
    const other = await from('203.0.113.6', `/api/boards/${UNKNOWN}/log`);
    expect({
      page: page.status,
      health: health.status,
      staticFile: staticFile.status === 429,
      otherAddress: other.status,
    }).toEqual({ page: 429, health: 200, staticFile: false, otherAddress: 404 });
  });

  it('counts sockets opened against the same limit: past it one is closed with 1013 and a reason, before anything is looked up', async () => {
    const server = await startTestServer({ requestsPerMinute: 12, trustProxy: ['127.0.0.1'] });
    const board = await createBoard(server.url); // from 127.0.0.1: one request of that address
    const socketFrom = (address: string) =>
      rawSocket(server.url, board.id, { token: board.candidateToken }, { 'x-forwarded-for': address });
    // A burst of two, then one every five seconds: the first socket is admitted, the second
    // (right after a request) is refused.
    const first = socketFrom('203.0.113.7');
    await joined(first);
    const page = await fetch(`${server.url}/api/boards/${UNKNOWN}/log`, {
      headers: { 'x-forwarded-for': '203.0.113.7' },
    });
    await page.arrayBuffer();
    const refused = socketFrom('203.0.113.7');
    const other = socketFrom('203.0.113.8');
    await joined(other);
    expect({
      request: page.status,
      refused: await closedWithin(refused, 5_000),
      firstStillOpen: first.ws.readyState === first.ws.OPEN,
    }).toEqual({
      request: 404,
      refused: {
        code: CloseCode.TryAgainLater,
        reason: 'too many requests from this address; try again later',
      },
      firstStillOpen: true,
    });
  });
});
