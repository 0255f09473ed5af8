'use client';
/**
 * Adds or edits a workspace question. Lists are one item per line; reference estimates are
 * rows. A starter template comes with the question (from a questions file or a duplicated
 * built-in) and can be kept or dropped here.
 */
import { useState } from 'react';
import {
  QuestionContent,
  RUBRIC_STEPS,
  type Question,
  type QuestionRubric,
  type ReferenceEstimate,
} from '../../lib/questions/schema';
import { describeIssues } from '../../lib/zodErrors';
import { MAX_PROMPT_CHARS, MAX_TITLE_CHARS } from '../../lib/limits';

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

const EMPTY_ESTIMATE: ReferenceEstimate = { label: '', value: '', working: '' };

/** The editor. `initial` null: a new question. */
export function QuestionEditor({
  initial,
  onSave,
  onCancel,
}: {
  initial: Question | null;
  onSave: (content: QuestionContent) => Promise<void>;
  onCancel: () => void;
}) {
  const [title, setTitle] = useState(initial?.title ?? '');
  const [prompt, setPrompt] = useState(initial?.prompt ?? '');
  const [hints, setHints] = useState(initial?.scopeHints.join('\n') ?? '');
  const [estimates, setEstimates] = useState<ReferenceEstimate[]>(initial?.referenceEstimates ?? []);
  const [deepDives, setDeepDives] = useState(initial?.deepDives.join('\n') ?? '');
  const [rubric, setRubric] = useState<Record<keyof QuestionRubric, string>>({
    scope: initial?.rubric.scope.join('\n') ?? '',
    design: initial?.rubric.design.join('\n') ?? '',
    deepDive: initial?.rubric.deepDive.join('\n') ?? '',
    wrapUp: initial?.rubric.wrapUp.join('\n') ?? '',
  });
  const [keepTemplate, setKeepTemplate] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const template = initial?.template ?? null;

  const setEstimate = (i: number, patch: Partial<ReferenceEstimate>) =>
    setEstimates(estimates.map((e, j) => (j === i ? { ...e, ...patch } : e)));

  return (
    <form
      className="card question-editor"
      aria-label={initial ? 'Edit question' : 'New question'}
      data-testid="library.editor"
      onSubmit={async (e) => {
        e.preventDefault();
        const parsed = QuestionContent.safeParse({
          title,
          prompt,
          scopeHints: lines(hints),
          referenceEstimates: estimates.filter((x) => x.label.trim() || x.value.trim() || x.working.trim()),
          deepDives: lines(deepDives),
          rubric: Object.fromEntries(RUBRIC_STEPS.map((s) => [s.key, lines(rubric[s.key])])),
          template: keepTemplate ? template : null,
        });
        if (!parsed.success) return setError(describeIssues(parsed.error));
        setBusy(true);
        setError(null);
        try {
          await onSave(parsed.data);
        } catch (err) {
          setError(err instanceof Error ? err.message : String(err));
        } finally {
          setBusy(false);
        }
      }}
    >
      <h2>{initial ? `Edit: ${initial.title}` : 'New question'}</h2>
      <label>
        Title
        <input
          required
          maxLength={MAX_TITLE_CHARS}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
        />
      </label>
      <label>
        Prompt <span className="muted">(what the candidate is asked)</span>
        <textarea
          rows={3}
          maxLength={MAX_PROMPT_CHARS}
          value={prompt}
          onChange={(e) => setPrompt(e.target.value)}
        />
      </label>
      <label>
        Scope hints <span className="muted">(one per line; what a good candidate clarifies)</span>
        <textarea rows={4} value={hints} onChange={(e) => setHints(e.target.value)} />
      </label>
      <fieldset className="question-editor__estimates">
        <legend>Reference estimates</legend>
        {estimates.map((est, i) => (
          <div key={i} className="question-editor__estimate">
            <input
              aria-label={`Figure ${i + 1}`}
              placeholder="Figure, e.g. Peak QPS"
              value={est.label}
              onChange={(e) => setEstimate(i, { label: e.target.value })}
            />
            <input
              aria-label={`Value ${i + 1}`}
              placeholder="Value, e.g. ~70K/s"
              value={est.value}
              onChange={(e) => setEstimate(i, { value: e.target.value })}
            />
            <input
              aria-label={`Working ${i + 1}`}
              placeholder="Working, e.g. 300M DAU × 10 / 86,400 s"
              value={est.working}
              onChange={(e) => setEstimate(i, { working: e.target.value })}
            />
            <button
              type="button"
              className="icon-button danger"
              aria-label={`Remove figure ${i + 1}`}
              onClick={() => setEstimates(estimates.filter((_, j) => j !== i))}
            >
              ✕
            </button>
          </div>
        ))}
        <button
          type="button"
          className="button secondary"
          onClick={() => setEstimates([...estimates, EMPTY_ESTIMATE])}
        >
          Add a figure
        </button>
      </fieldset>
      <label>
        Deep-dive candidates <span className="muted">(one per line)</span>
        <textarea rows={3} value={deepDives} onChange={(e) => setDeepDives(e.target.value)} />
      </label>
      {RUBRIC_STEPS.map((s, i) => (
        <label key={s.key}>
          Rubric, step {i + 1} ({s.title}) <span className="muted">(one signal per line)</span>
          <textarea
            rows={2}
            value={rubric[s.key]}
            onChange={(e) => setRubric({ ...rubric, [s.key]: e.target.value })}
          />
        </label>
      ))}
      {template && (
        <label className="check">
          <input type="checkbox" checked={keepTemplate} onChange={(e) => setKeepTemplate(e.target.checked)} />
          Keep the starter template &ldquo;{template.name}&rdquo; ({template.components.length} components)
        </label>
      )}
      {error && (
        <p role="alert" className="error" data-testid="library.editor-error">
          {error}
        </p>
      )}
      <div className="field-inline">
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save question'}
        </button>
        <button type="button" className="button secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
