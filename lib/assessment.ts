/**
 * The interviewer's assessment, published to the review link on purpose (`POST
 * /api/boards/<id>/assessment`): a summary, rubric scores and selected notes. Until published,
 * everything the interviewer writes stays in the notes document, which only interviewers open.
 */
import { z } from 'zod';
import { RUBRIC } from './framework';

/** Longest summary, in characters. */
export const MAX_ASSESSMENT_SUMMARY_CHARS = 10_000;
/** Most notes an assessment may quote. */
export const MAX_ASSESSMENT_NOTES = 50;

const score = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.null()]);
const scoreKeys = [...RUBRIC.map((r) => r.key), 'overall'] as const;

/** What the interviewer publishes. */
export const AssessmentInput = z
  .object({
    summary: z.string().max(MAX_ASSESSMENT_SUMMARY_CHARS),
    scores: z
      .object(
        Object.fromEntries(scoreKeys.map((k) => [k, score.optional()])) as Record<
          string,
          z.ZodOptional<typeof score>
        >,
      )
      .strict()
      .optional(),
    notes: z
      .array(
        z
          .object({
            text: z.string().min(1).max(2_000),
            /** Board time the note was written at (unix ms), when it marks a moment. */
            at: z.number().int().nonnegative().optional(),
            step: z.number().int().min(0).max(3).optional(),
          })
          .strict(),
      )
      .max(MAX_ASSESSMENT_NOTES)
      .optional(),
  })
  .strict();
export type AssessmentInput = z.infer<typeof AssessmentInput>;

/** A published assessment as the API returns it. */
export const Assessment = AssessmentInput.extend({ publishedAt: z.number() });
export type Assessment = z.infer<typeof Assessment>;
