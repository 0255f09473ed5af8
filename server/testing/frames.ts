/**
 * Hand-built y-websocket frames for tests that must say things a stock client never says:
 * presence under someone else's client id, or sync step 1 over and over.
 */
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { MessageType, SyncMessageType } from '../../lib/protocol';
import { encodeAwareness, encodeSyncStep1, encodeSyncStep2 } from '../../lib/wire';

/** One entry of an awareness update: a client id, its clock and its state (null: gone). */
export interface AwarenessEntry {
  clientID: number;
  clock: number;
  state: unknown;
}

/** An awareness frame in y-protocols' format, with any client ids and clocks. */
export function awarenessFrame(entries: readonly AwarenessEntry[]): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, entries.length);
  for (const { clientID, clock, state } of entries) {
    encoding.writeVarUint(e, clientID);
    encoding.writeVarUint(e, clock);
    encoding.writeVarString(e, JSON.stringify(state));
  }
  return encodeAwareness(encoding.toUint8Array(e));
}

/** Sync step 1 with an empty state vector: "send me the whole document". */
export function wholeDocumentStep1(): Uint8Array {
  return encodeSyncStep1(Y.encodeStateVector(new Y.Doc()));
}

/** An update that holds nothing: no structs, no deletes. */
export const NOTHING = Y.encodeStateAsUpdate(new Y.Doc());

/**
 * A client's answer to the server's sync step 1 when it has nothing the server lacks. Until that
 * answer the server keeps an update that needs what it lacks (docs/architecture.md, "Authority").
 */
export function emptySyncAnswer(): Uint8Array {
  return encodeSyncStep2(NOTHING);
}

/** True when a frame the server sent is a sync step 2 (a full or partial document answer). */
export function isSyncStep2(frame: Uint8Array): boolean {
  return frame[0] === MessageType.Sync && frame[1] === SyncMessageType.Step2;
}
