/**
 * The Markdown summary of a board: problem, steps with times, scope, estimates, focus,
 * wrap-up and (for interviewers) the private notes. Pure: the server renders it from the
 * board document, the board's metadata and, when allowed, the notes.
 */
import type { BoardDoc } from './board/schema';
import type { BoardMeta } from './api';
import { RUBRIC, SCOPE_KINDS, SCOPE_KIND_LABELS, SCORE_LABELS, STEPS } from './framework';
import { readFrameworkEvents, readPlan } from './board/framework';
import { computeTimeline, formatDuration } from './board/timeline';
import { readScope } from './board/scope';
import { readEstimates } from './board/estimates';
import { readFocus } from './board/focus';
import { readWrapup } from './board/wrapup';
import { readComponents, readConnections } from './board/components';
import { COMPONENT_KIND_LABELS } from './canvas/componentKinds';
import type { InterviewerNotes, Score } from './board/notes';
import { resultRows } from './estimateText';

/** Text from people, made safe inside Markdown (no tables broken, no headings injected). */
function md(text: string): string {
  return text
    .replace(/\r\n?|\n/g, ' ') // a lone \r would start a new line too
    .replace(/([\\`*_[\]<>|#])/g, '\\$1')
    .trim();
}

function utc(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/:\d\d\.\d+Z$/, ' UTC');
}

function score(s: Score): string {
  return s === null ? '—' : `${s} (${SCORE_LABELS[s]})`;
}

/** Renders the summary. `now` is the end of the clock for a live board (server time). */
export function renderSummary(
  board: BoardMeta,
  doc: BoardDoc,
  opts: { now: number; notes: InterviewerNotes | null },
): string {
  const out: string[] = [];
  const plan = readPlan(doc);
  const timeline = computeTimeline(readFrameworkEvents(doc), board.endedAt ?? opts.now);

  out.push(`# ${md(board.title)}`, '');
  out.push(
    `- Status: ${board.status === 'ended' ? `ended ${board.endedAt ? utc(board.endedAt) : ''}`.trim() : 'live'}`,
  );
  out.push(`- Created: ${utc(board.createdAt)}`);
  out.push(`- Candidate: ${board.candidateName ? md(board.candidateName) : 'not recorded'}`);
  if (board.questionTitle) out.push(`- Question: ${md(board.questionTitle)}`);
  out.push(
    `- Planned length: ${plan.lengthMinutes} min; clock time used: ${formatDuration(timeline.totalMs)}`,
    '',
  );
  if (board.prompt.trim()) out.push('## Problem', '', md(board.prompt), '');

  out.push('## Steps', '', '| Step | Time spent | Budget |', '| --- | --- | --- |');
  for (const s of STEPS) {
    out.push(
      `| ${s.index + 1}. ${s.title} | ${formatDuration(timeline.perStepMs[s.index] ?? 0)} | ${plan.budgetsMinutes[s.index]} min |`,
    );
  }
  out.push('');
  if (timeline.stepHistory.length > 0) {
    out.push('Step changes:', '');
    for (const e of timeline.stepHistory)
      out.push(`- ${utc(e.at)}: ${md(e.by.name)} moved to step ${e.step + 1}`);
    out.push('');
  }

  const scope = readScope(doc);
  out.push('## Scope and requirements', '');
  if (scope.length === 0) out.push('None recorded.', '');
  for (const kind of SCOPE_KINDS) {
    const items = scope.filter((i) => i.kind === kind);
    if (items.length === 0) continue;
    out.push(`### ${SCOPE_KIND_LABELS[kind]}s`, '');
    for (const i of items) {
      const answer = kind === 'question' ? ` → ${i.answer ? md(i.answer) : '(no answer)'}` : '';
      out.push(
        `- ${md(i.text)}${answer} _(step ${i.step + 1}, ${md(i.authorName)}${i.pinned ? ', pinned' : ''})_`,
      );
    }
    out.push('');
  }

  const estimates = readEstimates(doc);
  if (estimates.length > 0) {
    out.push('## Estimates', '');
    for (const e of estimates) {
      out.push(`### ${md(e.label)}`, '');
      if (!e.results) {
        out.push('Invalid inputs.', '');
        continue;
      }
      out.push('| Figure | Value |', '| --- | --- |');
      for (const [k, v] of resultRows(e.results, e.inputs)) out.push(`| ${k} | ${v} |`);
      out.push('');
    }
  }

  const focus = readFocus(doc);
  renderComponents(out, doc, new Set(focus.flatMap((f) => f.shapeIds)));

  if (focus.length > 0) {
    out.push('## Deep-dive focus', '');
    focus.forEach((f, i) =>
      out.push(`${i + 1}. ${md(f.label)} (${f.shapeIds.length} shape${f.shapeIds.length === 1 ? '' : 's'})`),
    );
    out.push('');
  }

  out.push('## Wrap-up', '');
  for (const w of readWrapup(doc))
    out.push(`- [${w.done ? 'x' : ' '}] ${w.label}${w.note ? `: ${md(w.note)}` : ''}`);
  out.push('');

  if (opts.notes) {
    const n = opts.notes;
    out.push('## Interviewer notes (private)', '');
    STEPS.forEach((s) => {
      if (n.steps[s.index]) out.push(`### ${s.index + 1}. ${s.title}`, '', md(n.steps[s.index]!), '');
    });
    if (n.overall) out.push('### Overall', '', md(n.overall), '');
    out.push('| Criterion | Score |', '| --- | --- |');
    for (const r of RUBRIC) out.push(`| ${r.label} | ${score(n.scores[r.key])} |`);
    out.push(`| Overall | ${score(n.overallScore)} |`, '');
  }
  return out.join('\n');
}

/** The components on the canvas with their properties and attached figures, and how they connect. */
function renderComponents(out: string[], doc: BoardDoc, focused: ReadonlySet<string>): void {
  const components = readComponents(doc);
  if (components.length === 0) return;
  const cell = (text: string) => (text.trim() ? md(text) : '—');
  out.push('## Components', '');
  out.push(
    '| Component | Kind | Replicas | Technology | Capacity | Estimate |',
    '| --- | --- | --- | --- | --- | --- |',
  );
  for (const c of components) {
    const name = `${cell(c.label)}${focused.has(c.id) ? ' (deep-dive focus)' : ''}`;
    out.push(
      `| ${name} | ${COMPONENT_KIND_LABELS[c.kind]} | ${c.replicas} | ${cell(c.tech)} | ${cell(c.capacity)} | ${cell(c.estimate)} |`,
    );
  }
  out.push('');
  const byId = new Map(components.map((c) => [c.id, c]));
  const links = readConnections(doc).filter(([a, b]) => byId.has(a) && byId.has(b));
  if (links.length > 0) {
    out.push('Connections:', '');
    for (const [a, b] of links) out.push(`- ${cell(byId.get(a)!.label)} → ${cell(byId.get(b)!.label)}`);
    out.push('');
  }
}
