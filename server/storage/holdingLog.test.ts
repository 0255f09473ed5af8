import { describe, expect, it } from 'vitest';
import type { DocLog } from './docLog';
import { holdWhileUnreachable } from './holdingLog';
import { waitFor } from '../testing/harness';
import { setQuietLogs } from '../log';

setQuietLogs(true);

/** A log whose appends fail while `down` (the seam where a database outage shows). */
function flakyLog() {
  const stored: Array<{ docId: string; byte: number }> = [];
  const state = { down: false, refused: 0 };
  const log: DocLog = {
    load: () => Promise.resolve({ snapshot: null, updates: [] }),
    snapshot: () => Promise.resolve(),
    append: (docId, bytes) => {
      if (state.down) {
        state.refused++;
        return Promise.reject(new Error('connect ECONNREFUSED'));
      }
      stored.push({ docId, byte: bytes[0]! });
      return Promise.resolve({ seq: stored.length, at: 0 });
    },
  };
  return { log, stored, state };
}

describe('holding appends while storage is unreachable', () => {
  it('stores held appends in order once storage returns, resolving only then', async () => {
    const { log, stored, state } = flakyLog();
    const held = holdWhileUnreachable(log, { retryIntervalMs: 5 });
    state.down = true;
    const resolved: number[] = [];
    const appends = [1, 2, 3].map((n) =>
      held.append(n === 2 ? 'other' : 'doc', new Uint8Array([n]), null).then(() => resolved.push(n)),
    );
    await waitFor(() => state.refused >= 6, 2_000, 'several retries to fail');
    expect(resolved).toEqual([]);
    state.down = false;
    await Promise.all(appends);
    expect(stored.filter((s) => s.docId === 'doc').map((s) => s.byte)).toEqual([1, 3]);
    // Later appends go straight through again.
    await held.append('doc', new Uint8Array([4]), null);
    expect(stored.at(-1)).toEqual({ docId: 'doc', byte: 4 });
  });

  it('gives up after the longest hold, so the room can reset', async () => {
    const { log, state } = flakyLog();
    const held = holdWhileUnreachable(log, { retryIntervalMs: 5, maxHoldMs: 20 });
    state.down = true;
    let failed = false;
    held.append('doc', new Uint8Array([1]), null).catch(() => (failed = true));
    await waitFor(() => failed, 2_000, 'the append to fail');
  });
});
