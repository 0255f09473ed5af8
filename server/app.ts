/**
 * Composes the server: one http.Server for pages (Next.js), the JSON API, tldraw's static
 * assets, and the sync WebSocket. Tests build it without Next.js; `index.ts` adds Next.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { CloseCode, SYNC_PATH_PREFIX, parseDocId } from '../lib/protocol';
import { sweepOrphanAssets } from './assetSweep';
import { TLDRAW_ASSETS_PATH } from '../lib/assets';
import { DEFAULT_CONFIG, type ServerConfig } from './config';
import type { BoardStore } from './storage/BoardStore';
import { DATABASE_FILE } from './storage/sqlite';
import { openSqliteStoreOnThread } from './storage/sqliteThread';
import { storeDocLog } from './storage/docLog';
import { openPostgresStore } from './storage/postgres';
import { Rooms } from './rooms';
import { LogCompactor, type CompactionResult } from './compaction';
import { sweepStaleLogs } from './compactionSweep';
import { MergeThread } from './mergeThread';
import { createSyncEndpoint } from './sync/endpoint';
import { BoardPolicy } from './sync/policy';
import { clientAddress, OriginPolicy } from './origin';
import { handleApi, type ApiContext } from './api';
import { Lanes } from './lanes';
import { HeldResponses } from './heldResponses';
import { InFlightBytes } from './inFlight';
import { HttpError, sendError, sendErrorPage, sendJson } from './http';
import { Auth } from './auth';
import { loadWorkspaceSecret } from './auth/secret';
import { RateLimiter, type Limiter } from './ratelimit';
import { RedisRateLimiter } from './fanout/redisLimiter';
import { preparePage } from './pages';
import { BoardSummaries } from './documents';
import { QuestionLibrary } from './questions/library';
import { createTldrawAssetHandler } from './static';
import { createBuiltStaticHandler } from './builtStatic';
import { log } from './log';
import { handleHealth, type HealthDeps } from './health';
import { createRedisFanout } from './fanout/redis';
import { FanoutRelay } from './fanout/relay';
import { ClusterControl } from './fanout/control';
import type { BoardControl } from './sync/policy';
import { lockSnapshots, type DocLocks } from './storage/docLocks';
import { createPostgresLocks } from './storage/postgresLocks';
import { holdWhileUnreachable } from './storage/holdingLog';

/** The page renderer (Next.js in production and dev). */
export interface PageHandler {
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  upgrade?(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void>;
  close?(): Promise<void>;
}

/** A running server. */
export interface BoardroomServer {
  readonly http: http.Server;
  readonly store: BoardStore;
  readonly rooms: Rooms;
  readonly compactor: LogCompactor;
  readonly auth: Auth;
  /** Where the workspace secret came from (the console prints a sign-in link unless it is from the env). */
  readonly secretSource: 'env' | 'file' | 'generated';
  readonly secretFile: string | null;
  /** Base URL, e.g. http://127.0.0.1:3000. */
  readonly url: string;
  /** Stops accepting, closes sockets with 1001, stores pending writes, closes the database. */
  close(): Promise<void>;
}

/** Starts the server and resolves once it listens. */
export async function startServer(
  config: ServerConfig,
  opts: { store?: BoardStore; pages?: PageHandler; projectDir?: string } = {},
): Promise<BoardroomServer> {
  const workspace = loadWorkspaceSecret(config.secret, config.dataDir);
  const store =
    opts.store ??
    (config.databaseUrl
      ? await openPostgresStore(config.databaseUrl)
      : await openSqliteStoreOnThread(path.join(config.dataDir, DATABASE_FILE)));
  const docLog = storeDocLog(store);
  // Several instances: rooms publish what they store and apply what the others stored.
  const redis = config.redisUrl ? createRedisFanout(config.redisUrl) : null;
  const relay = redis ? new FanoutRelay(redis, store) : null;
  const compactor = new LogCompactor(store, { windowMs: config.compactionWindowMs });
  // Reads of stored boards that someone waits for (summaries, exports, the dashboard, `history?at=`)
  // run on a thread of the same program at the usual priority, started by the first of them (not
  // with the server: ~26 MB and a program load that most test servers would pay for nothing).
  const reads = new MergeThread({ lowPriority: false });
  // Two boards read at once; 64 more wait (each waiting one costs nothing until its turn).
  const boardReads = new Lanes(2, 64, 'the server is busy reading boards: try again in a few seconds');
  // On PostgreSQL other instances may work on the same log: snapshots and compaction take turns.
  const locks: DocLocks | null = config.databaseUrl ? createPostgresLocks(config.databaseUrl) : null;
  // On PostgreSQL an outage holds appends (in order, unrelayed) until the database returns.
  const heldLog = config.databaseUrl ? holdWhileUnreachable(docLog) : docLog;
  /**
   * Compacts a document's log (up to `before`, while it is live; `keepState` false for a board
   * that is not open), under its lock on PostgreSQL.
   */
  const compact = (docId: string, before?: number, keepState?: boolean): Promise<CompactionResult | null> =>
    (locks
      ? locks.tryWith(docId, () => compactor.compact(docId, { before, keepState }))
      : compactor.compact(docId, { before, keepState })
    ).catch((err: unknown) => {
      log.error('log compaction failed', { doc: docId, err: String(err) });
      return null;
    });
  const roomLog = relay ? relay.wrapLog(heldLog) : heldLog;
  const rooms = new Rooms({
    log: locks ? lockSnapshots(roomLog, locks) : roomLog,
    attach: relay ? (room) => relay.attach(room) : undefined,
    snapshotEveryUpdates: config.snapshotEveryUpdates,
    maxDocumentBytes: config.maxDocumentBytes,
    maxDocumentStructs: config.maxDocumentStructs,
    maxRecordMemory: config.maxRecordMemory,
    placement: config.placement,
    checking: config.checking,
    idleRoomTtlMs: config.idleRoomTtlMs,
    onUnloaded: (docId) => {
      void compact(docId);
      if (parseDocId(docId)?.kind === 'board') {
        sweepOrphanAssets(store, docId).catch((err: unknown) =>
          log.error('sweeping uploads failed', { doc: docId, err: String(err) }),
        );
      }
    },
  });
  const liveCompaction = compactLiveRooms(rooms, compact, config.liveCompactionAfterMs);
  // What a server that stopped before a board unloaded left uncompacted is compacted up to this long
  // ago, as a live board's is (with live compaction off, as far as the default delay): by the
  // start-up sweep, and after a whole read for review if that comes first. Otherwise the board
  // would be replayed from every update it ever got.
  const staleAfterMs = config.liveCompactionAfterMs || DEFAULT_CONFIG.liveCompactionAfterMs;
  const auth = new Auth(store, workspace, config.publicUrl?.startsWith('https:') ?? false);
  const origins = new OriginPolicy(
    config.publicUrl,
    () => (server.address() as AddressInfo).port,
    config.allowedOrigins,
  );
  const trustedProxies = new Set(config.trustProxy);
  const policy = new BoardPolicy(rooms, store);
  const control: BoardControl = relay ? new ClusterControl(policy, relay, store) : policy;
  // Every request an address makes, sockets opened included, but for health checks and static
  // files (docs/architecture.md, "Authority"): in this process only, as what it protects is this
  // process's event loop.
  const requests = new RateLimiter(Math.max(1, Math.floor(config.requestsPerMinute / 6)), 10_000);
  // Bytes in flight per address and in all: large answers, sync queues, sync messages arriving.
  const inFlight = new InFlightBytes(config.inFlight);
  const sync = createSyncEndpoint({
    rooms,
    store,
    auth,
    policy,
    origins,
    trustedProxies,
    pingIntervalMs: config.pingIntervalMs,
    maxBufferedBytes: config.maxBufferedBytes,
    inFlight,
    maxSocketsPerAddress: config.maxSocketsPerAddress,
    takeRequest: (address) => requests.take(address),
  });
  /** Per minute; shared by every instance when Redis is configured. */
  function limiter(name: string, perMinute: number): Limiter {
    return redis
      ? new RedisRateLimiter(redis.client, name, perMinute, 60_000)
      : new RateLimiter(perMinute, 60_000);
  }
  const apiContext: ApiContext = {
    store,
    auth,
    control,
    summaries: new BoardSummaries({ store, reader: reads, lanes: boardReads }),
    origins,
    trustedProxies,
    questions: new QuestionLibrary(store),
    signInLimiter: limiter('sign-in', config.signInPerMinute),
    createLimiter: limiter('create-board', config.createBoardPerMinute),
    assetLimiter: limiter('upload', config.assetUploadsPerMinute),
    reviewReadLimiter: limiter('review-read', config.reviewReadsPerMinute),
    maxAssetBytesPerBoard: config.maxAssetBytesPerBoard,
    uploadsUnderWay: new Map(),
    exports: new Lanes(1, 4, 'exports are busy: try again in a few seconds'),
    boardReads,
    history: reads,
    held: new HeldResponses(inFlight, config.inFlight, (req) => clientAddress(req, trustedProxies)),
    compactStale: async (boardId) => {
      // An open board is compacted by its room's sweep (and when it unloads); a pass per read
      // would cut its runs short.
      if (!rooms.isOpen(boardId)) await compact(boardId, Date.now() - staleAfterMs, false);
    },
  };
  let draining = false;
  const health: HealthDeps = {
    store,
    redisReachable: redis ? () => redis.reachable : null,
    draining: () => draining,
  };
  const serveTldrawAsset = createTldrawAssetHandler(opts.projectDir ?? process.cwd());
  // In dev, Next.js builds these files on demand: it serves them itself.
  const serveBuilt = config.dev ? null : createBuiltStaticHandler(opts.projectDir ?? process.cwd());
  const pages = opts.pages;

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const p = url.pathname;
    if (await handleHealth(req, res, p, health)) return;
    if (!p.startsWith('/_next/static/') && !p.startsWith(TLDRAW_ASSETS_PATH + '/')) {
      const wait = requests.take(clientAddress(req, trustedProxies));
      if (wait > 0) {
        req.resume();
        throw new HttpError(429, 'too many requests from this address; try again later', {
          'retry-after': String(wait),
        });
      }
    }
    if (p === '/api' || p.startsWith('/api/')) {
      return handleApi(req, res, url, apiContext);
    }
    if (p.startsWith(TLDRAW_ASSETS_PATH + '/')) return serveTldrawAsset(res, p);
    if (serveBuilt && p.startsWith('/_next/static/') && (await serveBuilt(req, res, p))) return;
    if (!(await preparePage(req, res, url, { store, auth, dev: config.dev }))) return;
    if (pages) return pages.handle(req, res);
    throw new HttpError(404, 'not found');
  }

  const server = http.createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (err instanceof HttpError) {
        // A page a browser navigated to gets a page; the API (and anything else) gets JSON.
        const page = !(req.url ?? '/').startsWith('/api') && (req.headers.accept ?? '').includes('text/html');
        return page ? sendErrorPage(res, err) : sendError(res, err);
      }
      log.error('request failed', {
        method: req.method,
        path: (req.url ?? '').split('?')[0],
        err: String(err),
      });
      sendJson(res, 500, { error: 'internal error' });
    });
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const p = (req.url ?? '').split('?')[0]!;
    if (p.startsWith(SYNC_PATH_PREFIX)) return sync.handleUpgrade(req, socket, head);
    if (pages?.upgrade) return void pages.upgrade(req, socket, head);
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
  });

  // The merge thread started with the compactor; it is ready before the server says it listens
  // (what it costs, a few milliseconds of the event loop and ~26 MB, is spent at start-up).
  await compactor.ready();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // Once the server listens, in the background: nothing when compaction is off.
  const staleSweep =
    config.compactionWindowMs > 0
      ? sweepStaleLogs({
          store,
          compact: (docId, before) => compact(docId, before, false),
          isOpen: (docId) => rooms.isOpen(docId),
          staleAfterMs,
        })
      : null;
  const addr = server.address() as AddressInfo;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;

  let closing: Promise<void> | null = null;
  return {
    http: server,
    store,
    rooms,
    compactor,
    auth,
    secretSource: workspace.source,
    secretFile: workspace.file,
    url: `http://${host}:${addr.port}`,
    close() {
      closing ??= (async () => {
        draining = true;
        liveCompaction.stop();
        const swept = staleSweep?.stop();
        server.close();
        sync.close(CloseCode.GoingAway, 'server shutting down');
        await compactor.stop(); // compaction can wait for the next start's sweep; the store is closing
        await swept; // ends with the compaction the compactor's stop just cut short
        await reads.close();
        await rooms.closeAll();
        await docLog.drain();
        await locks?.close();
        relay?.close();
        await relay?.fanout.close();
        await store.close();
        await pages?.close?.();
        server.closeAllConnections();
      })();
      return closing;
    },
  };
}

/**
 * Compacts the logs of open rooms while they are live, once a minute, up to `afterMs` ago (0:
 * never; boards are still compacted when they unload). One document at a time, so a sweep over
 * many rooms never holds more than one extra document in memory (docs/architecture.md, "Storage").
 */
function compactLiveRooms(
  rooms: Rooms,
  compact: (docId: string, before: number) => Promise<unknown>,
  afterMs: number,
): { stop(): void } {
  if (afterMs <= 0) return { stop() {} };
  let sweeping = false;
  const timer = setInterval(
    () => {
      if (sweeping) return;
      sweeping = true;
      void (async () => {
        for (const docId of rooms.openDocIds()) {
          await compact(docId, Date.now() - afterMs);
        }
      })().finally(() => (sweeping = false));
    },
    Math.min(60_000, afterMs),
  );
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
