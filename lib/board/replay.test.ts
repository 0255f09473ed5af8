import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ReplayEngine, updateAt } from './replay';
import { createBoardDoc, tldrawRecords } from './schema';
import { setStep } from './framework';
import { addScopeItem, readScope, setScopePinned, updateScopeItem } from './scope';
import { decodeLog, encodeLog, type LogActor, type LogEntry } from '../history';

const ada = { id: 'a', name: 'Ada' };

/** Everything the scripted session touches, as plain data. */
function dump(doc: Y.Doc) {
  return {
    shapes: doc.getMap('shapes').toJSON(),
    framework: doc.getArray('framework').toJSON(),
    scope: readScope(doc),
    stateVector: Array.from(Y.encodeStateVector(doc)),
  };
}

/** Records every update a client makes, stamped with a scripted clock, and the client's state at each stamp. */
function scriptedSession() {
  const client = createBoardDoc();
  const log: LogEntry[] = [];
  const seen: Array<{ at: number; state: unknown }> = [];
  let now = 1_000;
  client.on('update', (update: Uint8Array) => log.push({ at: now, update }));
  const step = (at: number, change: () => void) => {
    now = at;
    change();
    seen.push({ at, state: dump(client) });
  };
  step(1_000, () => client.getMap('shapes').set('box', { x: 1 }));
  step(2_000, () => client.getMap('shapes').set('arrow', { from: 'box' }));
  step(2_000, () => client.getMap('shapes').set('box', { x: 5 })); // same millisecond
  step(3_000, () => setStep(client, 1, ada, 3_000));
  step(4_000, () => client.getMap('shapes').delete('arrow'));
  step(5_000, () =>
    addScopeItem(client, { kind: 'assumption', text: '1M DAU', step: 1, by: ada, at: 5_000 }),
  );
  step(6_000, () => setStep(client, 2, ada, 6_000));
  return { client, log, seen };
}

describe('replay', () => {
  it('rebuilds exactly the state the client had at each moment, forward and back', () => {
    const { log, seen } = scriptedSession();
    const engine = new ReplayEngine(decodeLog(encodeLog(log)));
    expect(dump(engine.docAt(999))).toEqual(dump(createBoardDoc())); // before the first edit: empty
    for (const { at, state } of seen.filter((s, i, all) => all.findLastIndex((o) => o.at === s.at) === i)) {
      expect(dump(engine.docAt(at)), `at ${at}`).toEqual(state);
    }
    // backwards, then forwards again
    expect(engine.docAt(1_500).getMap('shapes').toJSON()).toEqual({ box: { x: 1 } });
    expect(engine.docAt(4_500).getMap('shapes').toJSON()).toEqual({ box: { x: 5 } });
    expect(readScope(engine.docAt(9_000)).map((s) => s.text)).toEqual(['1M DAU']);
  });

  it('marks where each step began, on the log time of the update that began it', () => {
    const { log } = scriptedSession();
    const engine = new ReplayEngine(log);
    expect(engine.markers.map((m) => [m.step, m.at, m.by])).toEqual([
      [1, 3_000, 'Ada'],
      [2, 6_000, 'Ada'],
    ]);
    // the end of step 1 is the moment before step 2's marker
    const endOfStep1 = engine.docAtIndex(engine.markers[0]!.index - 1);
    expect(endOfStep1.getMap('shapes').toJSON()).toEqual({ box: { x: 5 }, arrow: { from: 'box' } });
  });

  it('uses checkpoints on long logs and gives the same result as a single update', () => {
    const client = createBoardDoc();
    const log: LogEntry[] = [];
    let t = 0;
    client.on('update', (update: Uint8Array) => log.push({ at: t, update }));
    for (t = 1; t <= 1_000; t++) client.getMap('m').set(`k${t % 37}`, t);
    const engine = new ReplayEngine(log);
    const seekAll = () => {
      for (const at of [999, 10, 700, 450, 451, 1_000]) {
        const expected = createBoardDoc();
        Y.applyUpdate(expected, updateAt(log, at));
        expect(engine.docAt(at).getMap('m').toJSON(), `at ${at}`).toEqual(expected.getMap('m').toJSON());
      }
    };
    seekAll();
    // the checkpoints filled in later (in slices) give the same documents
    while (!engine.fillCheckpoints(0.01));
    seekAll();
    for (const at of [999, 10, 700, 450, 451, 1_000]) {
      const expected = createBoardDoc();
      Y.applyUpdate(expected, updateAt(log, at));
      expect(engine.docAt(at).getMap('m').toJSON()).toEqual(expected.getMap('m').toJSON());
    }
    expect(engine.docAt(1_000).getMap('m').toJSON()).toEqual(client.getMap('m').toJSON());
  });
});

describe('replay moments', () => {
  it('types the moments, knows who created each shape, and marks an entry that does not apply as a gap', () => {
    const client = createBoardDoc();
    const log: LogEntry[] = [];
    let now = 1_000;
    let actor: LogActor = { role: 'candidate', name: 'Cai' };
    client.on('update', (update: Uint8Array) => log.push({ at: now, update, actor, step: 0 }));
    tldrawRecords(client).set('shape:a', { id: 'shape:a', typeName: 'shape' } as never);
    now = 2_000;
    const id = addScopeItem(client, {
      kind: 'question',
      text: 'How many users?',
      step: 0,
      by: ada,
      at: now,
    })!;
    now = 3_000;
    actor = { role: 'interviewer', name: 'Ivy' };
    updateScopeItem(client, id, { answer: '10M' });
    setScopePinned(client, id, true);
    tldrawRecords(client).set('shape:b', { id: 'shape:b', typeName: 'shape' } as never);
    now = 4_000;
    setStep(client, 1, ada, now);
    log.splice(2, 0, { at: 2_000, update: new Uint8Array([1, 2, 3]) }); // corrupt

    const engine = new ReplayEngine(log);
    expect(engine.moments.map((m) => [m.kind, m.at])).toEqual([
      ['scope', 2_000],
      ['gap', 2_000],
      ['answer', 3_000],
      ['pin', 3_000],
      ['step', 4_000],
    ]);
    expect(engine.failed).toEqual([2]);
    expect(Object.fromEntries(engine.shapeAuthors)).toEqual({ 'shape:a': 'Cai', 'shape:b': 'Ivy' });
    expect(readScope(engine.docAtIndex(log.length))[0]).toMatchObject({ answer: '10M', pinned: true });
  });

  it('reads each checkpoint once ahead of the seeks, a slice at a time, and seeks give the same documents', () => {
    const client = createBoardDoc();
    const log: LogEntry[] = [];
    let t = 0;
    client.on('update', (update: Uint8Array) => log.push({ at: t, update }));
    for (t = 1; t <= 1_000; t++)
      client.getMap('m').set(`k${t % 37}`, { t, label: 'a value long enough to share' });
    const engine = new ReplayEngine(log);
    while (!engine.fillCheckpoints(0.01));
    // Checkpoints at 0, every 200 and at the end: one read per call with no time to spare.
    let calls = 1;
    while (!engine.warmSeeks(0)) calls++;
    expect(calls).toBe(6);
    expect(engine.warmSeeks(0)).toBe(true);
    for (const at of [999, 10, 700, 450]) {
      const expected = createBoardDoc();
      Y.applyUpdate(expected, updateAt(log, at));
      expect(engine.docAt(at).getMap('m').toJSON(), `at ${at}`).toEqual(expected.getMap('m').toJSON());
    }
  });
});
