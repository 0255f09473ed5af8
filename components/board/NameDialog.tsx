'use client';
import { useId, useState } from 'react';
import { cleanDisplayName } from './identity';
import { MAX_DISPLAY_NAME_CHARS } from '../../lib/limits';

/** Asks for a display name once; Enter submits. */
export function NameDialog({
  initial = '',
  onSubmit,
  onCancel,
}: {
  initial?: string;
  onSubmit: (name: string) => void;
  onCancel?: () => void;
}) {
  const [value, setValue] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const titleId = useId();
  const errorId = useId();
  return (
    <div className="dialog-backdrop">
      <div
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        className="dialog"
        data-testid="name-dialog"
      >
        <h2 id={titleId}>What should others call you?</h2>
        <p className="muted">Your name is shown next to your cursor. It is remembered in this browser.</p>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            const name = cleanDisplayName(value);
            if (!name) return setError('Please enter a name.');
            onSubmit(name);
          }}
        >
          <input
            aria-label="Display name"
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? errorId : undefined}
            autoFocus
            maxLength={MAX_DISPLAY_NAME_CHARS}
            value={value}
            onChange={(e) => {
              setValue(e.target.value);
              setError(null);
            }}
            placeholder="e.g. Ada Lovelace"
          />
          {error && (
            <p id={errorId} role="alert" className="error">
              {error}
            </p>
          )}
          <div className="dialog-actions">
            {onCancel && (
              <button type="button" className="button secondary" onClick={onCancel}>
                Cancel
              </button>
            )}
            <button type="submit" className="button primary">
              Join board
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
