/**
 * The worker thread that owns the SQLite connection (sqliteThread.ts starts it): it opens the
 * store on the file it is given and runs each call it receives, in the order they arrive, with
 * the main thread's clock reading of that call. better-sqlite3 is synchronous, so one call runs
 * to its end before the next is read.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { BoardStore, EncodedLog } from './BoardStore';
import { openSqliteStore } from './sqlite';
import type { StoreCall, StoreReply } from './sqliteThread';
import { decodeAppends, encodePositions } from './appendBatch';

const port = parentPort!;
let clock = Date.now();
const store: BoardStore = openSqliteStore((workerData as { file: string }).file, () => clock);

function reply(message: StoreReply, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer);
}

/**
 * The buffers an answer hands over without a copy, by method: appends' positions, and the encoded
 * log (a two-hour one is ~17 MB), whose buffer the encoder made for it alone. Nothing else: other
 * answers' bytes may be views into buffers the driver or Node still uses.
 */
function movable(method: StoreCall['method'], value: unknown): ArrayBuffer[] {
  if (method === 'appendUpdates') return [(value as Float64Array).buffer as ArrayBuffer];
  if (method === 'readEncodedLog') return [(value as EncodedLog).bytes.buffer as ArrayBuffer];
  return [];
}

port.on('message', (call: StoreCall) => {
  clock = call.now;
  let result: Promise<unknown>;
  try {
    const method = store[call.method] as (...args: unknown[]) => Promise<unknown>;
    // Appends arrive as one buffer and go back as positions in one (appendBatch.ts).
    result =
      call.method === 'appendUpdates'
        ? store
            .appendUpdates(decodeAppends(call.args[0] as Uint8Array))
            .then((positions) => encodePositions(positions))
        : method.apply(store, call.args);
  } catch (err) {
    result = Promise.reject(err);
  }
  result.then(
    (value) => {
      reply({ id: call.id, ok: true, value }, movable(call.method, value));
      if (call.method === 'close') port.close();
    },
    (err: unknown) =>
      reply({
        id: call.id,
        ok: false,
        error:
          err instanceof Error
            ? { name: err.name, message: err.message }
            : { name: 'Error', message: String(err) },
      }),
  );
});
reply({ id: 0, ok: true, value: 'ready' });
