/**
 * Interview questions: what one is made of, the JSON file format for import and export
 * (versioned), and error messages that name the offending field. Shared by the server (which
 * validates everything it stores) and the interviewer's browser. Only the shapes live here: the
 * built-in questions are server data, so their hints never reach a candidate's bundle.
 */
import { z } from 'zod';
import {
  COMPONENT_KINDS,
  MAX_COMPONENT_DETAIL_CHARS,
  MAX_COMPONENT_LABEL_CHARS,
} from '../canvas/componentKinds';
import { MAX_PROMPT_CHARS, MAX_TITLE_CHARS } from '../limits';

/** `format` of a questions file. */
export const QUESTIONS_FILE_FORMAT = 'boardroom.questions';
/** The file version this server reads and writes. */
export const QUESTIONS_FILE_VERSION = 1;

/** Caps on every list and text of a question. */
export const QUESTION_LIMITS = {
  itemChars: 500,
  listItems: 30,
  estimateLabelChars: 120,
  estimateValueChars: 120,
  estimateWorkingChars: 600,
  rubricSignals: 12,
  templateComponents: 40,
  templateConnections: 80,
  templateCoordinate: 5_000,
  fileQuestions: 500,
} as const;

/** Largest questions file accepted by import, in bytes. */
export const MAX_QUESTIONS_FILE_BYTES = 2 * 1024 * 1024;

const L = QUESTION_LIMITS;
const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);
const list = (max: number) => z.array(text(L.itemChars)).max(max).default([]);

/** A key naming a template component (what connections refer to). */
const TemplateKey = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'use 1-40 lowercase letters, digits or dashes');

/** One component of a starter template. Positions are page units, relative to the template. */
export const TemplateComponent = z
  .object({
    key: TemplateKey,
    kind: z.enum(COMPONENT_KINDS),
    label: text(MAX_COMPONENT_LABEL_CHARS),
    x: z.number().finite().min(-L.templateCoordinate).max(L.templateCoordinate),
    y: z.number().finite().min(-L.templateCoordinate).max(L.templateCoordinate),
    replicas: z.number().int().min(1).max(999).default(1),
    tech: z.string().trim().max(MAX_COMPONENT_DETAIL_CHARS).default(''),
  })
  .strict();
export type TemplateComponent = z.infer<typeof TemplateComponent>;

/** A starter canvas a question may carry: components and the arrows between them. */
export const StarterTemplate = z
  .object({
    name: text(120),
    components: z.array(TemplateComponent).min(1).max(L.templateComponents),
    connections: z
      .array(z.object({ from: TemplateKey, to: TemplateKey }).strict())
      .max(L.templateConnections)
      .default([]),
  })
  .strict()
  .superRefine((t, ctx) => {
    const keys = new Set<string>();
    t.components.forEach((c, i) => {
      if (keys.has(c.key))
        ctx.addIssue({ code: 'custom', path: ['components', i, 'key'], message: `duplicate key "${c.key}"` });
      keys.add(c.key);
    });
    t.connections.forEach((c, i) => {
      for (const end of ['from', 'to'] as const)
        if (!keys.has(c[end]))
          ctx.addIssue({
            code: 'custom',
            path: ['connections', i, end],
            message: `no component has key "${c[end]}"`,
          });
    });
  });
export type StarterTemplate = z.infer<typeof StarterTemplate>;

/** A figure a sensible back-of-the-envelope lands near, with how to get there. */
export const ReferenceEstimate = z
  .object({
    label: text(L.estimateLabelChars),
    value: text(L.estimateValueChars),
    working: z.string().trim().max(L.estimateWorkingChars).default(''),
  })
  .strict();
export type ReferenceEstimate = z.infer<typeof ReferenceEstimate>;

/** Signals for each step of the framework (what a strong candidate does, and red flags). */
export const QuestionRubric = z
  .object({
    scope: list(L.rubricSignals),
    design: list(L.rubricSignals),
    deepDive: list(L.rubricSignals),
    wrapUp: list(L.rubricSignals),
  })
  .strict();
export type QuestionRubric = z.infer<typeof QuestionRubric>;

/** The rubric's steps, in framework order, with their names. */
export const RUBRIC_STEPS = [
  { key: 'scope', title: 'Understand the problem and scope' },
  { key: 'design', title: 'High-level design' },
  { key: 'deepDive', title: 'Deep dive' },
  { key: 'wrapUp', title: 'Wrap-up' },
] as const satisfies ReadonlyArray<{ key: keyof QuestionRubric; title: string }>;

/** A question's content: what an interviewer writes, and what a questions file holds. */
export const QuestionContent = z
  .object({
    title: text(MAX_TITLE_CHARS),
    prompt: z.string().trim().max(MAX_PROMPT_CHARS).default(''),
    /** What a good candidate should clarify. Interviewer-only. */
    scopeHints: list(L.listItems),
    /** Figures a sensible estimate lands near. Interviewer-only. */
    referenceEstimates: z.array(ReferenceEstimate).max(L.listItems).default([]),
    /** Components worth a deep dive. Interviewer-only. */
    deepDives: list(L.listItems),
    rubric: QuestionRubric.default({ scope: [], design: [], deepDive: [], wrapUp: [] }),
    template: StarterTemplate.nullable().default(null),
  })
  .strict();
export type QuestionContent = z.infer<typeof QuestionContent>;
/** What a questions file may omit (defaults fill in). */
export type QuestionContentInput = z.input<typeof QuestionContent>;

/** A question as the API returns it. */
export const Question = QuestionContent.extend({
  id: z.string(),
  /** Ships with Boardroom (read-only; duplicate it to change it). */
  builtIn: z.boolean(),
  archived: z.boolean(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type Question = z.infer<typeof Question>;

/** A question in a list: no hints, estimates, rubric or template. */
export const QuestionSummary = Question.pick({
  id: true,
  title: true,
  prompt: true,
  builtIn: true,
  archived: true,
  updatedAt: true,
}).extend({ hasTemplate: z.boolean() });
export type QuestionSummary = z.infer<typeof QuestionSummary>;

/** `GET /api/questions` response body. */
export const QuestionList = z.array(QuestionSummary);

/** A questions file (import and export), version 1. */
export const QuestionsFile = z
  .object({
    format: z.literal(QUESTIONS_FILE_FORMAT, { error: `must be "${QUESTIONS_FILE_FORMAT}"` }),
    version: z.literal(QUESTIONS_FILE_VERSION, {
      error: `this Boardroom reads version ${QUESTIONS_FILE_VERSION} files`,
    }),
    questions: z.array(QuestionContent).min(1, 'the file has no questions').max(L.fileQuestions),
  })
  .strict();
export type QuestionsFile = z.infer<typeof QuestionsFile>;

/** `POST /api/questions/import` response body. */
export const ImportResult = z.object({ imported: z.number(), ids: z.array(z.string()) });
export type ImportResult = z.infer<typeof ImportResult>;
