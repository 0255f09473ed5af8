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

/**
 * One line of text from people, made safe inside Markdown: what would format (emphasis, code,
 * links, HTML) is escaped, and so is what would start a block at the line's start (a heading, a
 * quote, a list, a rule). Nothing else: `->` stays `->`.
 */
function mdLine(line: string, table = false): string {
  let s = line
    .replace(/([\\`*[\]<])/g, '\\$1')
    // "_" emphasises only at a word's edge (snake_case stays as it is)
    .replace(/_/g, (u, i: number, all: string) =>
      /[\p{L}\p{N}]/u.test(all[i - 1] ?? '') && /[\p{L}\p{N}]/u.test(all[i + 1] ?? '') ? u : '\\_',
    );
  if (table) s = s.replace(/\|/g, '\\|');
  return s
    .replace(/^(\s*)([-=+]{3,}\s*)$/, '$1\\$2')
    .replace(/^(\s*)(#{1,6}|>|[-+]|\d+[.)])(?=\s|$)/, '$1\\$2');
}

function lines(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n') // a lone \r would start a new line too
    .trim()
    .split('\n')
    .map((l) => l.trimEnd());
}

/** Text from people on one line (headings, list items without room for more). */
function md(text: string): string {
  return lines(text)
    .map((l) => mdLine(l.trim()))
    .join(' ');
}

/** A table cell: one line, and "|" cannot end the cell. */
function cellText(text: string): string {
  return lines(text)
    .map((l) => mdLine(l.trim(), true))
    .join(' ')
    .trim();
}

/**
 * Text from people that may span lines (notes, answers): every line kept, with a hard line
 * break (a backslash at the end of the line), continuation lines indented by `indent`.
 */
function mdBlock(text: string, indent = ''): string {
  return lines(text)
    .map((l) => mdLine(l))
    .join(`\\\n${indent}`);
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
  if (board.prompt.trim()) out.push('## Problem', '', mdBlock(board.prompt), '');

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
      const answer = kind === 'question' ? ` → ${i.answer ? mdBlock(i.answer, '  ') : '(no answer)'}` : '';
      out.push(
        `- ${mdBlock(i.text, '  ')}${answer} _(step ${i.step + 1}, ${md(i.authorName)}${i.pinned ? ', pinned' : ''})_`,
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
    out.push(`- [${w.done ? 'x' : ' '}] ${w.label}${w.note ? `: ${mdBlock(w.note, '  ')}` : ''}`);
  out.push('');

  if (opts.notes) {
    const n = opts.notes;
    out.push('## Interviewer notes (private)', '');
    STEPS.forEach((s) => {
      if (n.steps[s.index]) out.push(`### ${s.index + 1}. ${s.title}`, '', mdBlock(n.steps[s.index]!), '');
    });
    if (n.overall) out.push('### Overall', '', mdBlock(n.overall), '');
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
  const cell = (text: string) => (text.trim() ? cellText(text) : '—');
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
