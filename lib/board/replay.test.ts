import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ReplayEngine, updateAt } from './replay';
import { createBoardDoc } from './schema';
import { setStep } from './framework';
import { addScopeItem, readScope } from './scope';
import { decodeLog, encodeLog, type LogEntry } from '../history';

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
    for (const at of [999, 10, 700, 450, 451, 1_000]) {
      const expected = createBoardDoc();
      Y.applyUpdate(expected, updateAt(log, at));
      expect(engine.docAt(at).getMap('m').toJSON()).toEqual(expected.getMap('m').toJSON());
    }
    expect(engine.docAt(1_000).getMap('m').toJSON()).toEqual(client.getMap('m').toJSON());
  });
});
