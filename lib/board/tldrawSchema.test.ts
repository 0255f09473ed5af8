import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Awareness } from 'y-protocols/awareness';
import { atom, createShapeId, createTLStore, createUserId, UserRecordType, type TLUser } from 'tldraw';
import { createBoardTLSchema, migrateBoardDoc, sameSchema } from './tldrawSchema';
import { bindTldrawStore } from './tldraw';
import {
  createBoardDoc,
  readTldrawRecords,
  readTldrawSchema,
  seedBoardDoc,
  type RecordJson,
  type SerializedSchemaJson,
} from './schema';
import { createSeedUpdate } from './seed';
import { BOARD_SHAPE_UTILS } from '../../components/canvas/shapeUtils';
import { COMPONENT_SHAPE_TYPE, defaultComponentProps } from '../canvas/componentShape';
import preKit from './fixtures/pre-kit-board.json';

const OLD_SCHEMA = preKit.schema as unknown as SerializedSchemaJson;
const OLD_RECORDS = preKit.records as unknown as RecordJson[];
const SEQUENCE = `com.tldraw.shape.${COMPONENT_SHAPE_TYPE}`;

function storeWithUtils() {
  return createTLStore({ shapeUtils: BOARD_SHAPE_UTILS });
}

function componentRecord(store: ReturnType<typeof storeWithUtils>, pageId: string) {
  return store.schema.types.shape.create({
    id: createShapeId('lb'),
    type: COMPONENT_SHAPE_TYPE,
    parentId: pageId,
    index: 'a9',
    x: 10,
    y: 10,
    props: { ...defaultComponentProps('load-balancer'), replicas: 3 },
  } as never);
}

describe('the board tldraw schema', () => {
  it('is what a browser store with the board shape utils serializes, exactly', () => {
    const browser = storeWithUtils().schema.serialize();
    const node = createBoardTLSchema().serialize();
    expect(browser).toEqual(node);
    expect(sameSchema(browser as never, node as never)).toBe(true);
    expect(node.sequences[SEQUENCE]).toBe(0);
  });

  it('seeds new boards, so the first client writes nothing back', () => {
    const doc = createBoardDoc();
    Y.applyUpdate(doc, createSeedUpdate());
    expect(readTldrawSchema(doc)).toEqual(createBoardTLSchema().serialize());
  });

  it('compares schemas by their versions, not their key order', () => {
    const a = { schemaVersion: 2, sequences: { x: 1, y: 2 } };
    expect(sameSchema(a, { schemaVersion: 2, sequences: { y: 2, x: 1 } })).toBe(true);
    expect(sameSchema(a, { schemaVersion: 2, sequences: { x: 1, y: 3 } })).toBe(false);
    expect(sameSchema(a, { schemaVersion: 2, sequences: { x: 1 } })).toBe(false);
  });
});

describe('a board stored before the component kit', () => {
  it('migrates with the board schema (the server path) and loads into a store with the kit', () => {
    expect(OLD_SCHEMA.sequences).not.toHaveProperty(SEQUENCE);
    const snapshot = { store: Object.fromEntries(OLD_RECORDS.map((r) => [r.id, r])), schema: OLD_SCHEMA };
    const result = createBoardTLSchema().migrateStoreSnapshot(snapshot as never);
    expect(result.type).toBe('success');
    if (result.type !== 'success') return;

    const store = storeWithUtils();
    store.loadStoreSnapshot({ store: result.value, schema: createBoardTLSchema().serialize() } as never);
    const shapes = store.query.records('shape').get();
    expect(shapes.map((s) => s.type).sort()).toEqual(['arrow', 'geo', 'geo']);
    expect(store.query.records('binding').get()).toHaveLength(2);
    // and the kit works on it
    const pageId = store.query.records('page').get()[0]!.id;
    store.put([componentRecord(store, pageId)]);
    expect(store.query.records('shape').get()).toHaveLength(4);
  });

  it('is migrated by the server when its room loads, then opens in a browser as it is', () => {
    const doc = createBoardDoc();
    seedBoardDoc(doc, { schema: OLD_SCHEMA, records: OLD_RECORDS });
    expect(migrateBoardDoc(doc)).toBe(true);
    expect(migrateBoardDoc(doc)).toBe(false); // once
    const user = atom<TLUser>(
      'user',
      UserRecordType.create({ id: createUserId('u'), name: 'U', color: '#000' }),
    );
    const bound = bindTldrawStore({
      doc,
      awareness: new Awareness(doc),
      user,
      assets: { upload: async () => ({ src: '' }), resolve: () => null },
      shapeUtils: BOARD_SHAPE_UTILS,
    });
    try {
      expect(sameSchema(readTldrawSchema(doc)!, createBoardTLSchema().serialize() as never)).toBe(true);
      const stored = readTldrawRecords(doc);
      expect(stored.filter((r) => r.typeName === 'shape')).toHaveLength(3);
      expect(stored.filter((r) => r.typeName === 'binding')).toHaveLength(2);
      // A component drawn now is stored like any shape.
      const pageId = bound.store.query.records('page').get()[0]!.id;
      bound.store.put([componentRecord(bound.store as never, pageId)]);
      expect(readTldrawRecords(doc).find((r) => r.id === createShapeId('lb'))).toMatchObject({
        type: COMPONENT_SHAPE_TYPE,
        props: { kind: 'load-balancer', replicas: 3 },
      });
    } finally {
      bound.dispose();
    }
  });
});
