'use client';
import { readWrapup, setWrapupDone, setWrapupNote } from '../../lib/board/wrapup';
import { usePanelEnv, usePanelValue } from './PanelContext';
import { InlineText } from './InlineText';

/** The wrap-up checklist with a short shared note per item. */
export function WrapupSection() {
  const { doc } = usePanelEnv();
  const items = usePanelValue(readWrapup);
  return (
    <ul className="wrapup" data-testid="panel.wrapup">
      {items.map((item) => (
        <li key={item.key}>
          <label className="check">
            <input
              type="checkbox"
              checked={item.done}
              onChange={(e) => setWrapupDone(doc, item.key, e.target.checked)}
            />
            <span>{item.label}</span>
          </label>
          <div className="muted hint">{item.hint}</div>
          <InlineText
            value={item.note}
            label={`Note on ${item.label.toLowerCase()}`}
            placeholder="Add a note"
            multiline
            onSave={(note) => setWrapupNote(doc, item.key, note)}
          />
        </li>
      ))}
    </ul>
  );
}
