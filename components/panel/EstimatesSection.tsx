'use client';
import { useId, useState } from 'react';
import {
  DEFAULT_INPUTS,
  estimate,
  parseBytes,
  parseCount,
  type EstimateErrors,
  type EstimateInputs,
  type EstimateResults,
} from '../../lib/backOfEnvelope';
import { addEstimate, deleteEstimate, readEstimates, setEstimatePinned } from '../../lib/board/estimates';
import { usePanelEnv, usePanelValue } from './PanelContext';
import { estimateNoteText, resultRows } from '../../lib/estimateText';
import { ToCanvasButton } from './ToCanvasButton';

type Field = keyof EstimateInputs;
const FIELDS: Array<{ key: Field; label: string; hint?: string; parse: (s: string) => number | null }> = [
  { key: 'dau', label: 'Daily active users', hint: 'e.g. 150M', parse: parseCount },
  { key: 'mau', label: 'Monthly active users', hint: 'instead of DAU', parse: parseCount },
  { key: 'dailyActivePercent', label: 'Daily active share of MAU (%)', hint: 'e.g. 50', parse: Number },
  { key: 'writesPerUserPerDay', label: 'Writes per user per day', parse: parseCount },
  { key: 'readsPerWrite', label: 'Reads per write', parse: parseCount },
  { key: 'objectBytes', label: 'Object size', hint: 'e.g. 1 MB', parse: parseBytes },
  { key: 'storedPercent', label: 'Writes that store it (%)', parse: Number },
  { key: 'retentionYears', label: 'Retention (years)', parse: Number },
  { key: 'replication', label: 'Replication factor (total storage)', parse: Number },
  { key: 'peakFactor', label: 'Peak factor', parse: Number },
];

function toText(inputs: EstimateInputs): Record<Field, string> {
  return Object.fromEntries(
    FIELDS.map((f) => [f.key, inputs[f.key] === null ? '' : String(inputs[f.key])]),
  ) as Record<Field, string>;
}

/** Parses the form: empty → null, unreadable → NaN (reported as "must be a number"). */
function parseForm(text: Record<Field, string>): EstimateInputs {
  const out = { ...DEFAULT_INPUTS };
  for (const f of FIELDS) {
    const raw = text[f.key].trim();
    out[f.key] = raw === '' ? null : (f.parse(raw) ?? Number.NaN);
  }
  return out;
}

function ResultsTable({
  results,
  inputs,
  testId,
}: {
  results: EstimateResults;
  inputs: EstimateInputs;
  testId?: string;
}) {
  return (
    <table className="results" data-testid={testId}>
      <tbody>
        {resultRows(results, inputs).map(([k, v]) => (
          <tr key={k}>
            <th scope="row">{k}</th>
            <td>{v}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The back-of-the-envelope calculator and the shared, saved estimates. */
export function EstimatesSection() {
  const { doc, actor, now, review } = usePanelEnv();
  const saved = usePanelValue(readEstimates);
  // The daily share only applies to monthly users: it starts empty, not at a figure nobody gave.
  const [text, setText] = useState(() => ({ ...toText(DEFAULT_INPUTS), dailyActivePercent: '' }));
  const [label, setLabel] = useState('');
  const [showErrors, setShowErrors] = useState(false);
  const formId = useId();
  const inputs = parseForm(text);
  const outcome = estimate(inputs);
  const errors: EstimateErrors = outcome.ok ? {} : outcome.errors;

  return (
    <div className="estimates">
      {review && saved.length === 0 && <p className="muted">No estimates were saved.</p>}
      {!review && (
        <form
          aria-label="Estimate calculator"
          onSubmit={(e) => {
            e.preventDefault();
            setShowErrors(true);
            if (!outcome.ok) return;
            addEstimate(doc, {
              label: label || `Estimate ${saved.length + 1}`,
              inputs,
              by: actor,
              at: now(),
            });
            setShowErrors(false);
            setLabel('');
          }}
        >
          <div className="grid-fields">
            {FIELDS.map((f) => {
              const error = showErrors || text[f.key] !== '' ? errors[f.key] : undefined;
              const id = `${formId}-${f.key}`;
              return (
                <label key={f.key} className="field">
                  <span>{f.label}</span>
                  <input
                    inputMode="decimal"
                    value={text[f.key]}
                    placeholder={f.hint}
                    disabled={f.key === 'dailyActivePercent' && text.mau.trim() === ''}
                    aria-invalid={error ? true : undefined}
                    aria-describedby={error ? `${id}-error` : undefined}
                    onChange={(e) => setText({ ...text, [f.key]: e.target.value })}
                    data-testid={`panel.estimate-${f.key}`}
                  />
                  {error && (
                    <span id={`${id}-error`} className="error">
                      {error}
                    </span>
                  )}
                </label>
              );
            })}
          </div>
          {outcome.ok && (
            <ResultsTable results={outcome.results} inputs={inputs} testId="panel.estimate-preview" />
          )}
          <div className="field-inline">
            <input
              aria-label="Estimate name"
              placeholder="Name (optional)"
              value={label}
              onChange={(e) => setLabel(e.target.value)}
            />
            <button type="submit" className="button primary">
              Save estimate
            </button>
          </div>
        </form>
      )}
      {saved.length > 0 && (
        <ul className="saved-estimates" data-testid="panel.estimates">
          {saved.map((e) => (
            <li key={e.id} data-testid="panel.estimate">
              <div className="estimate-head">
                <strong>{e.label}</strong> <span className="muted">by {e.authorName}</span>
              </div>
              {e.results ? (
                <ResultsTable results={e.results} inputs={e.inputs} />
              ) : (
                <p className="error">Invalid inputs.</p>
              )}
              <div className="row-actions">
                <button
                  type="button"
                  className="icon-button"
                  aria-pressed={e.pinned}
                  onClick={() => setEstimatePinned(doc, e.id, !e.pinned)}
                >
                  {e.pinned ? 'Unpin' : 'Pin'}
                </button>
                <ToCanvasButton
                  note={() => (e.results ? estimateNoteText(e.label, e.results, e.inputs) : null)}
                />
                <button
                  type="button"
                  className="icon-button danger"
                  aria-label={`Delete estimate ${e.label}`}
                  onClick={() => deleteEstimate(doc, e.id)}
                >
                  ✕
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
