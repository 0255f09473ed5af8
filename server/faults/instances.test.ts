/**
 * Several real server processes on one PostgreSQL and one Redis (both test-owned): failures of
 * one part must lose nothing any client saw relayed, and every copy must converge afterwards.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import { geoShape, putRecords } from '../../lib/board/fixtures';
import { boardJson, readTldrawRecords } from '../../lib/board/schema';
import { connectProvider, createBoard, onCleanup, synced, tempDir, waitFor } from '../testing/harness';
import { startServerProcess, type ServerProcess } from '../testing/process';
import { requireServices, startPostgres, startRedis } from '../testing/services';
import { openPostgresStore } from '../storage/postgres';
import { loadDocument } from '../documents';

function recordIds(doc: Y.Doc): Set<string> {
  return new Set(readTldrawRecords(doc).map((r) => r.id));
}

function vector(doc: Y.Doc): string {
  const sv = Y.decodeStateVector(Y.encodeStateVector(doc));
  return JSON.stringify([...sv.entries()].sort((a, b) => a[0] - b[0]));
}

/** True when every document holds the same state (same state vector, same content). */
function converged(docs: Y.Doc[]): boolean {
  const v = vector(docs[0]!);
  const json = JSON.stringify(boardJson(docs[0]!));
  return docs.every((d) => vector(d) === v && JSON.stringify(boardJson(d)) === json);
}

async function startInstances(n: number, env: Record<string, string>): Promise<ServerProcess[]> {
  const servers = await Promise.all(
    Array.from({ length: n }, () =>
      startServerProcess(tempDir(), { env: { IDLE_ROOM_TTL_MS: '60000', ...env } }),
    ),
  );
  for (const s of servers) onCleanup(() => s.stop().then(() => undefined));
  return servers;
}

/** Collects a process's log lines from now on. */
function logLines(server: ServerProcess): string[] {
  const lines: string[] = [];
  const onData = (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean));
  server.child.stdout!.on('data', onData);
  server.child.stderr!.on('data', onData);
  return lines;
}

describe('several instances, failing', () => {
  if (!requireServices('postgres', 'redis')) return;

  it('kill -9 of one of three instances while clients on all three draw: nothing relayed is lost, all converge', async () => {
    const [db, redis] = await Promise.all([startPostgres(), startRedis()]);
    const servers = await startInstances(3, { DATABASE_URL: db.url, REDIS_URL: redis.url });
    const logs = servers.map(logLines);
    const board = await createBoard(servers[0]!.url);
    const creds = { token: board.candidateToken };
    const writers = servers.map((s) => connectProvider(s.url, board.id, creds));
    const observers = servers.map((s) => connectProvider(s.url, board.id, { cookie: board.interviewer }));
    await Promise.all([...writers, ...observers].map(synced));

    // Everyone draws continuously, 25 updates/s per writer. (At 100/s each the three writers
    // outrun what two instances commit to PostgreSQL on this shared 2-core machine, and the
    // copies take longer than this test waits to catch up: a throughput limit, docs/benchmarks.md.)
    let tick = 0;
    const drawing = setInterval(() => {
      tick++;
      writers.forEach((w, k) => putRecords(w.doc, [geoShape({ id: `shape:w${k}-${tick}`, x: tick, y: k })]));
    }, 40);
    onCleanup(() => clearInterval(drawing));
    const fromEveryWriter = (doc: Y.Doc) =>
      [0, 1, 2].every((k) => [...recordIds(doc)].some((id) => id.startsWith(`shape:w${k}-`)));
    await waitFor(
      () => observers.every((o) => fromEveryWriter(o.doc)),
      20_000,
      'every observer sees every writer',
    );
    // The kill comes at a random moment while everyone draws: time is the subject here.
    await new Promise((r) => setTimeout(r, Math.random() * 200));
    await servers[2]!.stop('SIGKILL');
    // What each observer saw relayed, at the moment of the kill.
    const seen = observers.map((o) => recordIds(o.doc));

    // The dead instance's clients reconnect to the others, keeping their documents.
    const moved: WebsocketProvider[] = [
      connectProvider(servers[0]!.url, board.id, creds, writers[2]!.doc),
      connectProvider(servers[1]!.url, board.id, { cookie: board.interviewer }, observers[2]!.doc),
    ];
    // They are ahead of their new instance (they saw what it may not have read yet, and their own
    // edits the dead one never stored) and draw before their sync answer: never a reason to close them.
    const closes: string[] = [];
    moved.forEach((p, i) =>
      p.on('connection-close', (e: CloseEvent | null) => closes.push(`moved ${i}: ${e?.code} ${e?.reason}`)),
    );
    writers[2]!.destroy();
    observers[2]!.destroy();
    await Promise.all(moved.map(synced));
    const movedAt = tick;
    await waitFor(() => tick > movedAt + 10, 5_000, 'drawing after the move');
    clearInterval(drawing);

    const docs = [writers[0]!, writers[1]!, observers[0]!, observers[1]!, ...moved].map((p) => p.doc);
    await waitFor(() => converged(docs), 15_000, 'all copies converge').catch((err: Error) => {
      // Which copy is behind, and by what: each one's state vector and record count.
      const states = docs.map((d, i) => `copy ${i}: ${vector(d)}, ${recordIds(d).size} records`);
      const warnings = logs.flatMap((l, i) =>
        l.filter((line) => !line.includes('"info"')).map((w) => `${i}: ${w}`),
      );
      throw new Error(
        [err.message, ...states, `moved clients closed: ${closes.join('; ')}`, ...warnings].join('\n'),
      );
    });
    expect(closes, 'the moved clients were closed').toEqual([]);

    // Storage holds everything: a document rebuilt from PostgreSQL alone equals every copy.
    const store = await openPostgresStore(db.url);
    onCleanup(() => store.close());
    await waitFor(
      async () => {
        const stored = await loadDocument(store, board.id);
        return converged([stored, ...docs]);
      },
      10_000,
      'storage holds what everyone has',
    );
    const stored = recordIds(await loadDocument(store, board.id));
    const lost = seen.flatMap((ids) => [...ids].filter((id) => !stored.has(id)));
    expect(lost, 'records an observer saw relayed but storage lacks').toEqual([]);
    expect(stored.size).toBeGreaterThan(30);
  }, 60_000);

  it('PostgreSQL unreachable: nothing is relayed unstored, presence goes on, everything converges after, one log line per change', async () => {
    const [db, redis] = await Promise.all([startPostgres({ ownCluster: true }), startRedis()]);
    const servers = await startInstances(2, { DATABASE_URL: db.url, REDIS_URL: redis.url });
    const [a, b] = servers as [ServerProcess, ServerProcess];
    const logsA = logLines(a);
    const board = await createBoard(a.url);
    const writer = connectProvider(a.url, board.id, { token: board.candidateToken });
    const sameInstance = connectProvider(a.url, board.id, { cookie: board.interviewer });
    const otherInstance = connectProvider(b.url, board.id, { cookie: board.interviewer });
    await Promise.all([writer, sameInstance, otherInstance].map(synced));
    putRecords(writer.doc, [geoShape({ id: 'shape:before' })]);
    await waitFor(() => recordIds(otherInstance.doc).has('shape:before'), 5_000, 'relay before the outage');

    await db.cluster.makeUnreachable();
    for (let i = 0; i < 20; i++) putRecords(writer.doc, [geoShape({ id: `shape:during-${i}`, x: i })]);
    const unreachable = () => logsA.filter((l) => l.includes('storage unreachable')).length;
    await waitFor(() => unreachable() > 0, 10_000, 'A notices the outage');
    // Held, not relayed: neither the other client on A nor the one on B has any of it.
    const during = (doc: Y.Doc) => [...recordIds(doc)].filter((id) => id.startsWith('shape:during-'));
    expect(during(sameInstance.doc)).toEqual([]);
    expect(during(otherInstance.doc)).toEqual([]);
    // Loaded boards stay readable: presence still crosses instances.
    writer.awareness.setLocalStateField('user', { id: 'w', name: 'During the outage', color: '#00ff00' });
    await waitFor(
      () =>
        [...otherInstance.awareness.getStates().values()].some(
          (s) => (s.user as { name?: string } | undefined)?.name === 'During the outage',
        ),
      5_000,
      'presence across instances during the outage',
    );

    await db.cluster.makeReachable();
    await waitFor(
      () => during(otherInstance.doc).length === 20,
      15_000,
      'held updates relayed after the return',
    );
    await waitFor(() => converged([writer.doc, sameInstance.doc, otherInstance.doc]), 10_000, 'convergence');
    const store = await openPostgresStore(db.url);
    onCleanup(() => store.close());
    expect(converged([await loadDocument(store, board.id), writer.doc])).toBe(true);
    // One line when storage went, one when it came back: not one per update.
    expect(unreachable()).toBe(1);
    expect(logsA.filter((l) => l.includes('storage reachable again')).length).toBe(1);
  }, 60_000);
});
