/**
 * The first update of every board, built on the server with tldraw's schema package
 * (which runs in Node): a document record, one page, and the board's schema (tldraw's shapes
 * plus the component kit).
 */
import * as Y from 'yjs';
import { DocumentRecordType, PageRecordType, TLDOCUMENT_ID } from '@tldraw/tlschema';
import { createBoardDoc, seedBoardDoc, type RecordJson, type SerializedSchemaJson } from './schema';
import { createBoardTLSchema } from './tldrawSchema';

/** Id of the page every board starts with (tldraw's own default id). */
export const FIRST_PAGE_ID = PageRecordType.createId('page');

type PageIndex = Parameters<typeof PageRecordType.create>[0]['index'];
const FIRST_PAGE_INDEX = 'a1' as PageIndex;

/** Builds the seed update for a new board. */
export function createSeedUpdate(): Uint8Array {
  const doc = createBoardDoc();
  const schema = createBoardTLSchema().serialize() as unknown as SerializedSchemaJson;
  const records = [
    DocumentRecordType.create({ id: TLDOCUMENT_ID }),
    PageRecordType.create({ id: FIRST_PAGE_ID, name: 'Page 1', index: FIRST_PAGE_INDEX }),
  ] as unknown as RecordJson[];
  seedBoardDoc(doc, { schema, records });
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}
