/**
 * Issue 11, findings 2, 3 and 4, measured on the built server in its own process (RSS from
 * /proc, `/healthz` latency sampled at a fixed rate from this process): one client, with a link
 * or with nothing at all, must not be able to make the server hold hundreds of megabytes or stall
 * every board. Needs `npm run build`.
 */
import { describe, expect, it } from 'vitest';
import { CloseCode } from '../../lib/protocol';
import { MAX_MESSAGE_BYTES } from '../../lib/limits';
import { encodeSyncUpdate } from '../../lib/wire';
import { readTldrawRecords } from '../../lib/board/schema';
import {
  connectProvider,
  createBoard,
  onCleanup,
  rawSocket,
  synced,
  tempDir,
  waitFor,
  type TestBoard,
} from '../testing/harness';
import { startServerProcess, type ServerProcess } from '../testing/process';
import { captureUpdate, cloneDoc, geoShape, putRecords, textShape } from '../testing/content';
import { emptySyncAnswer, isSyncStep2, wholeDocumentStep1 } from '../testing/frames';
import { closedWithin, mb, percentile, sampleHealthz, trackRss, type CloseOutcome } from '../testing/probes';
import { streamIgnoringClose } from '../testing/stubbornSocket';

const MiB = 1024 * 1024;

async function serverProcess(): Promise<ServerProcess> {
  const server = await startServerProcess(tempDir());
  onCleanup(() => server.stop().then(() => undefined));
  return server;
}

/** Text just under the 4,000-character cap of a text shape: valid content, ~4 KB a record. */
const LONG_VALID_TEXT = 'lorem ipsum '.repeat(325).slice(0, 3_900);

/** Valid records adding up to about `bytes` of update: text shapes, laid out on a grid. */
function textShapes(bytes: number, row: number): ReturnType<typeof textShape>[] {
  return Array.from({ length: Math.floor(bytes / 4_300) }, (_, i) =>
    textShape(LONG_VALID_TEXT, { x: (i % 40) * 300, y: (row * 40 + Math.floor(i / 40)) * 200 }),
  );
}

describe('issue 11: one client cannot exhaust the server (findings 2, 3, 4)', () => {
  it('refuses 40 x 3.5 MB updates that depend on a withheld one; RSS grows < 150 MB, /healthz p50 < 500 ms (finding 2)', async () => {
    const server = await serverProcess();
    const board = await createBoard(server.url);
    const interviewer = connectProvider(server.url, board.id, { cookie: board.interviewer });
    await synced(interviewer);

    // The attacker's client: one small update it never sends, then 40 big valid ones after it.
    const client = cloneDoc(interviewer.doc);
    captureUpdate(client, (d) => putRecords(d, [geoShape()])); // withheld
    let row = 0;
    const nextDependent = (): Uint8Array => {
      const update = captureUpdate(client, (d) => putRecords(d, textShapes(3.5e6, row++)));
      if (update.length >= MAX_MESSAGE_BYTES) throw new Error(`a dependent update is ${update.length} bytes`);
      // Keep the attacker's own memory flat: drop the content again (the deletion is never sent).
      client.transact(() => client.getArray('tldraw').delete(0, client.getArray('tldraw').length));
      return update;
    };

    const rss = trackRss(server.child.pid!);
    const health = sampleHealthz(server.url, 50);
    const outcomes = await sendEach(server, board, 40, nextDependent, {
      concurrency: 4,
      closeWaitMs: 3_000,
      giveUpAfterMs: 60_000,
      abortWhen: () => rss.growth > 400 * MiB, // far past the limit: spare the machine
    });
    const latencies = await health.stop();
    rss.stop();
    const p50 = percentile(latencies, 50);
    console.log(
      `finding 2: RSS +${mb(rss.growth)} MB, /healthz p50 ${Math.round(p50)} ms, p99 ${Math.round(percentile(latencies, 99))} ms`,
    );

    // Each is refused for what it lacks, or, once the link has had its allowance of bytes checked
    // (32 MiB: ~9 of them), before it is even decoded (checking.test.ts).
    const refused = outcomes.filter(
      (o) =>
        typeof o === 'object' &&
        ((o.code === CloseCode.Malformed && o.reason.startsWith('invalid update: missing dependencies')) ||
          (o.code === CloseCode.TryAgainLater && o.reason.startsWith('too much checking work'))),
    ).length;
    expect({
      refusedWithMissingDependencies:
        refused === 40 ? 'all 40' : `${refused} of 40 (others: ${summarize(outcomes)})`,
      rssGrowth: rss.growth < 150 * MiB ? 'under 150 MB' : `${mb(rss.growth)} MB`,
      healthzP50: p50 < 500 ? 'under 500 ms' : `${Math.round(p50)} ms`,
    }).toEqual({
      refusedWithMissingDependencies: 'all 40',
      rssGrowth: 'under 150 MB',
      healthzP50: 'under 500 ms',
    });
  }, 150_000);

  it('answers a reviewer at most once per 5 s with the whole ~10 MB board: 100 more step-1 frames cost nothing (finding 3)', async () => {
    const server = await serverProcess();
    const board = await createBoard(server.url);
    const interviewer = connectProvider(server.url, board.id, { cookie: board.interviewer });
    await synced(interviewer);
    let records = 0;
    for (let chunk = 0; chunk < 3; chunk++) {
      const shapes = textShapes(3.3e6, chunk);
      records += shapes.length;
      const update = captureUpdate(interviewer.doc, (d) => putRecords(d, shapes));
      expect(update.length, 'each chunk fits in one message').toBeLessThan(MAX_MESSAGE_BYTES);
    }
    const check = connectProvider(server.url, board.id, { token: board.reviewToken });
    await synced(check);
    await waitFor(() => readTldrawRecords(check.doc).length >= records, 20_000, 'the big board stored');
    check.destroy();

    const reviewer = rawSocket(server.url, board.id, { token: board.reviewToken });
    await waitFor(() => reviewer.messages.length > 0, 10_000, "the server's step 1");
    const answers = () => reviewer.messages.filter((m) => isSyncStep2(m)).length;
    // The first step 1 gets the whole board: one full encoding (~0.2-0.5 s on this shared
    // machine for 10 MB), measured by nobody. The 100 after it, inside 5 s, must cost nothing.
    reviewer.ws.send(wholeDocumentStep1());
    await waitFor(() => answers() === 1, 20_000, 'the first full answer');
    const health = sampleHealthz(server.url, 20);
    for (let i = 0; i < 100; i++) reviewer.ws.send(wholeDocumentStep1());
    // A window of 3 s: end it early only when the answer is already wrong.
    await waitFor(() => answers() > 2, 3_000, 'more than 2 answers').catch(() => undefined);
    const answered = answers();
    const latencies = await health.stop();
    const p99 = percentile(latencies, 99);
    console.log(
      `finding 3: ${answered} full answers, /healthz p50 ${Math.round(percentile(latencies, 50))} ms, p99 ${Math.round(p99)} ms over ${latencies.length} samples`,
    );

    expect({
      fullAnswersFirstIncluded: answered <= 2 ? 'at most 2' : answered,
      healthzP99: p99 < 300 ? 'under 300 ms' : `${Math.round(p99)} ms`,
    }).toEqual({ fullAnswersFirstIncluded: 'at most 2', healthzP99: 'under 300 ms' });
  }, 120_000);

  const unauthorized: Array<[string, (board: TestBoard) => string, number]> = [
    ['to an unknown document', () => '/sync/not-a-board', CloseCode.NotFound],
    ['with a bad token', (board) => `/sync/${board.id}?token=not-the-token`, CloseCode.Unauthorized],
  ];
  for (const [what, path, code] of unauthorized) {
    it(`drops a socket ${what} that ignores the close and streams 4 MiB frames: closed ${code}, TCP gone within 3 s, RSS < +64 MB (finding 4)`, async () => {
      const server = await serverProcess();
      const board = await createBoard(server.url);
      const rss = trackRss(server.child.pid!);
      const out = await streamIgnoringClose(server.url, path(board), {
        frameBytes: 4 * MiB,
        maxMs: 6_000,
        stopWhen: () => rss.growth > 512 * MiB, // far past the limit: spare the machine
      });
      rss.stop();
      console.log(
        `finding 4 (${what}): close ${out.closeCode} after ${out.closeFrameAfterMs} ms, TCP gone after ${out.tcpGoneAfterMs} ms, ${mb(out.bytesSent)} MB sent, RSS +${mb(rss.growth)} MB, stopped: ${out.stoppedBecause}`,
      );

      expect({
        closeCode: out.closeCode,
        tcpConnection:
          out.tcpGoneAfterMs === null
            ? `still open when the client stopped (${out.stoppedBecause})`
            : out.tcpGoneAfterMs <= 3_000
              ? 'gone within 3 s'
              : `gone after ${out.tcpGoneAfterMs} ms`,
        rssGrowth: rss.growth < 64 * MiB ? 'under 64 MB' : `${mb(rss.growth)} MB`,
      }).toEqual({ closeCode: code, tcpConnection: 'gone within 3 s', rssGrowth: 'under 64 MB' });
    }, 60_000);
  }
});

/**
 * Sends `count` updates, each on its own candidate socket, at most `concurrency` sockets at a
 * time; returns how each socket ended. A socket the server leaves open is closed by the test after
 * `closeWaitMs` (so the test never holds more than `concurrency` sockets on the link).
 */
async function sendEach(
  server: ServerProcess,
  board: TestBoard,
  count: number,
  next: () => Uint8Array,
  opts: { concurrency: number; closeWaitMs: number; giveUpAfterMs: number; abortWhen: () => boolean },
): Promise<Array<CloseOutcome | string>> {
  const outcomes: Array<CloseOutcome | string> = [];
  const giveUpAt = Date.now() + opts.giveUpAfterMs;
  let i = 0;
  const worker = async () => {
    while (i < count) {
      const n = i++;
      if (Date.now() > giveUpAt || opts.abortWhen()) {
        outcomes[n] = 'not sent: the test stopped the attack';
        continue;
      }
      const update = next();
      const s = rawSocket(server.url, board.id, { token: board.candidateToken });
      const step1 = await waitFor(() => s.messages.length > 0, 10_000).then(
        () => true,
        () => false,
      );
      if (!step1) {
        outcomes[n] = 'no sync step 1 from the server within 10 s';
        s.ws.terminate();
        continue;
      }
      s.ws.send(encodeSyncUpdate(update));
      // Then the answer to the server's step 1, with nothing (the server keeps an update that
      // needs what it lacks until that answer: docs/architecture.md, "Authority").
      s.ws.send(emptySyncAnswer());
      outcomes[n] = await closedWithin(s, opts.closeWaitMs);
      s.ws.terminate();
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  return outcomes;
}

/** "3 x still open after 3000 ms, 1 x 1013 ..." */
function summarize(outcomes: Array<CloseOutcome | string>): string {
  const counts = new Map<string, number>();
  for (const o of outcomes) {
    const key = typeof o === 'string' ? o : `${o.code} ${o.reason}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([k, n]) => `${n} x ${k}`).join(', ');
}
