import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { checkUpdate, MAX_NEW_STRUCTS, MAX_PLACEMENT_STEPS, RecordIndex, recordMemory } from './authority';
import {
  BOARD_PARTS,
  createBoardDoc,
  frameworkEvents,
  planMap,
  tldrawEntries,
  scopeMap,
  tldrawRecords,
  writeBoardEnded,
  type Writer,
} from './schema';
import { createSeedUpdate } from './seed';
import { checkBoardRecord, MAX_SHAPE_TEXT_CHARS } from './tldrawSchema';
import { concurrentAppends, embedShape, geoShape, putRecords, richText } from './fixtures';
import { addScopeItem } from './scope';

const BOARD = 'AAAAAAAAAAAAAAAAAAAAAA';
const ada = { id: 'a', name: 'Ada' };

/** A seeded room document and a client that has synced with it. */
function setup() {
  const room = createBoardDoc();
  Y.applyUpdate(room, createSeedUpdate());
  const records = new RecordIndex(room);
  const check = (update: Uint8Array, writer: Writer = 'candidate') =>
    checkUpdate(update, {
      doc: room,
      parts: BOARD_PARTS,
      writer,
      checkRecord: (key, value) => checkBoardRecord(key, value, BOARD),
      records,
    });
  /** The update `change` makes on a fresh copy of the room (a client that just synced). */
  const edit = (change: (doc: Y.Doc) => void): Uint8Array => {
    const client = createBoardDoc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(room));
    const before = Y.encodeStateVector(client);
    change(client);
    return Y.encodeStateAsUpdate(client, before);
  };
  /** Checks, then applies to the room when accepted (what the server does). */
  const send = (update: Uint8Array, writer: Writer = 'candidate') => {
    const verdict = check(update, writer);
    if (verdict.ok) Y.applyUpdate(room, update);
    return verdict;
  };
  return { room, check, edit, send };
}

const refused = (reason: RegExp | string, missing = false) => ({
  ok: false,
  reason: expect.stringMatching(reason),
  missing,
});

describe('checking client updates', () => {
  it('calls an update fresh only when it adds structs and every one is new', () => {
    const { edit, send } = setup();
    const shape = geoShape({ text: 'Cache' });
    const added = edit((client) => putRecords(client, [shape]));
    expect(send(added)).toMatchObject({ ok: true, fresh: true });
    expect(send(added)).toMatchObject({ ok: true, fresh: false }); // all of it known
    const moved = edit((client) => putRecords(client, [{ ...shape, x: 50 }]));
    expect(send(Y.mergeUpdates([added, moved]))).toMatchObject({ ok: true, fresh: false }); // part known
    expect(send(edit((client) => tldrawRecords(client).delete(shape.id)))).toMatchObject({
      ok: true,
      fresh: false,
    });
  });

  it('accepts what the browser writes: shapes, moves, deletes, scope items, the plan for interviewers', () => {
    const { edit, send } = setup();
    const shape = geoShape({ text: 'Load balancer' });
    expect(send(edit((client) => putRecords(client, [shape])))).toMatchObject({ ok: true });
    expect(send(edit((client) => putRecords(client, [{ ...shape, x: 300 }])))).toMatchObject({ ok: true });
    expect(
      send(
        edit((client) =>
          addScopeItem(client, { kind: 'assumption', text: '1M DAU', step: 0, by: ada, at: 1 }),
        ),
      ),
    ).toMatchObject({ ok: true });
    expect(
      send(
        edit((client) => planMap(client).set('budget1', 20)),
        'interviewer',
      ),
    ).toMatchObject({ ok: true });
    expect(send(edit((client) => tldrawRecords(client).delete(shape.id)))).toMatchObject({ ok: true });
  });

  it('refuses records tldraw would not load', () => {
    const { edit, check } = setup();
    const bad = [
      { ...geoShape(), typeName: 'spaceship' },
      geoShape({ props: { geo: 'banana' } }),
      geoShape({ props: { w: -5 } }),
      { ...geoShape(), id: 'page:sneaky' },
      { ...geoShape(), typeName: 'camera', id: 'camera:x' },
    ];
    for (const record of bad) {
      const update = edit((client) => tldrawRecords(client).set(record.id as string, record));
      expect(check(update), JSON.stringify(record).slice(0, 80)).toMatchObject({ ok: false });
    }
    const mismatched = edit((client) => tldrawRecords(client).set('shape:other', geoShape()));
    expect(check(mismatched)).toEqual(refused('its own id'));
  });

  it('refuses too much text in one shape, and records over the size limit', () => {
    const { edit, check } = setup();
    const long = geoShape({ text: 'x'.repeat(MAX_SHAPE_TEXT_CHARS + 1) });
    expect(check(edit((client) => putRecords(client, [long])))).toEqual(refused('at most 4000 characters'));
    const fat = geoShape({ props: { richText: richText('ok') } });
    (fat.meta as Record<string, unknown>).blob = 'y'.repeat(70_000);
    expect(check(edit((client) => putRecords(client, [fat])))).toEqual(refused('at most 65536 characters'));
  });

  it('refuses assets that point anywhere but this board', () => {
    const { edit, check } = setup();
    const asset = (src: string) => ({
      id: 'asset:img',
      typeName: 'asset',
      type: 'image',
      meta: {},
      props: { name: 'a.png', src, w: 10, h: 10, mimeType: 'image/png', isAnimated: false },
    });
    const ours = asset(`/api/assets/${BOARD}/AAAAAAAAAAAAAAAAAAAAAA`);
    expect(check(edit((client) => putRecords(client, [ours])))).toMatchObject({ ok: true });
    for (const src of ['https://evil.example/x.png', 'data:image/png;base64,AAAA', '/api/assets/other/x']) {
      expect(check(edit((client) => putRecords(client, [asset(src)])))).toEqual(refused('asset store'));
    }
    // A bookmark's preview image and icon are drawn as images too.
    const bookmark = (image: string, favicon: string) => ({
      id: 'asset:bookmark',
      typeName: 'asset',
      type: 'bookmark',
      meta: {},
      props: { title: 'Design doc', description: '', image, favicon, src: null },
    });
    const own = `/api/assets/${BOARD}/AAAAAAAAAAAAAAAAAAAAAA`;
    expect(check(edit((client) => putRecords(client, [bookmark('', own)])))).toMatchObject({ ok: true });
    for (const [image, favicon] of [
      ['https://evil.example/og.png', ''],
      ['', 'https://evil.example/favicon.ico'],
    ]) {
      expect(check(edit((client) => putRecords(client, [bookmark(image!, favicon!)])))).toEqual(
        refused('asset store'),
      );
    }
  });

  it('refuses embedded pages, whatever their address', () => {
    const { edit, check } = setup();
    for (const url of ['https://www.youtube.com/watch?v=x', 'https://evil.example/', `/b/${BOARD}`]) {
      expect(check(edit((client) => putRecords(client, [embedShape(url)])))).toEqual(refused('other hosts'));
    }
  });

  it('keeps the server parts to the server and the plan to the interviewer', () => {
    const { room, edit, check } = setup();
    expect(check(edit((client) => writeBoardEnded(client, 5)))).toEqual(
      refused('meta is written by server only'),
    );
    expect(
      check(
        edit((client) => writeBoardEnded(client, 5)),
        'interviewer',
      ),
    ).toMatchObject({ ok: false });
    const event = { type: 'step', step: 3, at: 1, by: ada };
    expect(
      check(
        edit((client) => frameworkEvents(client).push([event])),
        'interviewer',
      ),
    ).toEqual(refused('framework is written by server only'));
    expect(check(edit((client) => planMap(client).set('lengthMinutes', 60)))).toEqual(
      refused('plan is written by interviewer only'),
    );
    expect(
      check(
        edit((client) => planMap(client).set('lengthMinutes', 9_999)),
        'interviewer',
      ),
    ).toEqual(refused('invalid plan.lengthMinutes'));
    // Deleting what the server wrote is refused as well.
    frameworkEvents(room).push([event]); // as the server would
    expect(
      check(
        edit((client) => frameworkEvents(client).delete(0, 1)),
        'interviewer',
      ),
    ).toEqual(refused('framework is changed by server only'));
  });

  it('refuses unknown parts, unknown fields, nesting and bad values in the panel', () => {
    const { edit, check, send } = setup();
    expect(check(edit((client) => client.getMap('evil').set('x', 1)))).toEqual(
      refused('unknown part "evil"'),
    );
    expect(
      send(
        edit((client) => addScopeItem(client, { kind: 'assumption', text: 'x', step: 0, by: ada, at: 1 })),
      ),
    ).toMatchObject({ ok: true });
    const inRecord = (change: (record: Y.Map<unknown>) => void) =>
      edit((client) => change([...scopeMap(client).values()][0]!));
    expect(check(inRecord((r) => r.set('colour', 'red')))).toEqual(refused('unknown field "colour"'));
    expect(check(inRecord((r) => r.set('text', 'x'.repeat(1_001))))).toEqual(refused('invalid scope.text'));
    expect(check(inRecord((r) => r.set('step', 'two')))).toEqual(refused('invalid scope.step'));
    expect(check(inRecord((r) => r.set('text', 'edited')))).toMatchObject({ ok: true });
    const deep = inRecord((record) => {
      let map = new Y.Map<unknown>();
      record.set('text', map as never);
      for (let i = 0; i < 1_000; i++) {
        const next = new Y.Map<unknown>();
        map.set('m', next);
        map = next;
      }
    });
    expect(check(deep)).toMatchObject({ ok: false });
    expect(check(edit((client) => scopeMap(client).set('not a key!', new Y.Map())))).toEqual(
      refused('bad record id'),
    );
  });

  it('refuses updates that depend on something the room does not have', () => {
    const { room, check, send } = setup();
    // One client makes two edits; the server gets the second first.
    const client = createBoardDoc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(room));
    const edits: Uint8Array[] = [];
    client.on('update', (u: Uint8Array) => edits.push(u));
    putRecords(client, [geoShape({ id: 'shape:a' })]);
    putRecords(client, [geoShape({ id: 'shape:b' })]);
    const [first, second] = edits as [Uint8Array, Uint8Array];
    expect(check(second)).toEqual(refused('missing dependencies', true));
    expect(send(first)).toMatchObject({ ok: true });
    expect(send(second)).toMatchObject({ ok: true });
    // A delete of clocks the room has never seen (the items it deletes were withheld).
    const ghost = createBoardDoc();
    Y.applyUpdate(ghost, Y.encodeStateAsUpdate(room));
    const synced = Y.encodeStateVector(ghost);
    putRecords(ghost, [geoShape({ id: 'shape:ghost' })]);
    const withheld = Y.encodeStateVector(ghost);
    tldrawRecords(ghost).delete('shape:ghost');
    expect(Y.encodeStateAsUpdate(ghost, synced).length).toBeGreaterThan(0);
    expect(check(Y.encodeStateAsUpdate(ghost, withheld))).toEqual(refused('missing dependencies', true));
  });

  it('keeps the document record and at least one page', () => {
    const { edit, check } = setup();
    expect(check(edit((client) => tldrawRecords(client).delete('document:document')))).toEqual(
      refused('document record'),
    );
    expect(check(edit((client) => tldrawRecords(client).delete('page:page')))).toEqual(refused('one page'));
  });

  it('checks long runs without overflowing the stack', () => {
    const { edit, check } = setup();
    const update = edit((client) => {
      for (let i = 0; i < 5_000; i++) putRecords(client, [geoShape({ id: `shape:s${i}`, x: i })]);
    });
    expect(check(update)).toMatchObject({ ok: true });
  });

  it('refuses more panel records than a collection holds', () => {
    const { edit, check } = setup();
    const update = edit((client) => {
      for (let i = 0; i < 501; i++)
        addScopeItem(client, { kind: 'assumption', text: `a${i}`, step: 0, by: ada, at: 1 });
    });
    expect(check(update)).toEqual(refused('at most 500 records'));
  });

  it('takes additions at the end of a list or key only', () => {
    const { edit, check } = setup();
    const first = edit((client) =>
      tldrawEntries(client).insert(0, [{ key: 'shape:x', val: geoShape({ id: 'shape:x' }) }]),
    );
    expect(check(first)).toEqual(refused('tldraw is added to at its end only'));
  });

  it('charges items for what Yjs steps over to place them, and refuses an update past the bound', () => {
    const { room, send, check } = setup();
    const concurrent = (n: number) => concurrentAppends(room, n);
    // A few people drawing at once: each of n items may step over the other n.
    expect(check(concurrent(3))).toMatchObject({ ok: true, steps: 9 });
    // Hundreds naming one neighbour cost the square of their number (Yjs compares each with each).
    const crowd = Math.ceil(Math.sqrt(MAX_PLACEMENT_STEPS)) + 1;
    expect(check(concurrent(crowd))).toEqual(refused(`more than ${MAX_PLACEMENT_STEPS} steps`));

    // A client that last saw the board 300 appends ago steps over those 300 once.
    const stale = createBoardDoc();
    Y.applyUpdate(stale, Y.encodeStateAsUpdate(room));
    for (let i = 0; i < 300; i++) expect(send(concurrent(1))).toMatchObject({ ok: true, steps: 1 });
    const before = Y.encodeStateVector(stale);
    putRecords(stale, [geoShape(), geoShape()]);
    const late = Y.encodeStateAsUpdate(stale, before);
    expect(check(late)).toMatchObject({ ok: true, steps: 301 });
  });

  it(`refuses an update adding more than ${MAX_NEW_STRUCTS} structs`, () => {
    const { room, check } = setup();
    // Appends one at a time, every other one deleted: Yjs cannot merge neighbours that differ.
    const client = createBoardDoc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(room));
    const before = Y.encodeStateVector(client);
    const entries = tldrawEntries(client);
    const shape = geoShape();
    for (let i = 0; i <= MAX_NEW_STRUCTS; i++) {
      entries.push([{ key: shape.id, val: shape }]);
      if (i % 2 === 0) entries.delete(entries.length - 1);
    }
    expect(check(Y.encodeStateAsUpdate(client, before))).toEqual(
      refused(`more than ${MAX_NEW_STRUCTS} new structs`),
    );
  });

  it('charges deletions for the ranges and structs they name', () => {
    const { room, edit, send, check } = setup();
    const shape = geoShape();
    expect(send(edit((client) => putRecords(client, [shape])))).toMatchObject({ ok: true });
    expect(send(edit((client) => tldrawRecords(client).delete(shape.id)))).toMatchObject({ ok: true });
    const [author, [item]] = [...room.store.clients].find(([, structs]) =>
      structs.some((s) => s instanceof Y.Item && s.deleted),
    )!;
    /** An update deleting the same deleted item `ranges` times over (Yjs looks each range up). */
    const deleting = (ranges: number) => {
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, 0); // no structs
      encoding.writeVarUint(e, 1); // one client's deletions
      encoding.writeVarUint(e, author);
      encoding.writeVarUint(e, ranges);
      for (let i = 0; i < ranges; i++) {
        encoding.writeVarUint(e, item!.id.clock);
        encoding.writeVarUint(e, 1);
      }
      return encoding.toUint8Array(e);
    };
    expect(check(deleting(10))).toMatchObject({ ok: true, steps: 20 });
    expect(check(deleting(MAX_PLACEMENT_STEPS / 2 + 1))).toEqual(
      refused(`more than ${MAX_PLACEMENT_STEPS} steps`),
    );
  });

  it("charges items that name a position inside another of the update's structs (Yjs splits it there)", () => {
    const { room, check } = setup();
    let end = tldrawEntries(room)._start!;
    while (end.right) end = end.right;
    /** One run of m + 1 empty items after the room's end, then m items each naming a position inside it. */
    const splitting = (m: number) => {
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, 2); // two clients
      encoding.writeVarUint(e, m); // client 2: m items
      encoding.writeVarUint(e, 2);
      encoding.writeVarUint(e, 0);
      for (let i = 0; i < m; i++) {
        encoding.writeUint8(e, 0x80 | 1); // a left neighbour, empty deleted content
        encoding.writeVarUint(e, 1);
        encoding.writeVarUint(e, m - 1 - i);
        encoding.writeVarUint(e, 1);
      }
      encoding.writeVarUint(e, 1); // client 1: the run
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint(e, 0);
      encoding.writeUint8(e, 0x80 | 1);
      encoding.writeVarUint(e, end.id.client);
      encoding.writeVarUint(e, end.id.clock + end.length - 1);
      encoding.writeVarUint(e, m + 1);
      encoding.writeVarUint(e, 0); // no deletions
      return encoding.toUint8Array(e);
    };
    expect(check(splitting(10))).toMatchObject({ ok: true, steps: 11 + 10 * 11 });
    expect(check(splitting(400))).toEqual(refused(`more than ${MAX_PLACEMENT_STEPS} steps`));
  });

  it('counts what an update deletes of its own additions: a copy added and deleted leaves nothing', () => {
    const { room, check, send } = setup();
    /**
     * The update `change` makes on a synced client that keeps deleted content (Yjs's gc off), so
     * an entry it adds and deletes again travels whole, with its deletion.
     */
    const keeping = (change: (entries: ReturnType<typeof tldrawEntries>) => void) => {
      const client = createBoardDoc();
      client.gc = false;
      Y.applyUpdate(client, Y.encodeStateAsUpdate(room));
      const before = Y.encodeStateVector(client);
      client.transact(() => change(tldrawEntries(client)));
      return Y.encodeStateAsUpdate(client, before);
    };
    /** Adds a copy of `key`'s record, deletes the copy again, and deletes the room's entry. */
    const swap = (key: string) =>
      keeping((entries) => {
        const original = entries.toArray().findIndex((e) => e.key === key);
        entries.push([{ key, val: entries.get(original).val }]);
        entries.delete(entries.length - 1);
        entries.delete(original);
      });
    expect(check(swap('document:document'))).toEqual(refused('the document record cannot be deleted'));
    expect(check(swap('page:page'))).toEqual(refused('a board keeps at least one page'));
    // Two shapes each other's parent, behind a second entry for one of them deleted in the same update.
    const a = geoShape({ id: 'shape:a' });
    const b = { ...geoShape({ id: 'shape:b' }), parentId: a.id };
    expect(
      send(
        keeping((entries) =>
          entries.push([
            { key: a.id, val: a },
            { key: b.id, val: b },
          ]),
        ),
      ),
    ).toMatchObject({
      ok: true,
    });
    const loop = keeping((entries) => {
      entries.push([{ key: a.id, val: { ...a, parentId: b.id } }]);
      entries.push([{ key: a.id, val: a }]);
      entries.delete(entries.length - 1);
    });
    expect(check(loop)).toEqual(refused('shapes may not be their own ancestors'));
  });

  it('keeps its record index as a fresh one would see the room, edit after edit', () => {
    const { room, edit, send } = setup();
    const live = new RecordIndex(room);
    const snapshot = (index: RecordIndex) => ({
      keys: [...index.keys()].sort().map((key) => [key, index.count(key), index.parentOf(key) ?? null]),
      memory: index.memory,
    });
    const frame = geoShape({ id: 'shape:frame' });
    const inner = { ...geoShape({ id: 'shape:inner' }), parentId: frame.id };
    const steps: Array<(doc: Y.Doc) => void> = [
      (doc) => putRecords(doc, [frame, inner]),
      (doc) => putRecords(doc, [{ ...inner, x: 40 }]),
      (doc) =>
        doc.transact(() =>
          putRecords(doc, [
            { ...frame, x: 5 },
            { ...frame, x: 6 },
          ]),
        ),
      (doc) => tldrawRecords(doc).delete(inner.id),
      (doc) => putRecords(doc, [{ ...inner, parentId: 'page:page' }]),
    ];
    for (const step of steps) {
      expect(send(edit(step))).toMatchObject({ ok: true });
      expect(snapshot(live)).toEqual(snapshot(new RecordIndex(room)));
      // What the live entries take, no more: replaced and deleted values are given back.
      const entries = tldrawEntries(room).toArray();
      expect(live.memory).toBe(entries.reduce((n, e) => n + recordMemory(e), 0));
    }
    expect(live.count(inner.id)).toBe(1);
    expect(live.parentOf(inner.id)).toBe('page:page');
  });

  it('estimates what the records an update adds take decoded, however few bytes they are', () => {
    const { check, edit, send } = setup();
    const shape = geoShape({ id: 'shape:a' });
    const plain = check(edit((doc) => putRecords(doc, [shape])));
    expect(plain).toMatchObject({ ok: true, memory: recordMemory({ key: shape.id, val: shape }) });
    // 2,000 empty objects: 6 KB of JSON, ~130 KB of heap (V8: ~65 bytes each).
    const padded = { ...shape, meta: { pad: Array.from({ length: 2_000 }, () => ({})) } };
    const heavy = check(edit((doc) => putRecords(doc, [padded])));
    expect(heavy.ok && heavy.memory - (plain.ok ? plain.memory : 0)).toBeGreaterThan(2_000 * 64);
    // Deleting adds nothing.
    expect(send(edit((doc) => putRecords(doc, [shape])))).toMatchObject({ ok: true });
    expect(check(edit((doc) => tldrawRecords(doc).delete(shape.id)))).toMatchObject({ ok: true, memory: 0 });
  });
});
