/**
 * What only the SQLite store on its thread promises (the contract it shares with the others is
 * in conformance.test.ts): a file it cannot open fails the open, calls under way when the thread
 * dies fail instead of hanging, a transaction cut off by the thread's death leaves nothing behind,
 * and the next call works on a new thread.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openSqliteStoreOnThread } from './sqliteThread';
import { onCleanup, tempDir } from '../testing/harness';
import { setQuietLogs } from '../log';

setQuietLogs(true);
const BOARD = 'b0000000000000000000aa';

function text(value: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, value);
  return Y.encodeStateAsUpdate(doc);
}

async function openStore(file = path.join(tempDir(), 'boardroom.sqlite')) {
  const store = await openSqliteStoreOnThread(file);
  onCleanup(() => store.close());
  await store.createBoard({ id: BOARD, title: 'A', prompt: '', createdAt: 1 }, text('seed'), {
    candidate: null,
    reviewer: null,
  });
  return store;
}

describe('the SQLite store on its own thread', () => {
  it('fails to open a file it cannot open, like the store in-process', async () => {
    const notADatabase = path.join(tempDir(), 'boardroom.sqlite');
    fs.writeFileSync(notADatabase, 'this is not a database, and it is long enough to look like a header');
    await expect(openSqliteStoreOnThread(notADatabase)).rejects.toThrow();
  });

  it('fails the calls under way when its thread dies, keeps all or nothing of a batch, and works again', async () => {
    const store = await openStore();
    // A batch large enough to still be running when the thread is killed.
    const bytes = text('an update');
    const batch = Array.from({ length: 20_000 }, () => ({ docId: BOARD, bytes }));
    const cut = store.appendUpdates(batch);
    await store.killThread();
    const outcome = await cut.then(
      () => 'stored',
      (err: Error) => err.message,
    );
    const log = await store.readLog(BOARD); // on a new thread
    if (outcome === 'stored') expect(log).toHaveLength(1 + batch.length);
    else {
      expect(outcome).toMatch(/storage thread stopped/);
      expect(log).toHaveLength(1); // the seed only: the cut transaction rolled back
    }
    const [next] = await store.appendUpdates([{ docId: BOARD, bytes: text('after') }]);
    expect(next!.seq).toBeGreaterThan(log.at(-1)!.seq);
  });

  it("gives each call the main thread's clock reading of when it was made", async () => {
    let clock = 1_000;
    const file = path.join(tempDir(), 'boardroom.sqlite');
    const store = await openSqliteStoreOnThread(file, () => clock);
    onCleanup(() => store.close());
    await store.createBoard({ id: BOARD, title: 'A', prompt: '', createdAt: 1 }, text('seed'), {
      candidate: null,
      reviewer: null,
    });
    clock = 5_000;
    const [a] = await store.appendUpdates([{ docId: BOARD, bytes: text('a') }]);
    clock = 9_000;
    const [b] = await store.appendUpdates([{ docId: BOARD, bytes: text('b') }]);
    expect([a!.at, b!.at]).toEqual([5_000, 9_000]);
  });

  it('lets a script that closed it end: the thread keeps the process alive only while a call waits', () => {
    const dir = tempDir();
    const script = path.join(dir, 'script.mts');
    const storeModule = fileURLToPath(new URL('./sqliteThread.ts', import.meta.url));
    fs.writeFileSync(
      script,
      `import { openSqliteStoreOnThread } from ${JSON.stringify(storeModule)};
       const store = await openSqliteStoreOnThread(${JSON.stringify(path.join(dir, 'db.sqlite'))});
       console.log(JSON.stringify(await store.listBoards()));
       await store.close();
       console.log('closed');`,
    );
    const run = spawnSync(process.execPath, ['--import', 'tsx', script], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect({ status: run.status, stdout: run.stdout }).toEqual({ status: 0, stdout: '[]\nclosed\n' });
  });
});
