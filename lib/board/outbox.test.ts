import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Outbox, writeParts, type OutboxClock } from './outbox';
import { BOARD_PARTS, createBoardDoc, readTldrawRecords, tldrawRecords, type RecordJson } from './schema';
import { arrowBetween, frameShape, geoShape } from './fixtures';
import { checkUpdate, RecordIndex } from './authority';
import { createSeedUpdate } from './seed';
import { checkBoardRecord } from './tldrawSchema';
import { MAX_MESSAGE_BYTES } from '../limits';

/** Time that moves only when the test says, and the timers due by then. */
function manualClock() {
  let now = 0;
  let timers: Array<{ at: number; run: () => void }> = [];
  const clock: OutboxClock = {
    now: () => now,
    after(ms, run) {
      const timer = { at: now + ms, run };
      timers.push(timer);
      return () => (timers = timers.filter((t) => t !== timer));
    },
  };
  const advance = (ms: number) => {
    now += ms;
    const due = timers.filter((t) => t.at <= now);
    timers = timers.filter((t) => t.at > now);
    for (const t of due) t.run();
  };
  return { clock, advance };
}

const LOCAL = { source: 'test' };

function setUp(share = { burstBytes: 64 * 1024, bytesPerSecond: 32 * 1024 }) {
  const doc = createBoardDoc();
  const kv = tldrawRecords(doc);
  const { clock, advance } = manualClock();
  const outbox = new Outbox(doc, kv, LOCAL, share, clock);
  const written: number[] = []; // bytes of each local update, in order
  doc.on('update', (u: Uint8Array, origin: unknown) => origin === LOCAL && written.push(u.length));
  return { doc, kv, outbox, advance, written };
}

/** `count` boxes moved to `y`. */
function boxes(count: number, y: number): RecordJson[] {
  return Array.from({ length: count }, (_, i) => geoShape({ id: `shape:b${i}`, x: i * 10, y }));
}

describe('a tab sending its own edits', () => {
  it('writes each change at once while its share lasts', () => {
    const { kv, outbox, written } = setUp();
    outbox.add(boxes(3, 0), []);
    expect(written).toHaveLength(1);
    outbox.add([], ['shape:b1']);
    expect(written).toHaveLength(2);
    expect(kv.has('shape:b1')).toBe(false);
    expect(outbox.size).toBe(0);
  });

  it('past its share, writes what waits together as the share refills: each record once, as it is by then', () => {
    const share = { burstBytes: 64 * 1024, bytesPerSecond: 32 * 1024 };
    const { kv, outbox, advance, written } = setUp(share);
    // A drag of 100 boxes at 60 frames a second for 10 s (~20 KB a frame, ~1.2 MB a second).
    const frames = 600;
    for (let frame = 1; frame <= frames; frame++) {
      outbox.add(boxes(100, frame), []);
      advance(1000 / 60);
    }
    advance(10_000); // the last write comes once the share allows it
    expect(outbox.size).toBe(0);
    expect(kv.get('shape:b99')?.y).toBe(frames);
    const sent = written.reduce((a, b) => a + b, 0);
    const largest = Math.max(...written);
    // Within the share over the drag and the second after it, give or take the one write that
    // took it below zero.
    expect(sent).toBeLessThanOrEqual(share.burstBytes + share.bytesPerSecond * 11 + largest);
    expect(written.length).toBeLessThan(frames / 5);
    expect(written.length).toBeGreaterThan(10); // still a drag the others see move
  });

  it('forgets what waits for a record a remote change replaced, and keeps the rest', () => {
    const { kv, outbox, advance } = setUp({ burstBytes: 1, bytesPerSecond: 1024 });
    outbox.add(boxes(2, 0), []); // spends the share
    outbox.add(boxes(2, 5), []); // waits
    expect(outbox.size).toBe(2);
    outbox.drop('shape:b0');
    advance(60_000);
    expect(kv.get('shape:b0')?.y).toBe(0);
    expect(kv.get('shape:b1')?.y).toBe(5);
  });

  it('writes what waits when it is disposed, and nothing after', () => {
    const { kv, outbox, advance, written } = setUp({ burstBytes: 1, bytesPerSecond: 1 });
    outbox.add(boxes(1, 0), []);
    outbox.add(boxes(1, 7), []);
    expect(kv.get('shape:b0')?.y).toBe(0);
    outbox.dispose();
    expect(kv.get('shape:b0')?.y).toBe(7);
    expect(written).toHaveLength(2);
    advance(60 * 60_000); // its timer was cancelled
    expect(written).toHaveLength(2);
  });
});

describe('a write too large for one message', () => {
  it('is written in parts the server accepts one by one: each under the message limit, parents and bound shapes first', () => {
    const BOARD = 'AAAAAAAAAAAAAAAAAAAAAA';
    // The room as the server holds it, and the tab's copy of it.
    const room = createBoardDoc();
    Y.applyUpdate(room, createSeedUpdate());
    const records = new RecordIndex(room);
    const tab = createBoardDoc();
    Y.applyUpdate(tab, Y.encodeStateAsUpdate(room));
    // A paste: ~1,200 shapes of long text (~4.7 MB in one update), frames with shapes inside them
    // and arrows bound to them, listed children first (the worst order).
    const frames = Array.from({ length: 40 }, (_, i) => frameShape(`Frame ${i}`, { id: `shape:frame${i}` }));
    const inside = Array.from({ length: 1_200 }, (_, i) => ({
      ...geoShape({ id: `shape:g${i}`, text: `${i}`.padEnd(3_500, 'x') }),
      parentId: `shape:frame${i % 40}`,
    }));
    const arrows = Array.from({ length: 20 }, (_, i) =>
      arrowBetween(`shape:g${i}`, `shape:g${i + 1}`),
    ).flat();
    const outbox = new Outbox(tab, tldrawRecords(tab), LOCAL);
    const updates: Uint8Array[] = [];
    tab.on('update', (u: Uint8Array, origin: unknown) => origin === LOCAL && updates.push(u));
    outbox.add([...arrows.reverse(), ...inside.reverse(), ...frames], []);
    expect(updates.length).toBeGreaterThan(1);
    for (const update of updates) {
      expect(update.length).toBeLessThan(MAX_MESSAGE_BYTES);
      const verdict = checkUpdate(update, {
        doc: room,
        parts: BOARD_PARTS,
        writer: 'candidate',
        checkRecord: (key, value) => checkBoardRecord(key, value, BOARD),
        records,
      });
      expect(verdict).toMatchObject({ ok: true });
      Y.applyUpdate(room, update);
    }
    expect(readTldrawRecords(room)).toHaveLength(readTldrawRecords(tab).length);
    // Removals come last, in the last part.
    const last = writeParts([
      ...inside.map((r): [string, RecordJson | null] => [r.id, r]),
      ['shape:old', null],
    ]);
    expect(last.at(-1)!.at(-1)).toEqual(['shape:old', null]);
  });

  it('keeps a small write in one transaction, in its order', () => {
    const entries: Array<[string, RecordJson | null]> = boxes(16, 0).map((r) => [r.id, r]);
    entries.push(['shape:gone', null]);
    expect(writeParts(entries)).toEqual([entries]);
  });
});
