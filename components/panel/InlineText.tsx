'use client';
import { useId, useState } from 'react';
import { usePanelEditor } from './PanelContext';
import { returnToCanvas } from './canvas';

/**
 * Text that becomes a field when clicked: Enter or leaving the field saves, Escape cancels.
 * Shared text is written once per edit, not per keystroke.
 */
export function InlineText({
  value,
  label,
  onSave,
  multiline = false,
  placeholder,
  testId,
}: {
  value: string;
  /** Accessible name of the field (and of the button that opens it). */
  label: string;
  onSave: (value: string) => void;
  multiline?: boolean;
  placeholder?: string;
  testId?: string;
}) {
  const [draft, setDraft] = useState<string | null>(null);
  const editor = usePanelEditor();
  const hintId = useId();
  if (draft === null) {
    return (
      <button
        type="button"
        className="inline-text"
        aria-label={`${label}: ${value || placeholder || 'empty'}`}
        onClick={() => setDraft(value)}
        data-testid={testId}
      >
        {value || <span className="muted">{placeholder}</span>}
      </button>
    );
  }
  const save = () => {
    if (draft !== value) onSave(draft);
    setDraft(null);
  };
  const props = {
    'aria-label': label,
    autoFocus: true,
    value: draft,
    placeholder,
    className: 'inline-field',
    onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => setDraft(e.target.value),
    onBlur: save,
    onKeyDown: (e: React.KeyboardEvent) => {
      if (e.key === 'Escape') setDraft(null);
      if (e.key === 'Enter' && !(multiline && e.shiftKey)) {
        e.preventDefault();
        save();
        returnToCanvas(editor); // the next shortcut draws again
      }
    },
  };
  if (!multiline) return <input {...props} />;
  return (
    <>
      <textarea rows={2} aria-describedby={hintId} {...props} />
      <span id={hintId} className="muted field-hint">
        Enter saves · Shift+Enter adds a line
      </span>
    </>
  );
}
