'use client';
import { useState } from 'react';
import { useValue, type TLShapeId } from 'tldraw';
import { MAX_SUGGESTED_FOCUS } from '../../lib/framework';
import { addFocus, deleteFocus, moveFocus, readFocus } from '../../lib/board/focus';
import { Editable, usePanelEnv, usePanelValue } from './PanelContext';
import { zoomToShapes } from './canvas';

const NO_SELECTION: TLShapeId[] = [];

/** Deep-dive focus: mark selected shapes as a component, list them, zoom to one. */
export function FocusSection() {
  const { doc, actor, now, editor, readOnly, review } = usePanelEnv();
  const focus = usePanelValue(readFocus);
  const selected = useValue('selected shapes', () => editor?.getSelectedShapeIds() ?? NO_SELECTION, [editor]);
  const [label, setLabel] = useState('');
  const [missing, setMissing] = useState<string | null>(null);

  return (
    <div className="focus">
      {review && focus.length === 0 && <p className="muted">No focus components were marked.</p>}
      {!review && (
        <>
          <p className="muted">
            Select shapes on the canvas, name the component, and mark it. One to three is plenty.
          </p>
          <Editable>
            <form
              className="field-inline"
              onSubmit={(e) => {
                e.preventDefault();
                if (addFocus(doc, { label, shapeIds: [...selected], by: actor, at: now() })) setLabel('');
              }}
            >
              <input
                aria-label="Focus component name"
                placeholder="e.g. Feed cache"
                value={label}
                onChange={(e) => setLabel(e.target.value)}
              />
              <button
                type="submit"
                className="button primary"
                disabled={selected.length === 0 || !label.trim()}
              >
                Mark selection ({selected.length})
              </button>
            </form>
          </Editable>
        </>
      )}
      {focus.length > MAX_SUGGESTED_FOCUS && (
        <p className="warning" role="status">
          {focus.length} components marked. The deep dive works best on one to three; consider dropping some.
        </p>
      )}
      {focus.length > 0 && (
        <ol className="focus-list" data-testid="panel.focus-list">
          {focus.map((f, i) => (
            <li key={f.id}>
              <button
                type="button"
                className="link-button"
                disabled={!editor}
                onClick={() => {
                  if (editor) setMissing(zoomToShapes(editor, f.shapeIds) ? null : f.id);
                }}
              >
                {f.label}
              </button>{' '}
              <span className="muted">
                {f.shapeIds.length} shape{f.shapeIds.length === 1 ? '' : 's'}
                {missing === f.id ? ' (no longer on the canvas)' : ''}
              </span>
              <span className="row-actions">
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Move ${f.label} up`}
                  disabled={readOnly || i === 0}
                  onClick={() => moveFocus(doc, f.id, -1)}
                >
                  ↑
                </button>
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Move ${f.label} down`}
                  disabled={readOnly || i === focus.length - 1}
                  onClick={() => moveFocus(doc, f.id, 1)}
                >
                  ↓
                </button>
                <button
                  type="button"
                  className="icon-button danger"
                  aria-label={`Remove ${f.label}`}
                  disabled={readOnly}
                  onClick={() => deleteFocus(doc, f.id)}
                >
                  ✕
                </button>
              </span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
