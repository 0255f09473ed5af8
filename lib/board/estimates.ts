/** Saved back-of-the-envelope estimates (step 2). Results are derived from the stored inputs. */
import type * as Y from 'yjs';
import { z } from 'zod';
import { DEFAULT_INPUTS, estimate, type EstimateInputs, type EstimateResults } from '../backOfEnvelope';
import { ESTIMATE_FIELDS, estimatesMap } from './schema';
import { deleteRecord, insertRecord, patchRecord, readRecords } from './records';
import type { Actor } from './timeline';

const InputsSchema = ESTIMATE_FIELDS.inputs satisfies z.ZodType<EstimateInputs>;

const { order: _order, ...estimateFields } = ESTIMATE_FIELDS;
const EstimateSchema = z.object({
  ...estimateFields,
  inputs: InputsSchema.catch(DEFAULT_INPUTS),
  pinned: ESTIMATE_FIELDS.pinned.default(false),
});

/** A saved estimate with its computed results (null when its inputs are invalid). */
export type SavedEstimate = z.infer<typeof EstimateSchema> & {
  id: string;
  order: number;
  results: EstimateResults | null;
};

/** Saves an estimate; refuses invalid inputs (the caller shows the validation messages). */
export function addEstimate(
  doc: Y.Doc,
  e: { label: string; inputs: EstimateInputs; by: Actor; at: number },
): string {
  const outcome = estimate(e.inputs);
  if (!outcome.ok) throw new Error('estimate inputs are invalid');
  return insertRecord(estimatesMap(doc), {
    label: e.label.trim().slice(0, 200) || 'Estimate',
    inputs: e.inputs,
    authorId: e.by.id,
    authorName: e.by.name,
    at: e.at,
    pinned: false,
  });
}

/** Pins or unpins an estimate. */
export function setEstimatePinned(doc: Y.Doc, id: string, pinned: boolean): void {
  patchRecord(estimatesMap(doc), id, { pinned });
}

/** Deletes an estimate. */
export function deleteEstimate(doc: Y.Doc, id: string): void {
  deleteRecord(estimatesMap(doc), id);
}

/** Every saved estimate, oldest first, with results. */
export function readEstimates(doc: Y.Doc): SavedEstimate[] {
  return readRecords(estimatesMap(doc), EstimateSchema).map((e) => {
    const outcome = estimate(e.inputs);
    return { ...e, results: outcome.ok ? outcome.results : null };
  });
}
