/** The wrap-up checklist (step 4): done or not, and a short note, per item. */
import type * as Y from 'yjs';
import { WRAPUP_ITEMS, type WrapupKey } from '../framework';
import { MAX_WRAPUP_NOTE_CHARS, wrapupMap } from './schema';

/** One checklist item's state. */
export interface WrapupEntry {
  key: WrapupKey;
  label: string;
  hint: string;
  done: boolean;
  note: string;
}

/** The checklist with everyone's ticks and notes. */
export function readWrapup(doc: Y.Doc): WrapupEntry[] {
  const map = wrapupMap(doc);
  return WRAPUP_ITEMS.map((item) => {
    const done = map.get(`${item.key}:done`);
    const note = map.get(`${item.key}:note`);
    return { ...item, done: done === true, note: typeof note === 'string' ? note : '' };
  });
}

/** Ticks or unticks an item. */
export function setWrapupDone(doc: Y.Doc, key: WrapupKey, done: boolean): void {
  wrapupMap(doc).set(`${key}:done`, done);
}

/** Sets an item's note. */
export function setWrapupNote(doc: Y.Doc, key: WrapupKey, note: string): void {
  wrapupMap(doc).set(`${key}:note`, note.slice(0, MAX_WRAPUP_NOTE_CHARS));
}
