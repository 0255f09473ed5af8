/**
 * The SQLite store on a worker thread of its own (docs/architecture.md, "Storage"). better-sqlite3
 * is synchronous: on the event loop every commit, and the commit that fills the write-ahead log
 * and copies it into the file (10-20 ms, with its disk writes), stalls every room. Here the
 * event loop only posts each call and resolves it with the worker's answer; a room relays an
 * update once that answer says it is committed, so persist-before-relay holds as before.
 *
 * Calls run in the order they are made, each with the clock read on this thread when it was made.
 * If the worker dies, the calls it had are refused and the next call starts a new one.
 */
import { Worker } from 'node:worker_threads';
import type { BoardStore, UpdateToAppend } from './BoardStore';
import { decodePositions, encodeAppends } from './appendBatch';
import { log } from '../log';
import { workerProgram } from '../workerProgram';

/** Every BoardStore method, each run by the worker. */
const METHODS = [
  'createBoard',
  'getBoard',
  'listBoards',
  'setCandidateName',
  'deleteBoard',
  'endBoard',
  'getLinkHashes',
  'replaceLinkHash',
  'findRevokedLink',
  'createSession',
  'isSessionValid',
  'deleteSession',
  'appendUpdates',
  'readLog',
  'readLogRange',
  'readEncodedLog',
  'loadDoc',
  'writeSnapshot',
  'compactedThrough',
  'logHeads',
  'compactLog',
  'staleLogs',
  'putAssessment',
  'getAssessment',
  'putAsset',
  'getAsset',
  'listAssets',
  'deleteAssets',
  'listQuestions',
  'getQuestion',
  'putQuestions',
] as const satisfies ReadonlyArray<Exclude<keyof BoardStore, 'close'>>;

// Every method but close is listed: adding one to BoardStore without listing it fails to compile.
type Unlisted = Exclude<keyof BoardStore, (typeof METHODS)[number] | 'close'>;
const everyMethodListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyMethodListed;

/** A call to the worker. */
export interface StoreCall {
  id: number;
  method: keyof BoardStore;
  args: unknown[];
  /** The main thread's clock when the call was made (the store's `now`). */
  now: number;
}

/** The worker's answer to a call (id 0: it is ready). */
export type StoreReply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: { name: string; message: string } };

interface Pending {
  method: keyof BoardStore;
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
}

/** Starts the worker's program (`storage/sqliteWorker.ts`, built to `sqliteWorker.mjs`). */
function startWorker(file: string): Worker {
  return new Worker(workerProgram('storage/sqliteWorker'), { workerData: { file } });
}

/** The store, and a way to kill its thread (fault tests: what happens to calls under way). */
export interface SqliteThreadStore extends BoardStore {
  /** Terminates the thread now, as a crash would; the next call starts a new one. */
  killThread(): Promise<void>;
}

/**
 * Opens the SQLite store in `file` on a worker thread; rejects when the file cannot be opened or
 * migrated (as `openSqliteStore` throws).
 */
export async function openSqliteStoreOnThread(
  file: string,
  now: () => number = Date.now,
): Promise<SqliteThreadStore> {
  let worker: Worker | null = null;
  let nextId = 1;
  const pending = new Map<number, Pending>();
  let closed = false;

  function start(): Worker {
    const w = startWorker(file);
    // The thread keeps the process alive only while a call waits for it.
    w.unref();
    w.on('message', (reply: StoreReply) => {
      const call = pending.get(reply.id);
      if (!call) return;
      pending.delete(reply.id);
      if (pending.size === 0) w.unref();
      if (reply.ok)
        call.resolve(
          call.method === 'appendUpdates' ? decodePositions(reply.value as Float64Array) : reply.value,
        );
      else call.reject(Object.assign(new Error(reply.error.message), { name: reply.error.name }));
    });
    w.on('error', (err) => log.error('the storage thread failed', { err: String(err) }));
    w.on('exit', (code) => {
      if (worker === w) worker = null;
      if (pending.size === 0) return;
      if (!closed) log.error('the storage thread stopped', { code, calls: pending.size });
      const err = new Error(`the storage thread stopped (exit code ${code})`);
      for (const call of pending.values()) call.reject(err);
      pending.clear();
    });
    return w;
  }

  function call(method: keyof BoardStore, args: unknown[]): Promise<unknown> {
    if (closed) return Promise.reject(new Error('the store is closed'));
    worker ??= start();
    const id = nextId++;
    // Appends, the hot path, cross as one buffer moved without a copy (appendBatch.ts).
    const packed = method === 'appendUpdates' ? encodeAppends(args[0] as UpdateToAppend[]) : null;
    const message: StoreCall = { id, method, args: packed ? [packed] : args, now: now() };
    return new Promise((resolve, reject) => {
      if (pending.size === 0) worker!.ref();
      pending.set(id, { method, resolve, reject });
      worker!.postMessage(message, packed ? [packed.buffer as ArrayBuffer] : []);
    });
  }

  const store = Object.fromEntries(
    METHODS.map((method) => [method, (...args: unknown[]) => call(method, args)]),
  ) as unknown as SqliteThreadStore;
  store.killThread = async () => {
    await worker?.terminate();
  };
  store.close = async () => {
    if (closed) return;
    const w = worker;
    if (!w) {
      closed = true;
      return;
    }
    const exited = new Promise((resolve) => w.once('exit', resolve));
    const done = call('close', []);
    closed = true;
    await done;
    w.ref(); // until it has exited: nothing else may be keeping the process alive
    await exited;
  };
  const first = start();
  worker = first;
  first.ref();
  await new Promise<void>((resolve, reject) => {
    const onReady = (reply: StoreReply) => {
      if (reply.id !== 0) return;
      first.off('message', onReady);
      first.off('error', reject);
      first.unref();
      resolve();
    };
    first.on('message', onReady);
    first.once('error', reject);
  });
  return store;
}
