/**
 * The four-step system-design interview framework, as the product presents it: step titles,
 * guidance and prompts (our own words), time budgets, and the wrap-up checklist.
 */

/** Index of a step: 0 scope, 1 high-level design, 2 deep dive, 3 wrap-up. */
export type StepIndex = 0 | 1 | 2 | 3;

/** Number of steps. */
export const STEP_COUNT = 4;

/** One step of the framework. */
export interface StepDefinition {
  index: StepIndex;
  /** Short name, shown in the step list. */
  title: string;
  /** One line on what this step is for. */
  summary: string;
  /** What to do during the step. */
  guidance: string[];
  /** Questions worth asking (or expecting) during the step. */
  prompts: string[];
}

/** The four steps. */
export const STEPS: readonly StepDefinition[] = [
  {
    index: 0,
    title: 'Understand the problem and scope',
    summary: 'Agree on what is being built, for whom, and at what scale, before drawing anything.',
    guidance: [
      'Ask questions until the goal is clear; the interviewer expects them.',
      'Write every assumption down as you make it, especially after the interviewer says "assume…".',
      'Split requirements into functional (the top few things users can do) and non-functional (latency, availability, consistency, durability, security).',
      'Find out which areas the interviewer most wants to explore.',
    ],
    prompts: [
      'Which features matter most? What is out of scope?',
      'How many users now, and in 3, 6 and 12 months?',
      'Which platforms: web, mobile, both?',
      'Is there an existing tech stack or service to build on?',
      'Who is the audience, and where are they?',
      'What read:write ratio and peak traffic should we expect?',
    ],
  },
  {
    index: 1,
    title: 'High-level design',
    summary: 'Sketch the blueprint both of you agree on: the main boxes and how they connect.',
    guidance: [
      'Start only once the scope is agreed.',
      'Draw clients, services, data stores and the flows between them; keep it coarse.',
      'Run back-of-the-envelope numbers to size the system and spot bottlenecks early.',
      'Check the blueprint with the interviewer before going deeper.',
    ],
    prompts: [
      'What are the main API calls?',
      'Where does the data live, and how is it modelled?',
      'Which part takes the most load, reads or writes?',
      'Do the numbers fit one machine, or do we need to partition?',
    ],
  },
  {
    index: 2,
    title: 'Deep dive',
    summary: 'Pick one to three components and design them in detail.',
    guidance: [
      'Start only once the high-level blueprint is agreed.',
      'Choose one to three components together; ask whether the interviewer has a favourite.',
      'Go into data structures, algorithms, trade-offs and failure handling for those components.',
      'Spend time where it shows judgement; skip detail that does not.',
    ],
    prompts: [
      'Which component is the riskiest or the most interesting?',
      'What happens when it fails, or when the load doubles?',
      'Which trade-offs did we make, and what would change them?',
    ],
  },
  {
    index: 3,
    title: 'Wrap-up',
    summary: 'Step back: recap, find the weak spots, and say what comes next.',
    guidance: [
      'Recap the design and the decisions that shaped it.',
      'Name the bottlenecks and how you would improve them: no design is perfect.',
      'Walk through error cases, operations and the next order of magnitude of scale.',
      'Leave room for the interviewer’s own questions.',
    ],
    prompts: [
      'Where would this design break first?',
      'What would you monitor, and how would you roll out a change?',
      'What changes at ten times the load?',
    ],
  },
];

/** Interview lengths offered, in minutes, with per-step budgets summing to the length. */
export const LENGTH_PRESETS: Readonly<Record<45 | 60, readonly [number, number, number, number]>> = {
  // Commonly taught split for a 45-minute round: 3-10 / 10-15 / 10-25 / 3-5 minutes.
  45: [5, 15, 20, 5],
  // The same proportions for 60 minutes: about 5-12 / 12-20 / 15-30 / 5-8.
  60: [8, 17, 27, 8],
};

/** The default interview length in minutes. */
export const DEFAULT_LENGTH_MINUTES = 45;

/** Shortest and longest interview the clock accepts, in minutes. */
export const MIN_LENGTH_MINUTES = 10;
export const MAX_LENGTH_MINUTES = 240;

/** Per-step budgets (minutes) for any length: a preset, or the 45-minute split scaled. */
export function defaultBudgets(lengthMinutes: number): [number, number, number, number] {
  if (lengthMinutes === 45 || lengthMinutes === 60) return [...LENGTH_PRESETS[lengthMinutes]];
  const base = LENGTH_PRESETS[45];
  const scaled = base.map((m) => Math.max(1, Math.round((m * lengthMinutes) / 45)));
  // Put any rounding difference on the deep dive, the step with the most room.
  scaled[2]! += lengthMinutes - scaled.reduce((a, b) => a + b, 0);
  return [scaled[0]!, scaled[1]!, Math.max(1, scaled[2]!), scaled[3]!];
}

/** Kinds of scope item the candidate writes down. */
export const SCOPE_KINDS = ['assumption', 'functional', 'non-functional', 'question'] as const;
export type ScopeKind = (typeof SCOPE_KINDS)[number];

/** Labels for scope kinds. */
export const SCOPE_KIND_LABELS: Record<ScopeKind, string> = {
  assumption: 'Assumption',
  functional: 'Functional requirement',
  'non-functional': 'Non-functional requirement',
  question: 'Clarifying question',
};

/** How many deep-dive components the framework suggests at most. */
export const MAX_SUGGESTED_FOCUS = 3;

/** The wrap-up checklist. */
export const WRAPUP_ITEMS = [
  { key: 'recap', label: 'Recap the design', hint: 'The main components and the decisions behind them.' },
  {
    key: 'bottlenecks',
    label: 'Bottlenecks and improvements',
    hint: 'Where it breaks first, and what you would change.',
  },
  { key: 'errors', label: 'Error cases', hint: 'Server failure, network loss, bad input, partial outages.' },
  { key: 'operations', label: 'Operations', hint: 'Metrics, logs, alerts, deploys and rollbacks.' },
  { key: 'scale', label: 'The next 10x', hint: 'What changes when traffic or data grows tenfold.' },
] as const;
export type WrapupKey = (typeof WRAPUP_ITEMS)[number]['key'];

/** The interviewer's scoring rubric (private notes). */
export const RUBRIC = [
  {
    key: 'navigation',
    label: 'Problem navigation',
    hint: 'Asked the right questions; scoped the problem; managed time.',
  },
  { key: 'design', label: 'Solution design', hint: 'A sound, coherent design that meets the requirements.' },
  {
    key: 'depth',
    label: 'Technical depth',
    hint: 'Went deep where it mattered; reasoned about trade-offs and failures.',
  },
  {
    key: 'communication',
    label: 'Communication',
    hint: 'Explained ideas clearly; listened; used hints well.',
  },
] as const;
export type RubricKey = (typeof RUBRIC)[number]['key'];

/** Score scale for the rubric and the overall score. */
export const SCORE_LABELS: Readonly<Record<1 | 2 | 3 | 4, string>> = {
  1: 'Strong no',
  2: 'Lean no',
  3: 'Lean yes',
  4: 'Strong yes',
};
