/**
 * Issue 11, finding 7: sign-in throttling holds under parallel requests, tells clients behind a
 * trusted reverse proxy apart, and a guessable workspace secret is refused at start-up.
 */
import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { startTestServer, tempDir, onCleanup, TEST_SECRET, waitFor } from '../testing/harness';
import { startServerProcess } from '../testing/process';

/** POST /api/session; resolves with the status. */
async function signIn(baseUrl: string, secret: string, forwardedFor?: string): Promise<number> {
  const res = await fetch(`${baseUrl}/api/session`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}),
    },
    body: JSON.stringify({ secret }),
  });
  await res.arrayBuffer();
  return res.status;
}

/** A sign-in whose headers and first body bytes are sent now and the rest on `finish()`. */
function startSignIn(baseUrl: string, secret: string): { finish(): void; status: Promise<number | 'error'> } {
  const body = JSON.stringify({ secret });
  const req = http.request(`${baseUrl}/api/session`, {
    method: 'POST',
    agent: false, // one connection each, as 200 clients would
    headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
  });
  const status = new Promise<number | 'error'>((resolve) => {
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve('error')); // after a response (early 429), a reset changes nothing
  });
  req.write(body.slice(0, 4));
  return { finish: () => req.end(body.slice(4)), status };
}

function tally(statuses: Array<number | string>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of statuses) out[s] = (out[s] ?? 0) + 1;
  return out;
}

describe('issue 11: sign-in throttling (finding 7)', () => {
  it('counts an attempt before reading its body: 200 parallel wrong secrets get at most 10 answers of 401', async () => {
    const server = await startTestServer({ signInPerMinute: 10 });
    // The attack: open 200 requests and send their headers (and the start of the body) first, so
    // every one passes a limit checked on arrival; then finish all the bodies at once.
    const attempts = Array.from({ length: 200 }, (_, i) =>
      startSignIn(server.url, `wrong-secret-guess-${i}`),
    );
    // Every attempt is connected, or already answered (a server that counts on arrival answers
    // the eleventh and later at once, and such a connection may close).
    let answered = 0;
    for (const a of attempts) void a.status.then(() => answered++);
    await waitFor(
      () =>
        new Promise<boolean>((r) => server.http.getConnections((_, n) => r(n + answered >= attempts.length))),
      10_000,
      'every attempt connected or answered',
    );
    // Whatever arrived before this round trip has been read by the server.
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    for (const a of attempts) a.finish();
    const counts = tally(await Promise.all(attempts.map((a) => a.status)));

    const answered401 = counts[401] ?? 0;
    expect({
      answered401: answered401 <= 10 ? 'at most 10' : answered401,
      answeredNeither401Nor429: 200 - answered401 - (counts[429] ?? 0),
    }).toEqual({ answered401: 'at most 10', answeredNeither401Nor429: 0 });
  });

  it('behind a trusted proxy (TRUST_PROXY), one forwarded client exhausting its attempts does not lock out another', async () => {
    // The env form of the setting, on the built server: a comma-separated list of proxy addresses.
    const server = await startServerProcess(tempDir(), { env: { TRUST_PROXY: '127.0.0.1' } });
    onCleanup(() => server.stop().then(() => undefined));
    const attacker = '203.0.113.7';
    const victim = '198.51.100.9';

    const attackerStatuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      // The attacker also claims the victim's address: the proxy appends the real one, which is
      // the rightmost untrusted entry and the only one that counts.
      attackerStatuses.push(await signIn(server.url, `guess-${i}`, `${victim}, ${attacker}`));
    }
    const victimWrong = await signIn(server.url, 'typo-in-the-secret', victim);
    const victimRight = await signIn(server.url, TEST_SECRET, victim);

    expect({
      attacker: tally(attackerStatuses),
      victimWithATypo: victimWrong,
      victimWithTheSecret: victimRight,
    }).toEqual({
      attacker: { 401: 10, 429: 2 }, // the default limit: 10 wrong secrets per minute per client
      victimWithATypo: 401,
      victimWithTheSecret: 204,
    });
  });

  it('refuses to start with a workspace secret shorter than 16 characters, naming BOARDROOM_SECRET and the rule', async () => {
    const outcome = await startTestServer({ secret: 'short' }).then(
      () => 'the server started',
      (err: unknown) => (err instanceof Error ? err.message : String(err)),
    );
    expect(outcome).toMatch(/BOARDROOM_SECRET/);
    expect(outcome).toMatch(/16/);
  });
});
