/** Scope items: assumptions, requirements and clarifying questions the candidate writes down. */
import type * as Y from 'yjs';
import { z } from 'zod';
import type { ScopeKind, StepIndex } from '../framework';
import { SCOPE_FIELDS, scopeMap } from './schema';
import { deleteRecord, insertRecord, moveRecord, patchRecord, readRecords, restoreRecord } from './records';
import type { Actor } from './timeline';

/** Longest scope text accepted, in characters. */
export const MAX_SCOPE_TEXT_CHARS = 1_000;

const { order: _order, ...itemFields } = SCOPE_FIELDS;
const ScopeItemSchema = z.object({
  ...itemFields,
  answer: SCOPE_FIELDS.answer.default(''),
  pinned: SCOPE_FIELDS.pinned.default(false),
});

/** A scope item as the panel shows it. */
export type ScopeItem = z.infer<typeof ScopeItemSchema> & { id: string; order: number };

function clean(text: string): string {
  return text.trim().slice(0, MAX_SCOPE_TEXT_CHARS);
}

/** Adds an item; returns its id, or null when the text is empty. */
export function addScopeItem(
  doc: Y.Doc,
  item: { kind: ScopeKind; text: string; step: StepIndex; by: Actor; at: number },
): string | null {
  const text = clean(item.text);
  if (!text) return null;
  return insertRecord(scopeMap(doc), {
    kind: item.kind,
    text,
    answer: '',
    step: item.step,
    authorId: item.by.id,
    authorName: item.by.name,
    at: item.at,
    pinned: false,
  });
}

/** Edits an item's text, answer or kind. An empty text deletes the item. */
export function updateScopeItem(
  doc: Y.Doc,
  id: string,
  patch: { text?: string; answer?: string; kind?: ScopeKind },
): void {
  const fields: Record<string, unknown> = {};
  if (patch.text !== undefined) {
    const text = clean(patch.text);
    if (!text) return deleteScopeItem(doc, id);
    fields.text = text;
  }
  if (patch.answer !== undefined) fields.answer = clean(patch.answer);
  if (patch.kind !== undefined) fields.kind = patch.kind;
  patchRecord(scopeMap(doc), id, fields);
}

/** Pins or unpins an item (pinned items stay at the top of the panel). */
export function setScopePinned(doc: Y.Doc, id: string, pinned: boolean): void {
  patchRecord(scopeMap(doc), id, { pinned });
}

/** Moves an item one place up or down. */
export function moveScopeItem(doc: Y.Doc, id: string, direction: -1 | 1): void {
  moveRecord(scopeMap(doc), readScope(doc), id, direction);
}

/** Deletes an item. */
export function deleteScopeItem(doc: Y.Doc, id: string): void {
  deleteRecord(scopeMap(doc), id);
}

/** Puts a deleted item back as it was, in its place (the Undo after a delete). */
export function restoreScopeItem(doc: Y.Doc, item: ScopeItem): boolean {
  const { id, ...fields } = item;
  return restoreRecord(scopeMap(doc), id, fields);
}

/** Every scope item in order. */
export function readScope(doc: Y.Doc): ScopeItem[] {
  return readRecords(scopeMap(doc), ScopeItemSchema);
}
