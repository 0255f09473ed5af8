'use client';
import { readScope, setScopePinned } from '../../lib/board/scope';
import { readEstimates, setEstimatePinned } from '../../lib/board/estimates';
import { SCOPE_KIND_LABELS } from '../../lib/framework';
import { Editable, usePanelEnv, usePanelValue } from './PanelContext';
import { ToCanvasButton } from './ToCanvasButton';
import { scopeNoteText } from './ScopeSection';
import { estimateNoteText, resultRows } from '../../lib/estimateText';

/** Pinned scope items and estimates: visible at the top of the panel in every step. */
export function PinnedSection() {
  const { doc } = usePanelEnv();
  const scope = usePanelValue(readScope).filter((i) => i.pinned);
  const estimates = usePanelValue(readEstimates).filter((e) => e.pinned && e.results);
  if (scope.length === 0 && estimates.length === 0) return null;
  return (
    <section className="panel-section pinned" aria-label="Pinned">
      <h2>Pinned</h2>
      <Editable>
        <ul data-testid="panel.pinned">
          {scope.map((item) => (
            <li key={item.id}>
              <span className="scope-kind">{SCOPE_KIND_LABELS[item.kind]}</span> {item.text}
              {item.kind === 'question' && item.answer ? (
                <span className="muted"> → {item.answer}</span>
              ) : null}
              <span className="row-actions">
                <ToCanvasButton note={() => scopeNoteText(item)} />
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Unpin ${item.text}`}
                  onClick={() => setScopePinned(doc, item.id, false)}
                >
                  Unpin
                </button>
              </span>
            </li>
          ))}
          {estimates.map((e) => (
            <li key={e.id}>
              <span className="scope-kind">Estimate</span> {e.label}:{' '}
              {resultRows(e.results!, e.inputs)
                .slice(1, 4)
                .map(([k, v]) => `${k} ${v}`)
                .join('; ')}
              <span className="row-actions">
                <ToCanvasButton note={() => estimateNoteText(e.label, e.results!, e.inputs)} />
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Unpin ${e.label}`}
                  onClick={() => setEstimatePinned(doc, e.id, false)}
                >
                  Unpin
                </button>
              </span>
            </li>
          ))}
        </ul>
      </Editable>
    </section>
  );
}
