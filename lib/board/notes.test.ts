import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { checkUpdate } from './authority';
import { addMomentNote, NOTES_PARTS, readMomentNotes } from './notes';
import type { Writer } from './schema';

/** Checks the update `change` makes on a notes document, as the server does. */
function check(change: (doc: Y.Doc) => void, writer: Writer = 'interviewer') {
  const room = new Y.Doc();
  const client = new Y.Doc();
  change(client);
  return checkUpdate(Y.encodeStateAsUpdate(client), {
    doc: room,
    parts: NOTES_PARTS,
    writer,
    checkRecord: () => ({ ok: true }) as never,
  });
}

describe('notes on moments', () => {
  it('the interviewer stamps notes with board time; they read back in time order', () => {
    const doc = new Y.Doc();
    addMomentNote(doc, { text: 'Good question about scale', at: 2_000, step: 0 });
    addMomentNote(doc, { text: '  Jumped to the database  ', at: 1_000, step: 0 });
    expect(addMomentNote(doc, { text: '   ', at: 3_000, step: 1 })).toBeNull();
    expect(readMomentNotes(doc).map((n) => [n.at, n.text])).toEqual([
      [1_000, 'Jumped to the database'],
      [2_000, 'Good question about scale'],
    ]);
    expect(check((d) => addMomentNote(d, { text: 'ok', at: 1, step: 2 }))).toMatchObject({ ok: true });
  });

  it('refuses them from anyone else and with fields out of bounds', () => {
    expect(check((d) => addMomentNote(d, { text: 'x', at: 1, step: 0 }), 'candidate').ok).toBe(false);
    expect(
      check((d) => {
        const id = addMomentNote(d, { text: 'x', at: 1, step: 0 })!;
        d.getMap<Y.Map<unknown>>('moments').get(id)!.set('step', 9);
      }).ok,
    ).toBe(false);
    expect(
      check((d) => {
        const id = addMomentNote(d, { text: 'x', at: 1, step: 0 })!;
        d.getMap<Y.Map<unknown>>('moments').get(id)!.set('text', 'y'.repeat(501));
      }).ok,
    ).toBe(false);
  });
});
