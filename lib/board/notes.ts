/**
 * The interviewer's private notes: a separate document (`<boardId>:notes`) that the server
 * opens only to interviewer connections. Notes per step and overall, and rubric scores.
 */
import type * as Y from 'yjs';
import { z } from 'zod';
import { RUBRIC, STEP_COUNT, type RubricKey } from '../framework';
import type { DocPart } from './schema';
import { insertRecord, readRecords } from './records';

const KEY_NOTES = 'notes';
const KEY_SCORES = 'scores';
const KEY_MOMENTS = 'moments';

/** Longest note on a moment, in characters. */
export const MAX_MOMENT_NOTE_CHARS = 500;

/** Fields of a note on a moment of the interview ("mark this moment"). */
const MOMENT_FIELDS = {
  text: z.string().max(MAX_MOMENT_NOTE_CHARS),
  /** Board (server) time of the moment, unix ms. */
  at: z.number().finite().nonnegative(),
  step: z
    .number()
    .int()
    .min(0)
    .max(STEP_COUNT - 1),
  order: z.number().finite(),
};
const MomentNoteSchema = z.object(MOMENT_FIELDS);

/** Longest note, in characters. */
export const MAX_NOTE_CHARS = 20_000;

const SCORE_KEYS = new Set<string>([...RUBRIC.map((r) => r.key), 'overall']);

/** The notes document's parts: the interviewer's alone (the server admits nobody else to it). */
export const NOTES_PARTS: Readonly<Record<string, DocPart>> = {
  [KEY_NOTES]: {
    kind: 'map',
    writers: ['interviewer'],
    field: (key) => (/^(step[0-3]|overall)$/.test(key) ? z.string().max(MAX_NOTE_CHARS) : null),
  },
  [KEY_SCORES]: {
    kind: 'map',
    writers: ['interviewer'],
    field: (key) =>
      SCORE_KEYS.has(key) ? z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]) : null,
  },
  [KEY_MOMENTS]: { kind: 'collection', writers: ['interviewer'], fields: MOMENT_FIELDS, maxRecords: 500 },
};

/** A note the interviewer stamped on a moment of the interview. */
export type MomentNote = z.infer<typeof MomentNoteSchema> & { id: string };

/** Stamps a note on a moment (board time `at`, during `step`); returns its id, or null when empty. */
export function addMomentNote(doc: Y.Doc, note: { text: string; at: number; step: number }): string | null {
  const text = note.text.trim().slice(0, MAX_MOMENT_NOTE_CHARS);
  if (!text) return null;
  return insertRecord(doc.getMap<Y.Map<unknown>>(KEY_MOMENTS), { text, at: note.at, step: note.step });
}

/** Every note on a moment, in time order. */
export function readMomentNotes(doc: Y.Doc): MomentNote[] {
  return readRecords(doc.getMap<Y.Map<unknown>>(KEY_MOMENTS), MomentNoteSchema).sort((a, b) => a.at - b.at);
}

/** A 1-4 score, or null when not given. */
export type Score = 1 | 2 | 3 | 4 | null;

/** Everything in the notes document. */
export interface InterviewerNotes {
  /** One note per step, by step index. */
  steps: string[];
  overall: string;
  scores: Record<RubricKey, Score>;
  overallScore: Score;
}

function asScore(v: unknown): Score {
  return v === 1 || v === 2 || v === 3 || v === 4 ? v : null;
}

/** Reads the notes. */
export function readNotes(doc: Y.Doc): InterviewerNotes {
  const notes = doc.getMap<unknown>(KEY_NOTES);
  const scores = doc.getMap<unknown>(KEY_SCORES);
  const text = (k: string) => {
    const v = notes.get(k);
    return typeof v === 'string' ? v : '';
  };
  return {
    steps: Array.from({ length: STEP_COUNT }, (_, i) => text(`step${i}`)),
    overall: text('overall'),
    scores: Object.fromEntries(RUBRIC.map((r) => [r.key, asScore(scores.get(r.key))])) as Record<
      RubricKey,
      Score
    >,
    overallScore: asScore(scores.get('overall')),
  };
}

/** Sets the note of a step (0-3) or the overall note (`'overall'`). */
export function setNote(doc: Y.Doc, which: number | 'overall', text: string): void {
  const key = which === 'overall' ? 'overall' : `step${which}`;
  doc.getMap<unknown>(KEY_NOTES).set(key, text.slice(0, MAX_NOTE_CHARS));
}

/** Sets a rubric score (or the overall score with `'overall'`). */
export function setScore(doc: Y.Doc, which: RubricKey | 'overall', score: Score): void {
  const scores = doc.getMap<unknown>(KEY_SCORES);
  if (score === null) scores.delete(which);
  else scores.set(which, score);
}

/** Calls `listener` after any change to the notes; returns the unsubscribe function. */
export function observeNotes(doc: Y.Doc, listener: () => void): () => void {
  const handler = () => listener();
  doc.on('update', handler);
  return () => doc.off('update', handler);
}
