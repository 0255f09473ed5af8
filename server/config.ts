/**
 * Server configuration: defaults in one object, read from the environment once.
 */
import path from 'node:path';
import {
  CHECKING_BURST_BYTES,
  CHECKING_BYTES_PER_SECOND,
  MAX_DOCUMENT_BYTES,
  MAX_DOCUMENT_RECORD_MEMORY,
  MAX_DOCUMENT_STRUCTS,
} from '../lib/limits';
import type { HeldResponseLimits } from './heldResponses';

/** A room's allowance of placement work (see `ServerConfig.placement`). */
export interface PlacementAllowance {
  burstSteps: number;
  stepsPerSecond: number;
}

/** A room's allowance of bytes read and sent whole per credential (see `ServerConfig.checking`). */
export interface CheckingAllowance {
  burstBytes: number;
  bytesPerSecond: number;
}

/** Everything the server can be configured with. */
export interface ServerConfig {
  /** TCP port (env PORT). 0 picks a free one (tests). */
  port: number;
  /** Interface to listen on (env HOST). */
  host: string;
  /** Directory for the SQLite file and uploaded assets (env DATA_DIR). */
  dataDir: string;
  /** PostgreSQL connection string (env DATABASE_URL): the store for several instances; null: SQLite in dataDir. */
  databaseUrl: string | null;
  /** Redis connection string (env REDIS_URL): fan-out between instances; needs databaseUrl. Null: one instance. */
  redisUrl: string | null;
  /** Public origin used in links, e.g. https://boardroom.example.com (env PUBLIC_URL); else the request's host. */
  publicUrl: string | null;
  /** Next.js dev mode (hot reload) instead of the production build. */
  dev: boolean;
  /** How long a room stays in memory after its last client leaves. */
  idleRoomTtlMs: number;
  /** Merge runs of updates less than this apart when a board unloads (0: never; at most 1000). */
  compactionWindowMs: number;
  /** While a board is open, compact what is older than this, once a minute (env LIVE_COMPACTION_AFTER_MS; 0: only on unload). */
  liveCompactionAfterMs: number;
  /** Write a snapshot after this many updates since the last one. */
  snapshotEveryUpdates: number;
  /** Largest document the server keeps growing (see lib/limits.ts); tests lower it. */
  maxDocumentBytes: number;
  /** Most structs a document may hold (`MAX_DOCUMENT_STRUCTS` in server/room.ts); tests lower it. */
  maxDocumentStructs: number;
  /** Most memory a document's records may take decoded (`MAX_DOCUMENT_RECORD_MEMORY`); tests lower it. */
  maxRecordMemory: number;
  /**
   * Placement work each credential (a link, an interviewer's session) may spend in one room
   * (`MAX_PLACEMENT_STEPS` in lib/board/authority.ts): this many steps at once, refilled at
   * `stepsPerSecond`. A client's own edits cost a few steps each; a
   * stale client's first update the items added since it last saw the board. Tests lower it.
   */
  placement: PlacementAllowance;
  /**
   * Bytes each credential may have one room check (its updates, accepted or refused) and encode
   * for it whole (full sync answers): this many at once, refilled at `bytesPerSecond`
   * (docs/architecture.md, "Authority"). Both cost the server in proportion to their bytes (a
   * refused 4 MiB update took 0.1-0.33 s to check here), and a refused update or a reconnect is
   * stored nowhere. Counted in bytes, not time, so that a busy machine does not shrink it. A
   * client's own edits are a few hundred bytes each. Tests lower it.
   */
  checking: CheckingAllowance;
  /** Interval of WebSocket pings; a connection that missed one pong is dropped. */
  pingIntervalMs: number;
  /** A connection whose unsent output exceeds this is a slow consumer and is closed. */
  maxBufferedBytes: number;
  /** Workspace secret for interviewer sign-in (env BOARDROOM_SECRET); null: generated into DATA_DIR. */
  secret: string | null;
  /** Wrong sign-in attempts per minute per client address before 429. */
  signInPerMinute: number;
  /** Boards one client address may create per minute. */
  createBoardPerMinute: number;
  /** Addresses of reverse proxies whose X-Forwarded-For is believed (env TRUST_PROXY). */
  trustProxy: string[];
  /** Origins accepted besides PUBLIC_URL or this machine's own (env ALLOWED_ORIGINS). */
  allowedOrigins: string[];
  /** Open sync sockets one client address may hold (env MAX_SOCKETS_PER_ADDRESS). */
  maxSocketsPerAddress: number;
  /** Bytes of uploaded files one board may hold (env MAX_ASSET_BYTES_PER_BOARD). */
  maxAssetBytesPerBoard: number;
  /** Uploads one board may receive per minute. */
  assetUploadsPerMinute: number;
  /**
   * Reads of a board's whole record (`/log` without `after`, `history`, `summary.md`) one credential
   * may make per minute on one board (env REVIEW_READS_PER_MINUTE): each reads and decodes the log.
   */
  reviewReadsPerMinute: number;
  /**
   * HTTP requests one client address may make per minute (env REQUESTS_PER_MINUTE), API and pages;
   * not health checks, static files or tldraw's assets. Bursts up to a sixth of it.
   */
  requestsPerMinute: number;
  /**
   * Bytes in flight (large answers not yet taken: logs, summaries, bundles, uploaded files; sync
   * sockets' unsent queues; sync messages still arriving): all together (env MAX_IN_FLIGHT_BYTES)
   * and per client address (env MAX_IN_FLIGHT_BYTES_PER_ADDRESS), and how slowly a client may take
   * a large answer before it is disconnected (server/inFlight.ts, server/heldResponses.ts).
   */
  inFlight: HeldResponseLimits;
}

/** Defaults; every field can be overridden by the environment or by tests. */
export const DEFAULT_CONFIG: ServerConfig = {
  port: 3000,
  host: '0.0.0.0',
  dataDir: './data',
  databaseUrl: null,
  redisUrl: null,
  publicUrl: null,
  dev: false,
  idleRoomTtlMs: 15_000,
  compactionWindowMs: 1_000,
  liveCompactionAfterMs: 5 * 60_000,
  snapshotEveryUpdates: 500,
  maxDocumentBytes: MAX_DOCUMENT_BYTES,
  maxDocumentStructs: MAX_DOCUMENT_STRUCTS,
  maxRecordMemory: MAX_DOCUMENT_RECORD_MEMORY,
  placement: { burstSteps: 200_000, stepsPerSecond: 50_000 },
  checking: { burstBytes: CHECKING_BURST_BYTES, bytesPerSecond: CHECKING_BYTES_PER_SECOND },
  pingIntervalMs: 30_000,
  maxBufferedBytes: 8 * 1024 * 1024,
  secret: null,
  signInPerMinute: 10,
  createBoardPerMinute: 60,
  trustProxy: [],
  allowedOrigins: [],
  maxSocketsPerAddress: 64,
  maxAssetBytesPerBoard: 50 * 1024 * 1024,
  assetUploadsPerMinute: 30,
  reviewReadsPerMinute: 60,
  // 200 a second: a review page following a board asks twice a second, so a company's office
  // behind one address fits; one address can no longer fill the event loop with cheap requests.
  requestsPerMinute: 12_000,
  // Four copies of the largest board a candidate can grow, in all; one per address. A client on a
  // 0.5 Mbit/s link takes 64 KiB a second: a two-hour log (~17 MB) may take it ~5 minutes.
  inFlight: {
    maxBytes: 4 * MAX_DOCUMENT_BYTES,
    maxBytesPerAddress: MAX_DOCUMENT_BYTES,
    graceMs: 30_000,
    minBytesPerSecond: 64 * 1024,
  },
};

function listFromEnv(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
}

function intFromEnv(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`${name} must be a non-negative integer, got "${value}"`);
  return n;
}

/** Reads the configuration from the environment. */
export function configFromEnv(env: NodeJS.ProcessEnv, argv: string[] = []): ServerConfig {
  const publicUrl = env.PUBLIC_URL ? env.PUBLIC_URL.replace(/\/+$/, '') : null;
  if (publicUrl && !/^https?:\/\/[^/]+$/.test(publicUrl)) {
    throw new Error(
      `PUBLIC_URL must be an origin like https://boardroom.example.com, got "${env.PUBLIC_URL}"`,
    );
  }
  if (env.REDIS_URL && !env.DATABASE_URL) {
    // Instances share documents through PostgreSQL; Redis only tells them what changed.
    throw new Error('REDIS_URL needs DATABASE_URL: several instances share one PostgreSQL database');
  }
  return {
    ...DEFAULT_CONFIG,
    port: intFromEnv(env.PORT, 'PORT', DEFAULT_CONFIG.port),
    host: env.HOST || DEFAULT_CONFIG.host,
    dataDir: path.resolve(env.DATA_DIR || DEFAULT_CONFIG.dataDir),
    databaseUrl: env.DATABASE_URL || null,
    redisUrl: env.REDIS_URL || null,
    publicUrl,
    dev: argv.includes('--dev'),
    idleRoomTtlMs: intFromEnv(env.IDLE_ROOM_TTL_MS, 'IDLE_ROOM_TTL_MS', DEFAULT_CONFIG.idleRoomTtlMs),
    secret: env.BOARDROOM_SECRET || null,
    compactionWindowMs: intFromEnv(
      env.COMPACTION_WINDOW_MS,
      'COMPACTION_WINDOW_MS',
      DEFAULT_CONFIG.compactionWindowMs,
    ),
    liveCompactionAfterMs: intFromEnv(
      env.LIVE_COMPACTION_AFTER_MS,
      'LIVE_COMPACTION_AFTER_MS',
      DEFAULT_CONFIG.liveCompactionAfterMs,
    ),
    // Operational limits, overridable for load tests and benchmarks.
    maxBufferedBytes: intFromEnv(
      env.MAX_BUFFERED_BYTES,
      'MAX_BUFFERED_BYTES',
      DEFAULT_CONFIG.maxBufferedBytes,
    ),
    createBoardPerMinute: intFromEnv(
      env.CREATE_BOARD_PER_MINUTE,
      'CREATE_BOARD_PER_MINUTE',
      DEFAULT_CONFIG.createBoardPerMinute,
    ),
    trustProxy: listFromEnv(env.TRUST_PROXY),
    allowedOrigins: listFromEnv(env.ALLOWED_ORIGINS).map((o) => o.replace(/\/+$/, '')),
    maxSocketsPerAddress: intFromEnv(
      env.MAX_SOCKETS_PER_ADDRESS,
      'MAX_SOCKETS_PER_ADDRESS',
      DEFAULT_CONFIG.maxSocketsPerAddress,
    ),
    maxAssetBytesPerBoard: intFromEnv(
      env.MAX_ASSET_BYTES_PER_BOARD,
      'MAX_ASSET_BYTES_PER_BOARD',
      DEFAULT_CONFIG.maxAssetBytesPerBoard,
    ),
    reviewReadsPerMinute: intFromEnv(
      env.REVIEW_READS_PER_MINUTE,
      'REVIEW_READS_PER_MINUTE',
      DEFAULT_CONFIG.reviewReadsPerMinute,
    ),
    requestsPerMinute: intFromEnv(
      env.REQUESTS_PER_MINUTE,
      'REQUESTS_PER_MINUTE',
      DEFAULT_CONFIG.requestsPerMinute,
    ),
    inFlight: {
      ...DEFAULT_CONFIG.inFlight,
      maxBytes: intFromEnv(env.MAX_IN_FLIGHT_BYTES, 'MAX_IN_FLIGHT_BYTES', DEFAULT_CONFIG.inFlight.maxBytes),
      maxBytesPerAddress: intFromEnv(
        env.MAX_IN_FLIGHT_BYTES_PER_ADDRESS,
        'MAX_IN_FLIGHT_BYTES_PER_ADDRESS',
        DEFAULT_CONFIG.inFlight.maxBytesPerAddress,
      ),
    },
  };
}
